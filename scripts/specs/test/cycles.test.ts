// $ref and allOf cycles that break code generation are refused with the document and the JSON
// pointer of the cycle, before codegen runs (specs:update's validate stage, and specs:pull before it
// writes specs/*.json). Recursive schemas through properties/items are legitimate and pass.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSchemaCycles } from '../cycles.ts';
import { canonicalHash, type OpenApiDocument } from '../lib.ts';
import { pullSpecs } from '../pull.ts';
import { updateSpecs } from '../update.ts';
import { validateSpec } from '../validate.ts';
import { api, readJson, removeTempDirs, smallWorkspace, snapshot, sourceFolder, tempDir } from './fixtures.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The small REST document with extra component schemas. */
function withSchemas(schemas: Record<string, unknown>): OpenApiDocument {
  const doc = api();
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ...schemas };
  return doc;
}

const validate = (doc: OpenApiDocument) => validateSpec({ doc, text: JSON.stringify(doc), label: 'videosdk.json' });

describe('findSchemaCycles', () => {
  it('finds a self-referencing allOf, naming the schema and the path round the cycle', () => {
    const cycles = findSchemaCycles(withSchemas({ Loop: { allOf: [ref('Loop'), { type: 'object' }] } }));
    expect(cycles).toEqual([
      {
        kind: 'allOf',
        pointer: '#/components/schemas/Loop',
        path: ['#/components/schemas/Loop', '#/components/schemas/Loop/allOf/0', '#/components/schemas/Loop'],
      },
    ]);
  });

  it('finds an allOf cycle through two schemas once', () => {
    const cycles = findSchemaCycles(
      withSchemas({ A: { allOf: [ref('B')] }, B: { allOf: [ref('A'), { type: 'object' }] } }),
    );
    expect(cycles.map((c) => [c.kind, c.pointer])).toEqual([['allOf', '#/components/schemas/A']]);
  });

  it('finds a direct $ref → $ref chain cycle and a oneOf that is its own alternative', () => {
    const cycles = findSchemaCycles(
      withSchemas({ A: ref('B'), B: ref('A'), Either: { oneOf: [ref('Either'), { type: 'string' }] } }),
    );
    expect(cycles.map((c) => [c.kind, c.pointer, c.path.join(' → ')])).toEqual([
      ['$ref', '#/components/schemas/A', '#/components/schemas/A → #/components/schemas/B → #/components/schemas/A'],
      [
        '$ref',
        '#/components/schemas/Either',
        '#/components/schemas/Either → #/components/schemas/Either/oneOf/0 → #/components/schemas/Either',
      ],
    ]);
  });

  it('lets recursive schemas through properties, items and additionalProperties alone', () => {
    const doc = withSchemas({
      Tree: { type: 'object', properties: { children: { type: 'array', items: ref('Tree') } } },
      Node: { allOf: [{ type: 'object', properties: { next: ref('Node') } }] },
      Dict: { type: 'object', additionalProperties: ref('Dict') },
      Alias: ref('Tree'),
    });
    expect(findSchemaCycles(doc)).toEqual([]);
  });

  it('decodes and encodes pointer tokens (a schema name with "/" and "~")', () => {
    const doc = withSchemas({ 'a/b~c': { allOf: [{ $ref: '#/components/schemas/a~1b~0c' }] } });
    expect(findSchemaCycles(doc).map((c) => c.pointer)).toEqual(['#/components/schemas/a~1b~0c']);
  });
});

describe('validateSpec refuses cycles that break codegen', () => {
  it('reports an allOf cycle with its pointer', async () => {
    const { problems } = await validate(withSchemas({ Loop: { allOf: [ref('Loop')] } }));
    expect(problems).toEqual([
      {
        ruleId: 'allof-cycle',
        pointer: '#/components/schemas/Loop',
        message: expect.stringContaining('#/components/schemas/Loop → #/components/schemas/Loop/allOf/0'),
      },
    ]);
  });

  it('reports a $ref cycle with its pointer instead of throwing "Self-referencing circular pointer"', async () => {
    const { problems } = await validate(withSchemas({ A: ref('B'), B: ref('A') }));
    expect(problems.map((p) => [p.ruleId, p.pointer])).toEqual([['ref-cycle', '#/components/schemas/A']]);
  });

  it('accepts a recursive tree schema', async () => {
    const doc = withSchemas({
      Tree: { type: 'object', properties: { children: { type: 'array', items: ref('Tree') } } },
    });
    expect((await validate(doc)).problems).toEqual([]);
  });
});

describe('the commands stop before codegen', () => {
  it('specs:update refuses an allOf cycle naming file and pointer, and never runs the generator', async () => {
    const root = smallWorkspace();
    const before = snapshot(root);
    const witness = path.join(tempDir('specs-witness-'), 'ran');
    const error = await updateSpecs({
      root,
      from: sourceFolder({ 'videosdk.json': withSchemas({ Loop: { allOf: [ref('Loop')] } }) }),
      generateCommand: () => [process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(witness)}, '')`]],
      log: () => {},
      progress: () => {},
    }).catch((e) => e);
    expect(error.code).toBe('SPECS_UPDATE_REFUSED');
    expect(error.message).toContain('videosdk.json');
    expect(error.message).toContain('#/components/schemas/Loop: allOf cycle');
    expect(existsSync(witness)).toBe(false);
    expect(snapshot(root)).toEqual(before);
  });

  it('specs:pull refuses a document with a $ref cycle even when its hash matches, and writes nothing', async () => {
    const root = smallWorkspace();
    const doc = withSchemas({ A: ref('B'), B: ref('A') });
    const manifestFile = path.join(root, 'specs', 'manifest.json');
    const manifest = readJson(manifestFile);
    manifest.specs[0].sha256 = canonicalHash(doc);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const before = readFileSync(path.join(root, 'specs', 'videosdk.json'), 'utf8');
    const source = sourceFolder({ 'videosdk.json': doc });
    const error = await pullSpecs({ root, env: { ZOOM_SPECS_DIR: source }, ids: ['videosdk'], log: () => {} }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('specs/videosdk.json');
    expect(error.message).toContain('#/components/schemas/A: $ref cycle');
    expect(readFileSync(path.join(root, 'specs', 'videosdk.json'), 'utf8')).toBe(before);
  });
});

afterAll(removeTempDirs);
