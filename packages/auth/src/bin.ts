#!/usr/bin/env node
import process from 'node:process';
import { runZoomJwt } from './cli.js';

runZoomJwt(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
