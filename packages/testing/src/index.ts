export type { Clock } from './clock.js';
export {
  type CallOf,
  createFakeZoom,
  type Failure,
  type FakeZoom,
  type FakeZoomOptions,
  type RecordedCall,
} from './fake-zoom.js';
export type { ErrorAnswer, ZoomErrorBody } from './http/zoom-errors.js';
export { createManualClock, type ManualClock } from './manual-clock.js';
export { ZOOM_DOCUMENTS } from './model/documents.js';
export type { ZoomDocumentInfo } from './model/types.js';
export type { OperationRef } from './operations/identify.js';
export type {
  AnswerOf,
  CheckedHandler,
  Handler,
  NotInTheAnswer,
  OnlyKnownFields,
  OperationFunction,
  ReplyOf,
  RequestOf,
} from './operations/types.js';
export {
  type DeliverOptions,
  type Delivery,
  type DeliveryAttempt,
  type EndpointValidation,
  RESPONSE_TIMEOUT_MS,
  ZOOM_RETRY_SCHEDULE_MS,
  zoomSignature,
} from './webhooks/deliver.js';
export type { DeepPartial } from './webhooks/events.js';
