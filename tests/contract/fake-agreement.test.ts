// @zoom-api/testing against the independent oracle, Stoplight Prism, for every operation of every REST
// document in the registry: the fake's default answer validates against Zoom's document, and each request
// generated from the document (helpers/request-variants.ts: valid ones, and one per rule broken) gets the
// same verdict from the fake as from Prism mocking the same document — accepted (2xx) or rejected (4xx).
// Both read Zoom's known overlapping `oneOf`s (scripts/specs/quirks.ts) as the fake does: a request may
// match any branch; the answer comes from the quirk's branch, which the test proves no strict reading can
// avoid (the answer matches another branch too).
import { createZoomAuth } from '@zoom-api/auth';
import { groupAlive, type PrismServer, startPrism } from '@zoom-api/cli/mock';
import { createFakeZoom, type FakeZoom } from '@zoom-api/testing';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFakePackage, listOperations, readManifest } from '../../scripts/specs/lib.ts';
import { fakeReadingOfQuirks, quirkTarget, SPEC_QUIRKS } from '../../scripts/specs/quirks.ts';
import { readDocument } from './helpers/contract.js';
import { type RawRequest, requestVariants } from './helpers/request-variants.js';
import type { OpenApiDocument } from './helpers/spec-arguments.js';
import { writeTemporaryDocument } from './helpers/spec-corrections.js';

type Json = Record<string, unknown>;

const manifest = readManifest();
const fakePackage = manifest.packages.find(isFakePackage);
if (!fakePackage) throw new Error('specs/manifest.json has no "fake" package');
const restDocuments = fakePackage.fake.filter((id) => (manifest.specs.find((s) => s.id === id)?.operations ?? 0) > 0);

// The validator Prism uses, set up as Prism sets it up for answers: every error, unknown keywords ignored.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false, logger: false });
// ajv-formats is CommonJS with a `default` export: which of the two an import sees depends on the loader.
type FormatsPlugin = (ajv: Ajv) => Ajv;
((addFormats as unknown as { default?: FormatsPlugin }).default ?? (addFormats as unknown as FormatsPlugin))(ajv);

let zoom: FakeZoom;
let bearer: string;

beforeAll(async () => {
  zoom = await createFakeZoom();
  bearer = `Bearer ${await createZoomAuth(zoom.credentials).getToken()}`;
});
afterAll(async () => {
  await zoom?.close();
});

interface Answer {
  status: number;
  body: string;
}

async function send(baseUrl: string, request: RawRequest): Promise<Answer> {
  const headers: Record<string, string> = { authorization: bearer };
  let body: BodyInit | undefined;
  if (request.body && 'form' in request.body) {
    const form = new FormData();
    for (const [name, value] of Object.entries(request.body.form)) form.append(name, value);
    body = form;
  } else if (request.body) {
    headers['content-type'] = request.body.contentType;
    body = request.body.text;
  }
  const response = await fetch(`${baseUrl}${request.target}`, { method: request.method, headers, body: body ?? null });
  return { status: response.status, body: await response.text() };
}

function verdict(answer: Answer): 'accepted' | 'rejected' | string {
  if (answer.status >= 200 && answer.status < 300) return 'accepted';
  if (answer.status >= 400 && answer.status < 500) return 'rejected';
  return `answered ${answer.status}: ${answer.body.slice(0, 200)}`;
}

function successSchema(operation: Json): Json | undefined {
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  const success = Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort()[0];
  const content = (success ? responses[success]?.content : undefined) as Record<string, Json> | undefined;
  return content?.['application/json']?.schema as Json | undefined;
}

function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(answer)'} ${e.message}`);
}

it('the fake answers every operation of the registry’s REST documents: 195 in all', () => {
  const counted = restDocuments.reduce((n, id) => n + listOperations(readDocument(id)).length, 0);
  expect(counted).toBe(manifest.specs.reduce((n, s) => n + s.operations, 0));
  expect(counted).toBe(195);
});

