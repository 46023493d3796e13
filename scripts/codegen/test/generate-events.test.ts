// The webhook type generator on small hand-written documents: merging, envelopes, references, errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventDocument, eventDocuments, generateEvents, loadDocuments } from '../webhooks/generate-events.ts';

const EVENT_DOCUMENTS: EventDocument[] = eventDocuments();

describe('generate-events.ts', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const envelope = (name: string, object: Record<string, unknown>) => ({
    post: {
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                event: { type: 'string', enum: [name] },
                event_ts: { type: 'integer' },
                payload: { type: 'object', properties: { account_id: { type: 'string' }, object } },
              },
            },
          },
        },
      },
    },
  });

  function writeDocs(webhooksByFile: Record<string, Record<string, unknown>>): string {
    dir = mkdtempSync(path.join(tmpdir(), 'zoom-webhooks-gen-'));
    for (const { file } of EVENT_DOCUMENTS) {
      const doc = { openapi: '3.1.0', info: { title: file, version: '1' }, webhooks: webhooksByFile[file] ?? {} };
      writeFileSync(path.join(dir, file), JSON.stringify(doc));
    }
    return dir;
  }

  it('lists a name found in two documents once, typed as the union of both shapes', () => {
    const specs = writeDocs({
      'videosdk-events.json': {
        'shared.thing': envelope('shared.thing', {
          type: 'object',
          properties: { a: { type: 'string' } },
          required: ['a'],
        }),
      },
      'accounts-events.json': {
        'shared.thing': envelope('shared.thing', {
          type: 'object',
          properties: { b: { type: 'integer' } },
          required: ['b'],
        }),
      },
    });
    const { source, names, duplicates } = generateEvents(loadDocuments(specs));
    expect(names).toEqual(['shared.thing']);
    expect(duplicates).toEqual(['shared.thing']);
    const declaration = source.slice(
      source.indexOf('export type SharedThingEvent'),
      source.indexOf('export interface'),
    );
    expect(declaration).toMatch(/a: string;/);
    expect(declaration).toMatch(/b: number;/);
    expect(declaration).toMatch(/\} \| \{/);
    expect(source.match(/'shared\.thing',/g)).toHaveLength(3); // once per document list it is in, once overall
  });

  it('makes the envelope required and resolves Zoom’s stale #/paths references under webhooks', () => {
    const object = {
      type: 'object',
      properties: {
        current: { type: 'object', properties: { level: { type: 'string', enum: ['low', 'high'] } } },
        previous: {
          $ref: '#/paths/ref.event/post/requestBody/content/application~1json/schema/properties/payload/properties/object/properties/current',
        },
      },
    };
    const specs = writeDocs({ 'cobrowse-events.json': { 'ref.event': envelope('ref.event', object) } });
    const { source } = generateEvents(loadDocuments(specs));
    expect(source).toMatch(/event: 'ref\.event';/);
    expect(source).toMatch(/\n {2}event_ts: number;/);
    expect(source).toMatch(/\n {4}account_id: string;/);
    expect(source).toMatch(/\n {4}object: \{/);
    expect(source.match(/level\?: 'low' \| 'high';/g)).toHaveLength(2);
  });

  it('fails with the document and event named when a reference leads nowhere', () => {
    const object = { type: 'object', properties: { x: { $ref: '#/webhooks/nope' } } };
    const specs = writeDocs({ 'videosdk-events.json': { 'bad.ref': envelope('bad.ref', object) } });
    expect(() => generateEvents(loadDocuments(specs))).toThrow(
      /videosdk-events\.json webhook "bad\.ref".*#\/webhooks\/nope/,
    );
  });
});
