#!/usr/bin/env node
import process from 'node:process';
import { runCli } from './cli.js';

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  stderrIsTty: process.stderr.isTTY === true,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  // exitCode rather than exit(): stdout may still be flushing a large response into a pipe.
  process.exitCode = code;
});
