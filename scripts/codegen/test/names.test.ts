import { describe, expect, it } from 'vitest';
import { nameFromSummary, resolveNames } from '../names.ts';

describe('nameFromSummary', () => {
  it.each([
    ['List sessions', 'listSessions'],
    ['Get daily usage report', 'getDailyUsageReport'],
    ['Create a session', 'createSession'],
    ["List session's recordings", 'listSessionRecordings'],
    ['Get an Information Barrier policy by ID', 'getInformationBarrierPolicyById'],
    ['Get a session SIP URI with passcode', 'getSessionSipUriWithPasscode'],
    ['Storage location detail', 'getStorageLocationDetail'],
    ['Get top 25 Zoom Rooms with issues', 'getTop25ZoomRoomsWithIssues'],
  ])('%s → %s', (summary, name) => {
    expect(nameFromSummary(summary)).toBe(name);
  });

  it('refuses an empty summary', () => {
    expect(() => nameFromSummary('  ')).toThrow(/empty summary/);
  });
});

describe('resolveNames', () => {
  const doc = {
    paths: {
      '/a': { get: { summary: 'List things' }, post: { summary: 'Create a thing' } },
      '/b': { get: { summary: 'List things' } },
    },
  };

  it('keeps a committed name even when the summary says otherwise', () => {
    const table = resolveNames('x', doc, { x: { 'GET /a': 'listAllThings', 'GET /b': 'listOtherThings' } });
    expect(table.get('GET /a')).toEqual({ name: 'listAllThings', committed: true });
    expect(table.get('POST /a')).toEqual({ name: 'createThing', committed: false });
  });

  it('refuses two operations with the same name and says where to fix it', () => {
    expect(() => resolveNames('x', doc, {})).toThrow(
      /"GET \/a" and "GET \/b" both map to listThings\(\).*specs\/names\.json/,
    );
  });
});
