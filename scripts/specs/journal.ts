// A journal that makes specs:update and specs:pull all-or-nothing even when the process dies
// (SIGKILL, OOM, a closed terminal), not only when a step throws.
//
// Protocol, in .tmp/ of the workspace (ignored by git):
//   1. begin: every target file and folder is copied to .tmp/specs-backup/ (a target that does not
//      exist is recorded as such), THEN .tmp/specs-journal.json is written (temp file + rename, so it
//      is either complete or absent). From here on the journal is the proof that a run is open.
//   2. the run writes its targets; a child it starts (regeneration) is recorded in the journal, in
//      its own process group, and carries ZOOM_SPECS_TXN=<id> in its environment.
//   3. commit: the journal is deleted (the commit point: one unlink), then the backups.
// Every specs:* command starts with recoverInterrupted(): a journal whose owner is no longer running
// means a run died between 1 and 3, so its child processes are killed (only those still carrying
// the journal's id), every target is put back from the backup (or removed when it did not exist),
// and only then is the journal deleted: a recovery that is itself killed is simply redone. Without
// a journal, .tmp/specs-backup and temp files are leftovers of a run that died before 1 or after 3
// and are removed. So after the next command the tree is the old state or the new one, never a mix.
//
// It protects against the process dying, not against power loss (nothing is fsynced but the journal).
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { faultPoint } from './fault.ts';
import { writeFileAtomic } from './lib.ts';

export const TXN_ENV = 'ZOOM_SPECS_TXN';

interface Entry {
  /** Relative to the workspace root. */
  path: string;
  /** The copy in the backup folder (relative to it), or null: the target did not exist. */
  backup: string | null;
}

interface JournalData {
  version: 1;
  id: string;
  command: string;
  pid: number;
  startedAt: string;
  files: Entry[];
  dirs: Entry[];
  /**
   * Folders `<parent>/*\/<sub>` the run may create in packages that did not exist when it began
   * (regeneration): on rollback every such folder not in `dirs` is removed.
   */
  created?: { parent: string; sub: string } | undefined;
  /** Process-group leaders started by the run (regeneration). */
  children: number[];
}

const tmpDir = (root: string) => path.join(root, '.tmp');
export const journalPath = (root: string): string => path.join(tmpDir(root), 'specs-journal.json');
const backupDir = (root: string) => path.join(tmpDir(root), 'specs-backup');

/** Writes the journal so that it is either absent or complete and on disk. */
function writeJournal(root: string, data: JournalData): void {
  const file = journalPath(root);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** The process's command line, or null where /proc does not exist. */
function procFile(pid: number, name: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return null;
  }
}

/** The journal's owner is still at work (not a zombie, and on Linux still a specs command). */
function ownerRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const status = procFile(pid, 'status');
  if (status === null) return true;
  if (/^State:\s+Z/m.test(status)) return false;
  // A reused pid belongs to some other program.
  return /specs/.test(procFile(pid, 'cmdline') ?? '');
}

/** pid → parent pid of every process, from /proc (empty where /proc does not exist). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so split after the last ')'.
    const stat = procFile(Number(name), 'stat');
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : Number.NaN;
    if (!Number.isNaN(ppid)) out.set(Number(name), ppid);
  }
  return out;
}

/** `pid` and every process below it. */
function tree(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const [child, parent] of parents()) byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift() as number;
    out.push(next);
    queue.push(...(byParent.get(next) ?? []));
  }
  return out;
}

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

/**
 * Kills what the run started (regeneration: pnpm → turbo → its tasks, which turbo puts in process
 * groups of their own and starts without unknown environment variables): the whole tree under each
 * recorded child, but only a child that still carries the run's id (the pid may have been reused).
 * The tree is frozen first (SIGSTOP), so nothing in it can start a process that escapes the kill.
 */
