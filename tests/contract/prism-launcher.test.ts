// scripts/testing/prism.mjs: Prism runs from node_modules, start-up waits until it listens, and no
// Prism outlives its caller — after stop(), after the caller exits without stop(), or after the caller
// is killed outright.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive, prismCliPath, startPrism } from '../../scripts/testing/prism.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const spec = path.join(root, 'specs/cobrowse.json');
const launcher = path.join(root, 'scripts/testing/prism.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'zoom-prism-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Process ids whose command line mentions `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // it exited while we looked
      }
    })
    .map(Number);
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Waits (bounded) for the group to disappear; the caller asserts on the result. */
async function groupGone(pgid: number, within = 15_000): Promise<boolean> {
  const deadline = Date.now() + within;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Runs a separate node process that starts Prism, prints its pid, then does `then`. */
function callerProcess(then: string) {
  const script = `
    import { startPrism } from ${JSON.stringify(launcher)};
    const prism = await startPrism({ spec: ${JSON.stringify(spec)} });
    console.log(JSON.stringify({ pid: prism.pid }));
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).pid);
    });
    child.once('exit', (code) => reject(new Error(`caller exited (${code}) before printing Prism's pid: ${out}`)));
  });
  return { child, pid };
}

describe('startPrism', () => {
  it('runs Prism from node_modules and serves the document once it resolves', async () => {
    expect(prismCliPath().startsWith(path.join(root, 'node_modules'))).toBe(true);
    const prism = await startPrism({ spec });
    try {
      expect(readFileSync(`/proc/${prism.pid}/cmdline`, 'utf8')).toContain(prismCliPath());
      expect(prism.baseUrl).toBe(`http://127.0.0.1:${prism.port}`);
      const response = await fetch(`${prism.baseUrl}/cobrowsesdk/live_sessions`, {
        headers: { Authorization: 'Bearer x' },
      });
      expect(response.status).toBe(200);
      expect(prism.output()).toContain('Prism is listening');
    } finally {
      await prism.stop();
    }
  });

  it('stop() ends the whole process group and frees the port; a second stop() is harmless', async () => {
    const prism = await startPrism({ spec });
    expect(groupAlive(prism.pid)).toBe(true);
    await prism.stop();
    expect(groupAlive(prism.pid)).toBe(false);
    expect(await refusesConnections(prism.port)).toBe(true);
    await prism.stop();
  });

  it('two servers run side by side on different free ports', async () => {
    const [a, b] = await Promise.all([startPrism({ spec }), startPrism({ spec })]);
    try {
      expect(a.port).not.toBe(b.port);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(groupAlive(a.pid) || groupAlive(b.pid)).toBe(false);
  });

  it('names a missing document and the fix', async () => {
    await expect(startPrism({ spec: path.join(scratch, 'absent.json') })).rejects.toThrow(
      /no OpenAPI document at .*absent\.json; run `pnpm specs:pull`/,
    );
  });

  it('reports a document Prism cannot load with its output, and leaves no process behind', async () => {
    const broken = path.join(scratch, 'broken.json');
    writeFileSync(broken, '{ "openapi": "3.0.0", "paths": ');
    await expect(startPrism({ spec: broken, startupTimeout: 60_000 })).rejects.toThrow(
      /Prism exited .* before listening/,
    );
    expect(processesMentioning(broken)).toEqual([]);
  });

  it('a port already taken by someone else is reported, not mistaken for Prism', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startPrism({ spec, port })).rejects.toThrow(/Prism exited/);
    } finally {
      blocker.close();
    }
  });

  it('Prism ends when its caller exits without calling stop()', async () => {
    const { pid } = callerProcess('process.exit(3);');
    const pgid = await pid;
    expect(await groupGone(pgid)).toBe(true);
  });

  it('Prism ends itself when the caller is killed with SIGKILL (no exit hook runs)', async () => {
    const { child, pid } = callerProcess('setInterval(() => {}, 1000);');
    const pgid = await pid;
    expect(groupAlive(pgid)).toBe(true);
    child.kill('SIGKILL');
    expect(await groupGone(pgid)).toBe(true);
  });
});
