// Core refuses a 2xx body that is not JSON for every generated operation (`refuseNonJson`, its README's
// "Errors"): that holds only while every success response in Zoom's documents is JSON or has no body.
// When Zoom documents a binary or text answer, this fails and names it, so that the operation can be
// generated with its own `parseAs` before a real answer is refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument } from './helpers/contract.js';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'specs', 'manifest.json'), 'utf8')) as {
  specs: { id: string; operations?: number }[];
};
// The documents of REST operations (the webhook event documents describe no calls).
const documents = manifest.specs.filter((spec) => (spec.operations ?? 0) > 0).map((spec) => spec.id);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Responses = Record<string, { content?: Record<string, unknown> }>;

describe.each(documents)('specs/%s.json', (id) => {
  it('documents every 2xx body as JSON (or none)', () => {
    const document = readDocument(id) as unknown as {
      paths: Record<string, Record<string, { responses?: Responses }>>;
    };
    const other: string[] = [];
    let successes = 0;
    for (const [route, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2/.test(status)) continue;
          successes++;
          for (const type of Object.keys(response.content ?? {})) {
            if (!/^application\/(?:[\w.+-]*\+)?json$/.test(type))
              other.push(`${method.toUpperCase()} ${route} ${status}: ${type}`);
          }
        }
      }
    }
    expect(successes).toBeGreaterThan(0);
    expect(other).toEqual([]);
  });
});