function killChildren(data: JournalData): void {
  for (const pid of data.children) {
    const environ = procFile(pid, 'environ');
    if (environ === null || !environ.split('\0').includes(`${TXN_ENV}=${data.id}`)) continue;
    for (const p of tree(pid)) signal(p, 'SIGSTOP');
    const doomed = tree(pid);
    signal(-pid, 'SIGKILL');
    for (const p of doomed) signal(p, 'SIGKILL');
    // Wait (briefly) until they are really gone, so none can write after the files are restored.
    const until = Date.now() + 5000;
    while (Date.now() < until && doomed.some((p) => /^State:\s+[^Z]/m.test(procFile(p, 'status') ?? '')))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/** Removes temp files the tools leave beside a target when killed mid-write. */
function sweepTempSiblings(target: string): void {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    // writeFileAtomic's ".<name>.<pid>.<random>.tmp" and codegen's "<folder>.tmp-<pid>".
    if ((name.startsWith(`.${base}.`) && name.endsWith('.tmp')) || name.startsWith(`${base}.tmp-`))
      rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/** Puts every target back; returns what could not be restored (empty: everything was). */
function restore(root: string, data: JournalData): string[] {
  killChildren(data);
  const store = backupDir(root);
  const failed: string[] = [];
  for (const entry of [...data.files].reverse()) {
    const target = path.join(root, entry.path);
    try {
      if (entry.backup === null) rmSync(target, { force: true });
      else writeFileAtomic(target, readFileSync(path.join(store, entry.backup)));
      sweepTempSiblings(target);
    } catch (err) {
      failed.push(`  ${entry.path}: ${(err as Error).message}`);
    }
  }
  if (data.created) {
    const parent = path.join(root, data.created.parent);
    const listed = new Set(data.dirs.map((d) => d.path));
    for (const name of existsSync(parent) ? readdirSync(parent) : []) {
      const dir = path.join(data.created.parent, name, data.created.sub);
      if (!listed.has(dir)) rmSync(path.join(root, dir), { recursive: true, force: true });
    }
  }
  for (const entry of data.dirs) {
    const target = path.join(root, entry.path);
    try {
      rmSync(target, { recursive: true, force: true });
      // A copy, not a rename: a recovery killed half-way can start over from the same backup.
      if (entry.backup !== null) cpSync(path.join(store, entry.backup), target, { recursive: true });
      sweepTempSiblings(target);
    } catch (err) {
      failed.push(`  ${entry.path}: ${(err as Error).message}`);
    }
  }
  return failed;
}

/** Removes what a finished or recovered run leaves in .tmp/, and .tmp/ itself when empty. */
function cleanUp(root: string): void {
  rmSync(backupDir(root), { recursive: true, force: true });
  const tmp = tmpDir(root);
  if (!existsSync(tmp)) return;
  for (const name of readdirSync(tmp)) {
    // the journal's temp file, and the snapshot folders of specs:update before the journal existed
    if (/^specs-journal\.json\.\d+\.tmp$/.test(name) || name.startsWith('specs-update-'))
      rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
  try {
    rmdirSync(tmp);
  } catch {
    // not empty: another tool's files are there
  }
}

const list = (data: JournalData) =>
  data.files.map((e) => e.path).join(', ') +
  (data.dirs.length ? ` and the generated code (${data.dirs.length} folder(s) under packages/)` : '');

/**
 * Finishes what a killed specs:* run left: rolls it back when its journal is there, removes its
 * temporary files either way. Throws when the run is still going, or when a file cannot be put
 * back (the journal then stays, and the next command tries again).
 */
export function recoverInterrupted(root: string, log: (line: string) => void = console.error): void {
  const file = journalPath(root);
  if (existsSync(file)) {
    let data: JournalData;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(
        `${file} is unreadable (${(err as Error).message}); it records an unfinished specs:* run. ` +
          'Restore the files it names from .tmp/specs-backup by hand, or with git, then delete it.',
      );
    }
    const who = `${data.command} (pid ${data.pid}, started ${data.startedAt})`;
    if (ownerRunning(data.pid)) {
      throw new Error(
        `${who} is still running in this workspace; wait for it to finish. ` +
          `If it is not running, delete ${file} only after checking the files it lists.`,
      );
    }
    const failed = restore(root, data);
    if (failed.length) {
      throw new Error(
        `An interrupted ${who} could NOT be rolled back completely; the journal ${file} is kept ` +
          `so the next specs:* command tries again:\n${failed.join('\n')}`,
      );
    }
    rmSync(file);
    log(`specs: an interrupted ${who} was rolled back: ${list(data)} are as they were before it.`);
  }
  cleanUp(root);
}

/** An open run: its targets are backed up and the journal is on disk. */
export class Transaction {
  private constructor(
    readonly root: string,
    private readonly data: JournalData,
  ) {}

  /** Backs up `files` and `dirs` (absolute paths inside root), then writes the journal. */
  static async begin(
    root: string,
    command: string,
    {
      files,
      dirs = [],
      created,
    }: { files: readonly string[]; dirs?: readonly string[]; created?: JournalData['created'] },
  ): Promise<Transaction> {
    recoverInterrupted(root);
    const store = backupDir(root);
    mkdirSync(store, { recursive: true });
    const backUp = (targets: readonly string[], prefix: string, copy: (from: string, to: string) => void) =>
      targets.map((target, i) => {
        if (!existsSync(target)) return { path: path.relative(root, target), backup: null };
        copy(target, path.join(store, `${prefix}${i}`));
        return { path: path.relative(root, target), backup: `${prefix}${i}` };
      });
    const data: JournalData = {
      version: 1,
      id: randomUUID(),
      command,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      files: backUp(files, 'file-', (from, to) => copyFileSync(from, to)),
      dirs: backUp(dirs, 'dir-', (from, to) => cpSync(from, to, { recursive: true })),
      created,
      children: [],
    };
    writeJournal(root, data);
    await faultPoint('after-journal');
    return new Transaction(root, data);
  }

  /** The environment marker a child must carry so that recovery may kill it. */
  get childEnv(): Record<string, string> {
    return { [TXN_ENV]: this.data.id };
  }

  /** Records a child started in its own process group, before it can write anything that matters. */
  recordChild(pid: number): void {
    this.data.children.push(pid);
    writeJournal(this.root, this.data);
  }

  /** Puts everything back; returns what could not be (the journal then stays for the next run). */
  rollback(): string[] {
    const failed = restore(this.root, this.data);
    if (!failed.length) {
      rmSync(journalPath(this.root), { force: true });
      cleanUp(this.root);
    }
    return failed;
  }

  /** The commit point is the journal's removal; the backups go after it. */
  async commit(): Promise<void> {
    rmSync(journalPath(this.root));
    await faultPoint('after-commit');
    cleanUp(this.root);
  }
}
