// The Prism launcher (`@zoom-api/cli/mock`, used by --mock and by the contract tests): Prism runs from
// node_modules, start-up waits until it listens, and no Prism outlives its caller — after stop(), after
// the caller exits without stop(), or after the caller is killed outright. The callers in child
// processes use the built module, as other packages get it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive, prismCliPath, prismVersion, startPrism } from '../src/mock.js';
import { groupAfter, processesInGroup, WORKSPACE } from './helpers.js';

const spec = path.join(WORKSPACE, 'specs/cobrowse.json');
const builtLauncher = pathToFileURL(path.join(WORKSPACE, 'packages/cli/dist/mock.mjs')).href;
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

/** Runs a separate node process that starts Prism with the built launcher, prints its pid, then does `then`. */
function callerProcess(then: string) {
  const script = `
    import { startPrism } from ${JSON.stringify(builtLauncher)};
    const prism = await startPrism({ spec: ${JSON.stringify(spec)} });
    const response = await fetch(prism.baseUrl + '/cobrowsesdk/live_sessions', { headers: { authorization: 'Bearer x' } });
    console.log(JSON.stringify({ pid: prism.pid, status: response.status }));
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = new Promise<{ pid: number; status: number }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`caller exited (${code}) before printing Prism's pid: ${out}`)));
  });
  return { child, started };
}

describe('startPrism', () => {
  it('runs Prism from node_modules with the extra arguments and serves the document once it resolves', async () => {
    expect(prismCliPath().startsWith(path.join(WORKSPACE, 'node_modules'))).toBe(true);
    const prism = await startPrism({ spec, args: ['--seed', '7'] });
    try {
      const cmdline = readFileSync(`/proc/${prism.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain(prismCliPath());
      expect(cmdline.join(' ')).toContain('--seed 7');
      expect(prism.baseUrl).toBe(`http://127.0.0.1:${prism.port}`);
      const response = await fetch(`${prism.baseUrl}/cobrowsesdk/live_sessions`, {
        headers: { Authorization: 'Bearer x' },
      });
      expect(response.status).toBe(200);
      expect(prism.output()).toContain(`Prism is listening on ${prism.baseUrl}`);
    } finally {
      await prism.stop();
    }
  });

  it('stop() ends the whole process group and frees the port; a second stop() is harmless', async () => {
    const prism = await startPrism({ spec });
    expect(groupAlive(prism.pid)).toBe(true);
    expect(processesInGroup(prism.pid)).toEqual([prism.pid]);
    await prism.stop();
    expect(groupAlive(prism.pid)).toBe(false);
    expect(processesInGroup(prism.pid)).toEqual([]);
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
      /no OpenAPI document at .*absent\.json.*`pnpm specs:pull`/,
    );
  });

  it('names a port that cannot be one', async () => {
    await expect(startPrism({ spec, port: 70_000 })).rejects.toThrow(/port must be a whole number .* got 70000/);
  });

  it('reports a document Prism cannot load with its output, and leaves no process behind', async () => {
    const broken = path.join(scratch, 'broken.json');
    writeFileSync(broken, '{ "openapi": "3.0.0", "paths": ');
    await expect(startPrism({ spec: broken, startTimeout: 60_000 })).rejects.toThrow(
      /Prism exited .* before listening on 127\.0\.0\.1:\d+ for .*broken\.json\.\nPrism said:\n/,
    );
    expect(processesMentioning(broken)).toEqual([]);
  });

  it('a port already taken by someone else is reported, not mistaken for Prism', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startPrism({ spec, port })).rejects.toThrow(/Prism exited .*EADDRINUSE/s);
    } finally {
      blocker.close();
    }
  });

  it('Prism ends when its caller exits without calling stop()', async () => {
    const { started } = callerProcess('process.exit(3);');
    const { pid, status } = await started;
    expect(status).toBe(200);
    expect(await groupAfter(pid, 15_000)).toEqual([]);
  });

  it('Prism ends itself when the caller is killed with SIGKILL and no hook runs (the stdin watchdog)', async () => {
    const { child, started } = callerProcess('setInterval(() => {}, 1000);');
    const { pid, status } = await started;
    expect(status).toBe(200);
    expect(groupAlive(pid)).toBe(true);
    const gone = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await gone).toBe('SIGKILL');
    // The watchdog exits Prism once the pipe closes; that takes a moment, hence the wait.
    expect(await groupAfter(pid, 15_000)).toEqual([]);
  });
});

describe('which Prism runs', () => {
  it('the script named by `prism` (a Prism installed elsewhere)', async () => {
    const fake = path.join(scratch, 'not-prism.mjs');
    writeFileSync(fake, "console.log('not prism, args: ' + process.argv.slice(2, 4).join(' ')); process.exit(3);\n");
    await expect(startPrism({ spec, prism: fake, startTimeout: 20_000 })).rejects.toThrow(
      /Prism exited \(code 3\)[\s\S]*not prism, args: mock .*cobrowse\.json/,
    );
  });

  it('prismVersion() is the pinned optional peer, the version the workspace tests with', () => {
    const manifest = JSON.parse(readFileSync(path.join(WORKSPACE, 'packages/cli/package.json'), 'utf8'));
    expect(manifest.dependencies?.['@stoplight/prism-cli']).toBeUndefined();
    expect(manifest.peerDependenciesMeta['@stoplight/prism-cli']).toEqual({ optional: true });
    expect(prismVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(prismVersion()).toBe(manifest.devDependencies['@stoplight/prism-cli']);
  });
});

it('processesInGroup sees a live group (so the checks above can fail)', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { detached: true, stdio: 'ignore' });
  const pid = child.pid as number;
  try {
    expect(processesInGroup(pid)).toEqual([pid]);
  } finally {
    process.kill(-pid, 'SIGKILL');
  }
  expect(await groupAfter(pid, 5_000)).toEqual([]);
});
