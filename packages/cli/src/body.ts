// Reads `--body`: inline JSON, `@file.json`, or `@-` for standard input. For multipart operations
// (file uploads), a string field written `@path` becomes that file's contents.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OperationInfo } from '@zoom-api/core';
import { UsageError } from './errors.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function readSource(raw: string, stdin: NodeJS.ReadableStream): Promise<{ text: string; source: string }> {
  if (raw === '@-') return { text: await readStdin(stdin), source: 'standard input' };
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    try {
      return { text: await readFile(file, 'utf8'), source: file };
    } catch (error) {
      throw new UsageError(`--body ${raw}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`);
    }
  }
  return { text: raw, source: '--body' };
}

async function attachFiles(body: unknown): Promise<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const form: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && value.startsWith('@')) {
      const file = value.slice(1);
      try {
        form[key] = new File([await readFile(file)], basename(file));
      } catch (error) {
        throw new UsageError(`--body field ${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`);
      }
    } else form[key] = value;
  }
  return form;
}

/** The request body for `op`, or undefined when none was given (and none is required). */
export async function readBody(
  op: OperationInfo,
  raw: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<unknown> {
  if (raw === undefined) {
    if (op.body?.required) {
      throw new UsageError(`${op.name} needs a request body: --body '{…}' or --body @file.json.`);
    }
    return undefined;
  }
  if (!op.body) throw new UsageError(`${op.name} (${op.method} ${op.path}) takes no request body; drop --body.`);
  const { text, source } = await readSource(raw, stdin);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the body from ${source} is not valid JSON: ${(error as Error).message}.`);
  }
  const multipartOnly =
    !op.body.contentTypes.includes('application/json') && op.body.contentTypes.includes('multipart/form-data');
  return multipartOnly ? attachFiles(parsed) : parsed;
}
