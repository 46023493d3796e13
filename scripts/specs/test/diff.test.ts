import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocumentDiff, diffDocuments } from '../diff/index.ts';
import type { OpenApiDocument } from '../lib.ts';
import { api, apiNames, events, mirrorDir, REPO } from './fixtures.ts';

const names = { videosdk: apiNames() };

type Mutate = (doc: OpenApiDocument) => unknown;

function diffApi(mutate: Mutate): DocumentDiff {
  const oldDoc = api();
  const newDoc = api();
  mutate(newDoc);
  return diffDocuments({ specId: 'videosdk', oldDoc, newDoc, names });
}

function diffEvents(mutate: Mutate): DocumentDiff {
  const oldDoc = events();
  const newDoc = events();
  mutate(newDoc);
  return diffDocuments({ specId: 'videosdk-events', oldDoc, newDoc, names });
}

const lines = (result: DocumentDiff) => result.changes.map((c) => `${c.bump}: ${c.text}`);
const get = (doc: OpenApiDocument) => doc.paths['/videosdk/sessions'].get;
const post = (doc: OpenApiDocument) => doc.paths['/videosdk/sessions'].post;
const details = (doc: OpenApiDocument) => doc.paths['/videosdk/sessions/{sessionId}'].get;
const detailsSchema = (doc: OpenApiDocument) => details(doc).responses[200].content['application/json'].schema;
const bodySchema = (doc: OpenApiDocument) => post(doc).requestBody.content['application/json'].schema;

describe('breaking changes → major', () => {
  it('removed operation', () => {
    const r = diffApi((d) => delete d.paths['/videosdk/sessions/{sessionId}'].delete);
    expect(r.bump).toBe('major');
    expect(lines(r)).toEqual([
      'major: `deleteSession`: removed (Zoom no longer documents DELETE /videosdk/sessions/{sessionId})',
    ]);
    expect(r.names).not.toHaveProperty(['DELETE /videosdk/sessions/{sessionId}']);
  });

  it('removed parameter', () => {
    const r = diffApi((d) => get(d).parameters.splice(1, 1));
    expect(lines(r)).toEqual(['major: `listSessions`: query parameter `page_size` was removed']);
  });

  it('newly required parameter', () => {
    const r = diffApi((d) => {
      get(d).parameters[1].required = true;
    });
    expect(lines(r)).toEqual(['major: `listSessions`: query parameter `page_size` is now required']);
  });

  it('new required parameter', () => {
    const r = diffApi((d) =>
      get(d).parameters.push({ name: 'to', in: 'query', required: true, schema: { type: 'string' } }),
    );
    expect(lines(r)).toEqual(['major: `listSessions`: new required query parameter `to`']);
  });

  it('changed type of a response field', () => {
    const r = diffApi((d) => {
      detailsSchema(d).properties.duration.type = 'integer';
    });
    expect(lines(r)).toEqual(['major: `getSessionDetails`: response field `duration` changed from string to integer']);
  });

  it('changed type of a parameter', () => {
    const r = diffApi((d) => {
      get(d).parameters[1].schema.type = 'string';
    });
    expect(lines(r)).toEqual(['major: `listSessions`: query parameter `page_size` changed from integer to string']);
  });

  it('removed enum value', () => {
    const r = diffApi((d) => {
      get(d).parameters[0].schema.enum = ['live'];
    });
    expect(lines(r)).toEqual(['major: `listSessions`: query parameter `type` lost the value `past`']);
  });

  it('removed response property, found through $ref', () => {
    const r = diffApi((d) => delete d.components.schemas.Session.properties.session_name);
    expect(lines(r)).toEqual(['major: `listSessions`: response field `sessions[].session_name` was removed']);
  });

  it('renamed function: Zoom moved the operation and reworded its summary', () => {
    const r = diffApi((d) => {
      const op = d.paths['/videosdk/sessions/{sessionId}'].delete;
      delete d.paths['/videosdk/sessions/{sessionId}'].delete;
      d.paths['/videosdk/sessions/{sessionId}/remove'] = {
        parameters: d.paths['/videosdk/sessions/{sessionId}'].parameters,
        post: { ...op, summary: 'Remove a session' },
      };
    });
    expect(r.bump).toBe('major');
    expect(lines(r)).toEqual([
      'major: `deleteSession`: renamed to `removeSession` (Zoom moved DELETE /videosdk/sessions/{sessionId} → POST /videosdk/sessions/{sessionId}/remove)',
      'patch: `removeSession`: summary changed',
    ]);
    expect(r.names?.['POST /videosdk/sessions/{sessionId}/remove']).toBe('removeSession');
    expect(r.names).not.toHaveProperty(['DELETE /videosdk/sessions/{sessionId}']);
  });

  it('moved operation keeping its name is still breaking', () => {
    const r = diffApi((d) => {
      d.paths['/videosdk/sessions/{sessionId}'].put = d.paths['/videosdk/sessions/{sessionId}'].delete;
      delete d.paths['/videosdk/sessions/{sessionId}'].delete;
    });
    expect(lines(r)).toEqual([
      'major: `deleteSession`: now sends PUT /videosdk/sessions/{sessionId} instead of DELETE /videosdk/sessions/{sessionId}',
    ]);
  });

  it('request body: new required field, and a field that became required', () => {
    const r = diffApi((d) => {
      bodySchema(d).properties.type = { type: 'integer' };
      bodySchema(d).required = ['session_name', 'session_password', 'type'];
    });
    expect(lines(r)).toEqual([
      'major: `createSession`: request body field `session_password` is now required',
      'major: `createSession`: new required request body field `type`',
    ]);
  });

  it('response field that may now be absent', () => {
    const r = diffApi((d) => {
      detailsSchema(d).required = [];
    });
    expect(lines(r)).toEqual(['major: `getSessionDetails`: response field `id` may now be absent']);
  });

  it('removed success response', () => {
    const r = diffApi((d) => {
      const responses = details(d).responses;
      responses[202] = responses[200];
      delete responses[200];
    });
    expect(r.bump).toBe('major');
    expect(lines(r)).toContain('major: `getSessionDetails`: response 200 was removed');
  });
});

