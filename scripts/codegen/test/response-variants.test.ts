import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { NameTable } from '../names.ts';
import { nameResponseVariants, writeVariantGuards } from '../response-variants.ts';

const object = (title: string | undefined, ...keys: string[]) => ({
  ...(title ? { title } : {}),
  type: 'object',
  properties: Object.fromEntries(keys.map((k) => [k, { type: 'string' }])),
});
const answer = (...members: unknown[]) => ({
  responses: { '200': { description: 'ok', content: { 'application/json': { schema: { oneOf: members } } } } },
});
const names: NameTable = new Map([
  ['GET /settings', { name: 'getSettings', committed: true }],
  ['GET /locked', { name: 'getLocked', committed: true }],
  ['GET /session', { name: 'getSession', committed: true }],
]);

function documentWith(paths: Record<string, unknown>, schemas?: Record<string, unknown>) {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths,
    ...(schemas ? { components: { schemas } } : {}),
  };
}

describe('nameResponseVariants', () => {
  it('names titled shapes after their titles, keyed by the properties only each has, without touching its input', () => {
    const source = documentWith({
      '/settings': {
        get: answer(
          object('Account settings', 'in_meeting', 'schedule_meeting'),
          { title: 'Account Authentication Settings', oneOf: [object('a', 'meeting_authentication'), object('b')] },
          object('Video SDK Account Settings', 'in_meeting', 'in_session', 'session_security'),
        ),
      },
    });
    const before = JSON.stringify(source);
    const { doc, groups, skipped } = nameResponseVariants(source, names);
    expect(JSON.stringify(source)).toBe(before);
    expect(skipped).toEqual([]);
    expect(groups).toEqual([
      {
        operation: 'getSettings',
        method: 'GET',
        path: '/settings',
        variants: [
          {
            type: 'AccountSettings',
            guard: 'isAccountSettings',
            keys: ['schedule_meeting'],
            title: 'Account settings',
          },
          {
            type: 'AccountAuthenticationSettings',
            guard: 'isAccountAuthenticationSettings',
            keys: ['meeting_authentication'],
            title: 'Account Authentication Settings',
          },
          {
            type: 'VideoSdkAccountSettings',
            guard: 'isVideoSdkAccountSettings',
            keys: ['in_session', 'session_security'],
            title: 'Video SDK Account Settings',
          },
        ],
      },
    ]);
    const union = doc.paths['/settings'].get.responses['200'].content['application/json'].schema.oneOf;
    expect(union).toEqual([
      { $ref: '#/components/schemas/AccountSettings' },
      { $ref: '#/components/schemas/AccountAuthenticationSettings' },
      { $ref: '#/components/schemas/VideoSdkAccountSettings' },
    ]);
    expect(doc.components.schemas.VideoSdkAccountSettings.properties).toHaveProperty('in_session');
  });

  it('names an untitled shape after the operation and the first property only it has', () => {
    const source = documentWith({
      '/locked': {
        get: answer(object(undefined, 'audio_conferencing', 'chat'), object('Security', 'meeting_security')),
      },
    });
    const { groups } = nameResponseVariants(source, names);
    expect(groups[0]?.variants.map((v) => v.type)).toEqual(['GetLockedWithAudioConferencing', 'Security']);
  });

  it('leaves alone an answer with a shape that has no property of its own, and says why', () => {
    const source = documentWith({
      '/session': {
        get: answer(object('Live session', 'id', 'start_time'), object('Past', 'id', 'start_time', 'end_time')),
      },
    });
    const { doc, groups, skipped } = nameResponseVariants(source, names);
    expect(groups).toEqual([]);
    expect(skipped).toEqual(['GET /session (getSession) 200: shape 1 ("Live session") has no property of its own']);
    expect(doc).toEqual(source);
  });

  it('refuses a name the document already uses, naming the operation', () => {
    const source = documentWith(
      { '/settings': { get: answer(object('Account settings', 'a'), object('Other', 'b')) } },
      { AccountSettings: { type: 'object' } },
    );
    expect(() => nameResponseVariants(source, names)).toThrow(
      /GET \/settings \(getSettings\) 200: shape 1 would be named AccountSettings, which is taken/,
    );
  });
});

describe('writeVariantGuards', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'variants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes guards that pick a shape by its own properties, and nothing for a document without such answers', async () => {
    const source = documentWith({
      '/settings': { get: answer(object('Account settings', 'schedule_meeting'), object('Video SDK', 'in_session')) },
    });
    writeVariantGuards(dir, nameResponseVariants(source, names).groups);
    const text = readFileSync(path.join(dir, 'variants.gen.ts'), 'utf8');
    expect(text).toMatch(/export function isVideoSdk\(data: GetSettingsResponse\): data is VideoSdk \{/);
    // The guard module only imports types, so it runs without hey-api's output next to it.
    const guards = await import(pathToFileURL(path.join(dir, 'variants.gen.ts')).href);
    expect(guards.isVideoSdk({ in_session: { data_center_regions: ['US'] } })).toBe(true);
    expect(guards.isVideoSdk({ schedule_meeting: {} })).toBe(false);
    expect(guards.isVideoSdk(null)).toBe(false);
    expect(guards.isAccountSettings({ schedule_meeting: {} })).toBe(true);

    writeVariantGuards(dir, []);
    expect(readFileSync(path.join(dir, 'variants.gen.ts'), 'utf8')).toMatch(/\nexport \{\};\n$/);
  });
});
