// Runs the built `zoom-api` as a child process, and finds what the Prism launcher left running.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envWithoutCredentials, type Finished, type RunOptions, runNode, WORKSPACE_ROOT } from '@zoom-api/test-utils';

export const BIN = fileURLToPath(new URL('../dist/bin.mjs', import.meta.url));
export const WORKSPACE = WORKSPACE_ROOT;

/** A command line's arguments, written as one line (`words('videosdk listSessions --all')`). */
export const words = (line: string): string[] => line.split(' ');
export { envWithoutCredentials as cleanEnv };

export type Run = Finished;

/** Runs the built `zoom-api` with this process's Node, from the workspace, without Zoom credentials by default. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return runNode(BIN, args, { cwd: WORKSPACE, ...options, env: options.env ?? envWithoutCredentials() });
}

/**
 * Live processes whose process group is `pgid` (Prism runs in a group of its own, led by its pid).
 * Zombies are dead and do not count.
 */
export function processesInGroup(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) found.push(Number(entry));
  }
  return found;
}

/** Polls until the group is empty or `waitMs` passes; returns what is left. */
export async function groupAfter(pgid: number, waitMs: number): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = processesInGroup(pgid);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