describe('additive changes → minor', () => {
  it('new operation, with a proposed name added to the names', () => {
    const r = diffApi((d) => {
      d.paths['/videosdk/sessions/{sessionId}'].patch = {
        summary: 'Update a session',
        responses: { 204: { description: 'Updated' } },
      };
    });
    expect(r.bump).toBe('minor');
    expect(lines(r)).toEqual(['minor: `updateSession`: new function for PATCH /videosdk/sessions/{sessionId}']);
    expect(r.names).toEqual({ ...apiNames(), 'PATCH /videosdk/sessions/{sessionId}': 'updateSession' });
  });

  it('new optional parameter', () => {
    const r = diffApi((d) =>
      get(d).parameters.push({ name: 'next_page_token', in: 'query', schema: { type: 'string' } }),
    );
    expect(lines(r)).toEqual(['minor: `listSessions`: new optional query parameter `next_page_token`']);
  });

  it('parameter made optional', () => {
    const r = diffApi((d) => {
      get(d).parameters[2].required = false;
    });
    expect(lines(r)).toEqual(['minor: `listSessions`: query parameter `from` is now optional']);
  });

  it('new response property', () => {
    const r = diffApi((d) => {
      detailsSchema(d).properties.user_count = { type: 'integer' };
    });
    expect(lines(r)).toEqual(['minor: `getSessionDetails`: new response field `user_count`']);
  });

  it('new enum value', () => {
    const r = diffApi((d) => {
      get(d).parameters[0].schema.enum = ['live', 'past', 'scheduled'];
    });
    expect(lines(r)).toEqual(['minor: `listSessions`: query parameter `type` gained the value `scheduled`']);
  });

  it('new optional request body field', () => {
    const r = diffApi((d) => {
      bodySchema(d).properties.settings = { type: 'object', properties: { auto_recording: { type: 'string' } } };
    });
    expect(lines(r)).toEqual(['minor: `createSession`: new optional request body field `settings`']);
  });
});

