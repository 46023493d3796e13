// The README block extractor on its own: markers, line numbers and the mistakes it must report, so the
// example test cannot pass by silently finding nothing.
import { describe, expect, it } from 'vitest';
import { extractBlocks, scratchFileFor } from './readme-examples.js';

const README = [
  '# title', // 1
  '', // 2
  '```ts', // 3
  'const a: number = 1;', // 4
  '```', // 5
  '', // 6
  '<!-- example: run -->', // 7
  '```typescript', // 8
  'await main();', // 9
  '```', // 10
  '', // 11
  '<!-- example: fragment', // 12
  'declare const client: unknown;', // 13
  '-->', // 14
  '', // 15
  '```ts', // 16
  'use(client);', // 17
  '```', // 18
  '', // 19
  '```sh', // 20
  'pnpm test', // 21
  '```', // 22
  '', // 23
  '```js', // 24
  'const untyped = 1;', // 25
  '```', // 26
].join('\n');

describe('extractBlocks', () => {
  const { blocks, problems } = extractBlocks('pkg/README.md', README);

  it('finds the ts and typescript blocks, with their first code line and marker', () => {
    expect(blocks.map(({ line, kind, code }) => ({ line, kind, code }))).toEqual([
      { line: 4, kind: 'module', code: 'const a: number = 1;' },
      { line: 9, kind: 'run', code: 'await main();' },
      { line: 17, kind: 'fragment', code: 'use(client);' },
    ]);
    expect(problems).toEqual([]);
  });

  it("keeps a fragment's declarations and maps its lines past them", () => {
    const fragment = blocks[2];
    if (!fragment) throw new Error('no fragment found');
    expect(fragment.preamble.trim()).toBe('declare const client: unknown;');
    const file = scratchFileFor(fragment, 0);
    expect(file.offset).toBe(1);
    expect(file.text.split('\n')[file.offset]).toBe('use(client);');
  });

  it('names a test-file block as test runners look for it', () => {
    const { blocks: found, problems: none } = extractBlocks(
      'x/README.md',
      '<!-- example: vitest -->\n```ts\ntest();\n```\n\n<!-- example: node-test -->\n```ts\ntest();\n```',
    );
    expect(none).toEqual([]);
    expect(found.map((b) => [b.kind, scratchFileFor(b, 3).name])).toEqual([
      ['vitest', '03-x-L3.test.mts'],
      ['node-test', '03-x-L8.test.mts'],
    ]);
  });

  it.each([
    ['a misspelt kind', '<!-- example: fragmnet -->\n```ts\nx;\n```', /unknown example marker "fragmnet"/],
    ['a marker before a shell block', '<!-- example: run -->\n```sh\nls\n```', /before a "sh" block/],
    ['a marker before prose', '<!-- example: run -->\nSome text.\n```ts\nx;\n```', /not right before a code block/],
    ['a marker at the end', 'text\n<!-- example: run -->\n', /not followed by a TypeScript block/],
    [
      'declarations on the marker line',
      '<!-- example: fragment declare const a: 1; -->\n```ts\na;\n```',
      /following|after/,
    ],
  ])('reports %s', (_label, text, message) => {
    expect(extractBlocks('x/README.md', text).problems).toEqual([expect.stringMatching(message)]);
  });
});
