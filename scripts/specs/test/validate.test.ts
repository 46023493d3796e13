import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../validate.ts';
import { api, mirrorDir } from './fixtures.ts';

const read = (file: string) => {
  const text = readFileSync(path.join(mirrorDir(), file), 'utf8');
  return { text, doc: JSON.parse(text) };
};

describe('validateSpec', () => {
  it('accepts a valid document', async () => {
    const doc = api();
    expect(await validateSpec({ doc, text: JSON.stringify(doc), label: 'videosdk.json' })).toEqual({
      problems: [],
      tolerated: 0,
    });
  });

  it("tolerates the problems Zoom's accepted document already has, and only those", async () => {
    const current = read('accounts-events.json');
    const alone = await validateSpec({ ...current, label: 'accounts-events.json' });
    // Without a baseline, the dangling $refs and mistyped keywords of Zoom's document are reported.
    expect(alone.problems.map((p) => p.ruleId)).toContain('no-unresolved-refs');
    expect(alone.problems.some((p) => p.message.includes('`description` must be present'))).toBe(false);

    const same = await validateSpec({
      ...current,
      label: 'accounts-events.json',
      baselineDoc: current.doc,
      baselineText: current.text,
    });
    expect(same.problems).toEqual([]);
    expect(same.tolerated).toBeGreaterThan(0);

    const worse = structuredClone(current.doc);
    const name = Object.keys(worse.webhooks)[0];
    if (name === undefined) throw new Error('accounts-events.json has no webhooks to break');
    worse.webhooks[name].post.requestBody.content['application/json'].schema.properties.payload = { $ref: '#/nowhere' };
    const result = await validateSpec({
      doc: worse,
      text: JSON.stringify(worse),
      label: 'accounts-events.json',
      baselineDoc: current.doc,
      baselineText: current.text,
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ ruleId: 'no-unresolved-refs', pointer: expect.stringContaining(`/payload`) }),
    ]);
  });
});