describe('documentation only → patch', () => {
  it('summary and description changes', () => {
    const r = diffApi((d) => {
      get(d).description = 'Lists every session.';
      get(d).parameters[0].description = 'The session type.';
      detailsSchema(d).properties.status.description = 'The status.';
      details(d).responses[404].description = 'Error 2001: session not found.';
    });
    expect(r.bump).toBe('patch');
    expect(lines(r)).toEqual([
      'patch: `listSessions`: description changed',
      'patch: `listSessions`: query parameter `type` description changed',
      'patch: `getSessionDetails`: response field `status` description changed',
      'patch: `getSessionDetails`: response 404 description changed',
    ]);
    expect(r.names).toEqual(apiNames());
  });

  it('a reworded summary keeps the committed function name', () => {
    const r = diffApi((d) => {
      get(d).summary = 'List all sessions';
    });
    expect(lines(r)).toEqual(['patch: `listSessions`: summary changed']);
    expect(r.names?.['GET /videosdk/sessions']).toBe('listSessions');
  });

  it('constraints the generated types do not carry', () => {
    const r = diffApi((d) => {
      get(d).parameters[1].schema.maximum = 100;
    });
    expect(lines(r)).toEqual([
      'patch: `listSessions`: query parameter `page_size` maximum changed from `300` to `100`',
    ]);
  });

  it('a change outside operations still yields a patch entry', () => {
    const r = diffApi((d) => {
      d.info.description = 'New words.';
    });
    expect(r.bump).toBe('patch');
    expect(r.changes.map((c) => c.kind)).toEqual(['document-changed']);
  });

  it('an identical document has no changes', () => {
    expect(diffApi(() => {}).changes).toEqual([]);
  });
});

describe('webhook events', () => {
  const object = (d: OpenApiDocument, name: string) =>
    d.webhooks[name].post.requestBody.content['application/json'].schema.properties.payload.properties.object;

  it('removed event → major, new event → minor', () => {
    const r = diffEvents((d) => {
      d.webhooks['session.recording_started'] = d.webhooks['session.ended'];
      delete d.webhooks['session.ended'];
    });
    expect(r.bump).toBe('major');
    expect(lines(r)).toEqual([
      'major: `session.ended`: event removed',
      'minor: `session.recording_started`: new event',
    ]);
    expect(r.names).toBeNull();
  });

  it('payload changes are classified like responses', () => {
    const r = diffEvents((d) => {
      object(d, 'session.started').properties.id.type = 'integer';
      object(d, 'session.started').properties.user_name = { type: 'string' };
      delete object(d, 'session.started').properties.session_name;
      d.webhooks['session.ended'].post.requestBody.description = '# session.ended\nNew words.';
    });
    expect(lines(r)).toEqual([
      'major: `session.started`: field `payload.object.session_name` was removed',
      'major: `session.started`: field `payload.object.id` changed from string to integer',
      'minor: `session.started`: new field `payload.object.user_name`',
      'patch: `session.ended`: description changed',
    ]);
  });
});

