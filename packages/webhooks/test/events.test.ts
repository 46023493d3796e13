// The generated event lists against the documents the registry (specs/manifest.json) builds this package
// from; the generator's own tests are in scripts/codegen/test/generate-events.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  accountsWebhookEvents,
  cobrowseWebhookEvents,
  isZoomWebhookEventName,
  videoSdkWebhookEvents,
  zoomWebhookEvents,
} from '../src/index.js';

const specsDir = fileURLToPath(new URL('../../../specs/', import.meta.url));

interface Manifest {
  specs: { id: string; file: string }[];
  packages: { name: string; events?: { spec: string; list: string }[] }[];
}
const manifest = JSON.parse(readFileSync(path.join(specsDir, 'manifest.json'), 'utf8')) as Manifest;
const sources = (manifest.packages.find((p) => p.name === '@zoom-api/webhooks')?.events ?? []).map((e) => ({
  ...e,
  file: manifest.specs.find((s) => s.id === e.spec)?.file as string,
}));

function webhookNames(file: string): string[] {
  return Object.keys(JSON.parse(readFileSync(path.join(specsDir, file), 'utf8')).webhooks);
}

describe('generated event list', () => {
  it('has exactly 49 names, each once, equal to the webhooks of the three documents', () => {
    expect(sources.map((s) => s.file)).toEqual([
      'videosdk-events.json',
      'cobrowse-events.json',
      'accounts-events.json',
    ]);
    const documented = new Set(sources.map((s) => s.file).flatMap(webhookNames));
    expect(documented.size).toBe(49);
    expect(zoomWebhookEvents).toHaveLength(49);
    expect(new Set(zoomWebhookEvents).size).toBe(49);
    expect(new Set(zoomWebhookEvents)).toEqual(documented);
  });

  it('lists each document’s events separately (35 Video SDK, 4 Cobrowse, 10 Accounts)', () => {
    const lists: Record<string, readonly string[]> = {
      videoSdkWebhookEvents,
      cobrowseWebhookEvents,
      accountsWebhookEvents,
    };
    for (const source of sources) {
      expect([...(lists[source.list] ?? [])].sort(), source.list).toEqual(webhookNames(source.file).sort());
    }
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
