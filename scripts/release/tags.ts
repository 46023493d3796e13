// The git tags of a release (`@zoom-api/core@1.0.1`, changesets' form) follow what is on the registry: every
// run tags each package version the registry holds and the repository does not, whether this run published
// it or an earlier, interrupted one did. Lightweight tags, so no git identity is needed; changesets' GitHub
// Action pushes them and turns each "New tag:" line into a GitHub release.
import { run } from './checks.ts';

export const tagOf = (name: string, version: string) => `${name}@${version}`;

/** Why the repository cannot take tags, or undefined when it can (a git work tree with a commit). */
export async function untaggable(root: string): Promise<string | undefined> {
  const head = await run('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root });
  if (head.code === 0) return undefined;
  const inside = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root });
  return inside.code === 0 ? `${root} has no commit to tag yet` : `${root} is not a git repository`;
}

/** The tags among `wanted` that the repository does not have yet. */
export async function missingTags(root: string, wanted: readonly string[]): Promise<string[]> {
  const listed = await run('git', ['tag', '--list'], { cwd: root });
  if (listed.code !== 0) throw new Error(`git tag --list failed:\n${listed.output}`);
  const have = new Set(listed.output.split('\n').map((line) => line.trim()));
  return wanted.filter((tag) => !have.has(tag));
}

/** Creates each tag on HEAD; resolves with the ones it could not create and why. */
export async function createTags(root: string, tags: readonly string[]): Promise<{ tag: string; why: string }[]> {
  const failed: { tag: string; why: string }[] = [];
  for (const tag of tags) {
    const made = await run('git', ['tag', tag], { cwd: root });
    if (made.code !== 0) failed.push({ tag, why: made.output.trim() });
  }
  return failed;
}