describe('schema shapes', () => {
  it('allOf is compared as one merged object', () => {
    const split = (d: OpenApiDocument, extra = {}) => {
      detailsSchema(d).allOf = [
        { type: 'object', properties: { id: { type: 'string' } } },
        { type: 'object', properties: { duration: { type: 'string' }, ...extra } },
      ];
      delete detailsSchema(d).properties;
      delete detailsSchema(d).required;
    };
    const oldDoc = api();
    split(oldDoc);
    const moved = api();
    split(moved);
    moved.paths['/videosdk/sessions/{sessionId}'].get.responses[200].content['application/json'].schema.allOf.reverse();
    // Reordering allOf changes no type: only the catch-all entry for an otherwise unexplained edit.
    const reordered = diffDocuments({ specId: 'videosdk', oldDoc, newDoc: moved, names });
    expect(reordered.changes.map((c) => c.kind)).toEqual(['document-changed']);
    const grown = api();
    split(grown, { host: { type: 'string' } });
    expect(lines(diffDocuments({ specId: 'videosdk', oldDoc, newDoc: grown, names }))).toEqual([
      'minor: `getSessionDetails`: new response field `host`',
    ]);
  });

  it('oneOf alternatives: identical ones match wherever they moved, the rest pair in order, the leftovers are added or removed', () => {
    const withAlternatives = (d: OpenApiDocument, alternatives: unknown[]) => {
      detailsSchema(d).properties.host = { oneOf: alternatives };
    };
    const object = (type: string) => ({ type: 'object', properties: { name: { type } } });
    const oldDoc = api();
    withAlternatives(oldDoc, [object('string'), { type: 'string' }, { type: 'integer' }]);
    const moved = api();
    withAlternatives(moved, [{ type: 'string' }, object('integer'), { type: 'boolean' }, { type: 'number' }]);
    expect(lines(diffDocuments({ specId: 'videosdk', oldDoc, newDoc: moved, names }))).toEqual([
      'major: `getSessionDetails`: response field `host.name` (alternative 2 of oneOf) changed from string to integer',
      'major: `getSessionDetails`: response field `host` (alternative 3 of oneOf) changed from integer to boolean',
      'minor: `getSessionDetails`: response field `host` gained a new alternative shape (oneOf 4)',
    ]);
    const fewer = api();
    withAlternatives(fewer, [{ type: 'integer' }]);
    expect(lines(diffDocuments({ specId: 'videosdk', oldDoc, newDoc: fewer, names }))).toEqual([
      'major: `getSessionDetails`: response field `host` lost alternative 1 of its oneOf shapes',
      'major: `getSessionDetails`: response field `host` lost alternative 2 of its oneOf shapes',
    ]);
  });

  it('recursive schemas terminate and still report changes', () => {
    const tree = (d: OpenApiDocument, valueType: string) => {
      d.components.schemas.Node = {
        type: 'object',
        properties: {
          value: { type: valueType },
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        },
      };
      details(d).responses[200].content['application/json'].schema = { $ref: '#/components/schemas/Node' };
    };
    const oldDoc = api();
    tree(oldDoc, 'string');
    const newDoc = api();
    tree(newDoc, 'number');
    expect(lines(diffDocuments({ specId: 'videosdk', oldDoc, newDoc, names }))).toEqual([
      'major: `getSessionDetails`: response field `value` changed from string to number',
    ]);
  });

  it('a schema Zoom wrote as a string is compared as a value, not a crash', () => {
    const r = diffApi((d) => {
      detailsSchema(d).properties.status = 'string';
    });
    expect(lines(r)).toEqual([
      'major: `getSessionDetails`: response field `status` changed in a form this tool cannot compare (review it by hand)',
    ]);
  });

  it('array items are named plainly', () => {
    const withFields = (values: unknown[]) => (d: OpenApiDocument) =>
      get(d).parameters.push({
        name: 'fields',
        in: 'query',
        schema: { type: 'array', items: { type: 'string', enum: values } },
      });
    const oldDoc = api();
    withFields(['id'])(oldDoc);
    const newDoc = api();
    withFields(['id', 'duration'])(newDoc);
    expect(lines(diffDocuments({ specId: 'videosdk', oldDoc, newDoc, names }))).toEqual([
      'minor: `listSessions`: query parameter `fields` items gained the value `duration`',
    ]);
  });

  it('nullable in 3.0 and type arrays in 3.1 mean the same', () => {
    const r = diffApi((d) => {
      detailsSchema(d).properties.duration = { type: ['string', 'null'] };
      get(d).parameters[1].schema.nullable = true;
    });
    expect(lines(r)).toEqual([
      'minor: `listSessions`: query parameter `page_size` can now be null',
      'major: `getSessionDetails`: response field `duration` can now be null',
    ]);
  });
});

describe("Zoom's real documents", () => {
  it('each diffs against itself without changes or errors', () => {
    const realNames = JSON.parse(readFileSync(path.join(REPO, 'specs', 'names.json'), 'utf8'));
    for (const file of [
      'videosdk',
      'videosdk-ma',
      'accounts',
      'accounts-ma',
      'cobrowse',
      'videosdk-events',
      'accounts-events',
      'cobrowse-events',
    ]) {
      const doc = JSON.parse(readFileSync(path.join(mirrorDir(), `${file}.json`), 'utf8'));
      const r = diffDocuments({ specId: file, oldDoc: doc, newDoc: structuredClone(doc), names: realNames });
      expect(r.changes, file).toEqual([]);
    }
  });
});
