// Zoom's documents contain a few `oneOf`s whose branches overlap (objects that accept any property, or
// "integer or string" for an ID that travels as text), so a value that is right by the document's intent
// matches two branches and a JSON Schema validator must reject it ("must match exactly one schema in
// oneOf"). The packages' READMEs list them under "Known spec quirks"; tests/contract/spec-quirks.test.ts
// and tests/contract/fake-agreement.test.ts prove each one against the unchanged document. Read by:
// - the contract run (tests/contract/helpers/spec-corrections.ts), which gives Prism a copy of the document
//   with each of these `oneOf`s narrowed to `branch`, the one its request is built from;
// - @zoom-api/testing's model (scripts/codegen/testing/generate-fake.ts), which accepts a request that
//   matches any branch (as Zoom does) and answers with `branch` (no value can match exactly one).
import type { JsonObject, OpenApiDocument } from './lib.ts';

export interface SpecQuirk {
  /** `METHOD /path` as in the document. */
  operation: string;
  /** Where the overlapping `oneOf` is: the JSON request body's schema, a path parameter's schema, or the success answer's. */
  at: { requestBody: true } | { pathParameter: string } | { response: true };
  /** The branch requests are built from (contract run), or answers are drawn from (the fake). */
  branch: number;
  /** Why this branch. */
  why: string;
}

/** The same cases in the Accounts document and its master-account variant (whose metrics paths are nested). */
function accountsQuirks(metricsPrefix: string): SpecQuirk[] {
  return [
    {
      operation: 'PATCH /accounts/{accountId}/settings',
      at: { requestBody: true },
      branch: 2,
      why: "meeting security settings, matching the document's example for the `option` query parameter",
    },
    {
      operation: 'PATCH /accounts/{accountId}/lock_settings',
      at: { requestBody: true },
      branch: 0,
      why: 'the general locked settings',
    },
    {
      operation: `GET ${metricsPrefix}/metrics/meetings/{meetingId}/participants/satisfaction`,
      at: { pathParameter: 'meetingId' },
      branch: 0,
      why: 'a numeric meeting ID, the common form',
    },
    {
      operation: `GET ${metricsPrefix}/metrics/meetings/{meetingId}/participants/sharing`,
      at: { pathParameter: 'meetingId' },
      branch: 0,
      why: 'a numeric meeting ID, the common form',
    },
    {
      operation: 'GET /accounts/{accountId}/settings',
      at: { response: true },
      branch: 3,
      why: 'the Video SDK account settings: these packages are for Video SDK accounts',
    },
    {
      operation: 'GET /accounts/{accountId}/lock_settings',
      at: { response: true },
      branch: 0,
      why: 'the general locked settings',
    },
  ];
}

/** The quirks per manifest id; documents not listed have none. */
export const SPEC_QUIRKS: Readonly<Record<string, readonly SpecQuirk[]>> = {
  accounts: accountsQuirks(''),
  'accounts-ma': accountsQuirks('/accounts/{accountId}'),
};

/** The schema holding the overlapping `oneOf`, in `doc` (changed in place by the caller). */
export function quirkTarget(doc: OpenApiDocument, quirk: SpecQuirk): JsonObject {
  const [method, route] = quirk.operation.split(' ') as [string, string];
  const operation = doc.paths?.[route]?.[method.toLowerCase()];
  if (!operation) throw new Error(`Spec quirk ${quirk.operation}: no such operation any more`);
  let schema: JsonObject | undefined;
  if ('requestBody' in quirk.at) {
    schema = operation.requestBody?.content?.['application/json']?.schema;
  } else if ('response' in quirk.at) {
    const success = Object.keys(operation.responses ?? {})
      .filter((code) => /^2\d\d$/.test(code))
      .sort()[0];
    schema = success ? operation.responses[success]?.content?.['application/json']?.schema : undefined;
  } else {
    const name = quirk.at.pathParameter;
    schema = (operation.parameters ?? []).find((p: JsonObject) => p.in === 'path' && p.name === name)?.schema;
  }
  if (!Array.isArray(schema?.oneOf) || schema.oneOf.length <= quirk.branch) {
    throw new Error(
      `Spec quirk ${quirk.operation} no longer applies (no oneOf with branch ${quirk.branch}): ` +
        'Zoom changed the document; re-check it and remove the quirk and its README entry.',
    );
  }
  return schema;
}

/** `doc` (in place) with each quirk's `oneOf` narrowed to its branch: what the contract run gives Prism. */
export function narrowQuirks(doc: OpenApiDocument, quirks: readonly SpecQuirk[]): OpenApiDocument {
  for (const quirk of quirks) {
    const schema = quirkTarget(doc, quirk);
    const branch = (schema.oneOf as JsonObject[])[quirk.branch];
    delete schema.oneOf;
    Object.assign(schema, branch);
  }
  return doc;
}

/**
 * `doc` (in place) as the fake reads it: a request that matches any branch of a request-side quirk is
 * accepted (`anyOf`), and a response-side quirk is narrowed to the branch the fake answers with.
 */
export function fakeReadingOfQuirks(doc: OpenApiDocument, quirks: readonly SpecQuirk[]): OpenApiDocument {
  for (const quirk of quirks) {
    if ('response' in quirk.at) narrowQuirks(doc, [quirk]);
    else {
      const schema = quirkTarget(doc, quirk);
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
  }
  return doc;
}
