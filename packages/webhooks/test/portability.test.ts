import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const srcDir = new URL('../src/', import.meta.url);

describe('runtime portability', () => {
  it('keeps Node built-ins out of the runtime code, so it runs on Web Crypto and fetch alone', () => {
    const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('verify.ts');
    for (const file of files) {
      const text = readFileSync(new URL(file, srcDir), 'utf8');
      expect({ file, nodeImports: text.match(/from ['"](node:[^'"]+|crypto|http|buffer|stream)['"]/g) }).toEqual({
        file,
        nodeImports: null,
      });
      expect({ file, nodeGlobals: /\bBuffer\.\w+\(|\brequire\(|\bprocess\./.test(text) }).toEqual({
        file,
        nodeGlobals: false,
      });
    }
  });
});
