import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_DOCUMENTS, generateEvents, loadDocuments } from '../scripts/generate-events.mjs';
import {
  accountsWebhookEvents,
  cobrowseWebhookEvents,
  isZoomWebhookEventName,
  videoSdkWebhookEvents,
  zoomWebhookEvents,
} from '../src/index.js';

const specsDir = fileURLToPath(new URL('../../../specs/', import.meta.url));

function webhookNames(file: string): string[] {
  return Object.keys(JSON.parse(readFileSync(path.join(specsDir, file), 'utf8')).webhooks);
}

describe('generated event list', () => {
  it('has exactly 49 names, each once, equal to the webhooks of the three documents', () => {
    const documented = new Set(
      ['videosdk-events.json', 'cobrowse-events.json', 'accounts-events.json'].flatMap(webhookNames),
    );
    expect(documented.size).toBe(49);
    expect(zoomWebhookEvents).toHaveLength(49);
    expect(new Set(zoomWebhookEvents).size).toBe(49);
    expect(new Set(zoomWebhookEvents)).toEqual(documented);
  });

  it('lists each document’s events separately (35 Video SDK, 4 Cobrowse, 10 Accounts)', () => {
    expect([...videoSdkWebhookEvents].sort()).toEqual(webhookNames('videosdk-events.json').sort());
    expect([...cobrowseWebhookEvents].sort()).toEqual(webhookNames('cobrowse-events.json').sort());
    expect([...accountsWebhookEvents].sort()).toEqual(webhookNames('accounts-events.json').sort());
    expect([videoSdkWebhookEvents.length, cobrowseWebhookEvents.length, accountsWebhookEvents.length]).toEqual([
      35, 4, 10,
    ]);
  });

  it('recognises documented names only', () => {
    expect(zoomWebhookEvents.every(isZoomWebhookEventName)).toBe(true);
    expect(isZoomWebhookEventName('endpoint.url_validation')).toBe(false);
    expect(isZoomWebhookEventName('session.startd')).toBe(false);
    expect(isZoomWebhookEventName(undefined)).toBe(false);
  });
});

describe('generate-events.mjs', () => {
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
