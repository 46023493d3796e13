// Runs the built `zoom-api` as a child process, and a recording node:http server for it to call.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.mjs', import.meta.url));
export const WORKSPACE = fileURLToPath(new URL('../../..', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment without any Zoom credentials from the developer's shell. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ZOOM_API_KEY;
  delete env.ZOOM_API_SECRET;
  return { ...env, ...extra };
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdin?: string;
  /** Called with each stderr chunk as it arrives, and the child, e.g. to signal it mid-run. */
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? WORKSPACE,
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The Prism pid the CLI announces on stderr with --mock. */
export function prismPid(stderr: string): number {
  const match = /Prism \(pid (\d+)\)/.exec(stderr);
  if (!match) throw new Error(`no Prism pid in stderr:\n${stderr}`);
  return Number(match[1]);
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

// The same recording server the cross-package tests use.
export { type Handler, json, type SeenRequest, startServer } from '../../../tests/helpers/server.js';
