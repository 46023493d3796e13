// specs:update reports a changed rate-limit label as its own patch line, on documents derived at test
// time from Zoom's real Video SDK document (never written into the repository).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../lib.ts';
import { updateSpecs } from '../update.ts';
import {
  changesetFiles,
  makeWorkspace,
  mirrorDir,
  REPO,
  readJson,
  removeTempDirs,
  snapshot,
  sourceFolder,
} from './fixtures.ts';

const LABEL = /(\*\*\[Rate Limit Label\]\([^)]*\):\*\* )`([A-Za-z-]+)`/;
const names = readJson(path.join(REPO, 'specs', 'names.json'));
const zoomVideoSdk = (): OpenApiDocument => readJson(path.join(mirrorDir(), 'videosdk.json'));
const op = (doc: OpenApiDocument, method: string, p: string) => doc.paths[p][method];
function labelOf(doc: OpenApiDocument, method: string, p: string): string {
  const label = op(doc, method, p).description.match(LABEL)?.[2];
  if (!label)
    throw new Error(`${method} ${p} has no rate-limit label in Zoom's document any more: pick another operation`);
  return label.toUpperCase();
}
const relabel = (doc: OpenApiDocument, method: string, p: string, to: string | null) => {
  const o = op(doc, method, p);
  const next = o.description.replace(LABEL, to === null ? '' : `$1\`${to}\``);
  expect(next).not.toBe(o.description);
  o.description = next;
};

function workspaceWith(oldDoc: OpenApiDocument): string {
  return makeWorkspace([{ id: 'videosdk', file: 'videosdk.json', packages: ['@zoom-api/videosdk'], doc: oldDoc }], {
    names: { videosdk: names.videosdk },
  });
}

const SESSIONS = ['get', '/videosdk/sessions'] as const;
const DETAILS = ['get', '/videosdk/sessions/{sessionId}'] as const;
const DELETE = ['delete', '/videosdk/sessions/{sessionId}'] as const;
const nameOf = ([method, p]: readonly [string, string]) => names.videosdk[`${method.toUpperCase()} ${p}`] as string;

describe('specs:update and rate-limit labels', () => {
  it('reports a label changed, added and removed, each on its own line, as a patch', async () => {
    const oldDoc = zoomVideoSdk();
    relabel(oldDoc, ...DETAILS, null);
    const newDoc = zoomVideoSdk();
    const before = labelOf(newDoc, ...SESSIONS);
    const after = before === 'HEAVY' ? 'LIGHT' : 'HEAVY';
    relabel(newDoc, ...SESSIONS, after);
    const removed = labelOf(newDoc, ...DELETE);
    relabel(newDoc, ...DELETE, null);
    const added = labelOf(newDoc, ...DETAILS);

    const root = workspaceWith(oldDoc);
    const report: string[] = [];
    const result = await updateSpecs({
      root,
      from: sourceFolder({ 'videosdk.json': newDoc }),
      generate: false,
      log: (l) => report.push(l),
      progress: () => {},
    });

    expect(result.changesets.map((c) => [c.pkg, c.bump])).toEqual([['@zoom-api/videosdk', 'patch']]);
    const lines = report.join('\n').split('\n');
    const rateLimitLines = lines.filter((l) => l.includes('rate limit label')).map((l) => l.trim());
    expect(rateLimitLines.sort()).toEqual(
      [
        `patch  \`${nameOf(SESSIONS)}\`: rate limit label \`${before}\` → \`${after}\``,
        `patch  \`${nameOf(DETAILS)}\`: rate limit label \`${added}\` added (was unlabelled: \`MEDIUM\`)`,
        `patch  \`${nameOf(DELETE)}\`: rate limit label \`${removed}\` removed (now the default \`MEDIUM\`)`,
      ].sort(),
    );
    // Still reported besides: the description is what the function's documentation shows.
    expect(lines.map((l) => l.trim())).toContain(`patch  \`${nameOf(SESSIONS)}\`: description changed`);
    const [changeset] = changesetFiles(root);
    expect(changeset?.text).toContain(`- \`${nameOf(SESSIONS)}\`: rate limit label \`${before}\` → \`${after}\``);
  });

  it('refuses a new document whose label is unknown, naming it, and writes nothing', async () => {
    const root = workspaceWith(zoomVideoSdk());
    const unchanged = snapshot(root);
    const newDoc = zoomVideoSdk();
    relabel(newDoc, ...SESSIONS, 'ULTRA-HEAVY');
    await expect(
      updateSpecs({
        root,
        from: sourceFolder({ 'videosdk.json': newDoc }),
        generate: false,
        log: () => {},
        progress: () => {},
      }),
    ).rejects.toThrow(
      'videosdk: GET /videosdk/sessions, #/paths/~1videosdk~1sessions/get/description: unknown rate-limit label "ULTRA-HEAVY"',
    );
    expect(snapshot(root)).toEqual(unchanged);
  });
});

afterAll(removeTempDirs);
