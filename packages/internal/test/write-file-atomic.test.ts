// writeFileAtomic: the whole new content or the old one, and no temporary file left either way.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/write-file-atomic.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => {
  dir = mkdtempSync(join(tmpdir(), 'zoom-api-atomic-'));
  return dir;
};

describe('writeFileAtomic', () => {
  it('replaces a file with text or bytes, creating missing folders, and leaves nothing beside it', () => {
    const file = join(fresh(), 'a/b/doc.json');
    writeFileAtomic(file, '{"v":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":1}');
    writeFileAtomic(file, new TextEncoder().encode('{"v":2}'));
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(join(dir, 'a/b'))).toEqual(['doc.json']);
  });

  it('when the rename fails, throws, keeps what was there and removes its temporary file', () => {
    const target = join(fresh(), 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
