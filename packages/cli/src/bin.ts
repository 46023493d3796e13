#!/usr/bin/env node
import { dirname } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTty: process.stderr.isTTY === true,
  stdinIsTty: process.stdin.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
  installDir: dirname(fileURLToPath(import.meta.url)),
}).then((code) => {
  // exitCode rather than exit(): stdout may still be flushing a large response into a pipe.
  process.exitCode = code;
});