describe.each(restDocuments)('specs/%s.json: the fake and Prism', (id) => {
  const original = readDocument(id);
  const quirks = SPEC_QUIRKS[id] ?? [];
  const asTheFakeReadsIt = fakeReadingOfQuirks(structuredClone(original), quirks) as OpenApiDocument;
  const operations = listOperations(original).map(({ method, path: p }) => ({
    method,
    path: p,
    label: `${method} ${p}`,
  }));
  let prism: PrismServer;
  let temporary: ReturnType<typeof writeTemporaryDocument>;
  const tally = { requests: 0, accepted: 0, rejected: 0 };

  beforeAll(async () => {
    temporary = writeTemporaryDocument(id, asTheFakeReadsIt);
    prism = await startPrism({ spec: temporary.file });
  });
  afterAll(async () => {
    console.log(
      `specs/${id}.json: ${operations.length} operations, ${tally.requests} requests judged alike by the fake and Prism ` +
        `(${tally.accepted} accepted, ${tally.rejected} rejected by both)`,
    );
    await prism?.stop();
    if (prism) expect(groupAlive(prism.pid)).toBe(false);
    temporary?.remove();
  });

  it.each(operations)('$label: same verdicts, and a valid default answer', async (op) => {
    const requests = requestVariants(original, op);
    const disagreements: string[] = [];
    let firstAnswer: Answer | undefined;
    for (const request of requests) {
      const [fake, oracle] = await Promise.all([send(zoom.baseUrl, request), send(prism.baseUrl, request)]);
      firstAnswer ??= fake;
      tally.requests++;
      if (verdict(fake) === verdict(oracle)) tally[verdict(fake) === 'accepted' ? 'accepted' : 'rejected']++;
      else {
        disagreements.push(
          `${request.label}: the fake ${verdict(fake)} (${fake.body.slice(0, 160)}), Prism ${verdict(oracle)}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
    const answer = firstAnswer as Answer;
    expect(verdict(answer), 'the contract run’s request must be accepted').toBe('accepted');
    expect(requests.length).toBeGreaterThan(1);

    const operation = original.paths[op.path]?.[op.method.toLowerCase()] as Json;
    const schema = successSchema(operation);
    if (!schema) return;
    const value = JSON.parse(answer.body);
    const quirk = quirks.find((q) => q.operation === op.label && 'response' in q.at);
    if (!quirk) {
      expect(errorsOf(ajv.compile(schema), value), 'the default answer breaks the document').toEqual([]);
      return;
    }
    // A known overlapping oneOf: the answer is the quirk's branch, and it also matches another branch,
    // so the unchanged document (exactly one branch) could accept no answer of this shape.
    const branches = quirkTarget(structuredClone(original), quirk).oneOf as Json[];
    const matching = branches
      .map((branch, i) => (errorsOf(ajv.compile(branch), value).length === 0 ? i : -1))
      .filter((i) => i >= 0);
    expect(matching).toContain(quirk.branch);
    expect(matching.length).toBeGreaterThan(1);
    expect(errorsOf(ajv.compile(schema), value)).toContain('(answer) must match exactly one schema in oneOf');
  });
});

it('the generated requests break rules the fake and Prism both enforce (the check can fail)', async () => {
  const doc = readDocument('videosdk');
  const labels = requestVariants(doc, { method: 'GET', path: '/videosdk/sessions' }).map((r) => r.label);
  expect(labels).toEqual(
    expect.arrayContaining([
      'query to: required, left out',
      'query page_size: above its maximum',
      'query from: not a date',
    ]),
  );
  const answers = await Promise.all(
    requestVariants(doc, { method: 'GET', path: '/videosdk/sessions' }).map((r) => send(zoom.baseUrl, r)),
  );
  expect(answers.filter((a) => verdict(a) === 'rejected').length).toBeGreaterThanOrEqual(3);
});
