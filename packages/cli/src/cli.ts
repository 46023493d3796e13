// The `zoom-api` command: reads the command line, finds the product and operation, and hands off to
// `list`, help, `jwt` or a call. Every path resolves to an exit code; nothing is thrown out of here.
import { createInterface } from 'node:readline';
import type { OperationInfo } from '@zoom-api/core';
import { COMMAND_OPTIONS, type ParsedArgs, parseArgs } from './args.js';
import { readBody } from './body.js';
import { callOperation } from './call.js';
import { authFromEnv } from './credentials.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { listHelp, operationHelp, operationsList, productHelp, topHelp } from './help.js';
import { type PrismServer, startPrism } from './mock.js';
import { buildParameters, unknownParameterMessage } from './params.js';
import { findPrism } from './prism-install.js';
import { findProduct, PRODUCTS, type Product } from './products.js';
import { Redactor, type Writer } from './redact.js';
import { locateSpec } from './spec-file.js';
import { closest } from './suggest.js';
import { runWebhooks } from './webhooks.js';

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin: NodeJS.ReadableStream;
  stderrIsTty?: boolean;
  /** Whether stdin is a terminal: only then may --mock ask before installing Prism. */
  stdinIsTty?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Where to look for specs/ when the working directory is outside the workspace (the CLI's own folder). */
  installDir?: string;
}

interface Output {
  stdout: Writer;
  stderr: Writer;
}

function rejectUnknownOptions(args: ParsedArgs, allowed: readonly string[]): void {
  const [flag] = args.unknown;
  if (flag === undefined) return;
  const guess = closest(flag, allowed);
  throw new UsageError(
    `unknown option ${flag}.${guess ? ` Did you mean ${guess}?` : ''} Run zoom-api --help for the options.`,
  );
}

function rejectCallOptions(args: ParsedArgs, command: string): void {
  const given = [
    args.parameters[0]?.flag,
    args.body !== undefined && '--body',
    args.all && '--all',
    args.mock && '--mock',
    args.baseUrl !== undefined && '--base-url',
    args.timeout !== undefined && '--timeout',
    args.spec !== undefined && '--spec',
    args.installMock && '--install-mock',
  ].filter(Boolean);
  if (given.length > 0) throw new UsageError(`${given[0]} is for operation calls; ${command} does not take it.`);
}

async function list(args: ParsedArgs, out: Output): Promise<number> {
  rejectUnknownOptions(args, ['--json', '--help']);
  rejectCallOptions(args, 'zoom-api list');
  if (args.help) {
    out.stdout.write(listHelp());
    return EXIT_OK;
  }
  const [, name, extra] = args.words;
  if (extra !== undefined) throw new UsageError(`zoom-api list takes at most one product; got '${extra}' too.`);
  const products = name === undefined ? PRODUCTS : [requireProduct(name)];
  const rows: { product: Product; operations: readonly OperationInfo[] }[] = [];
  for (const product of products) rows.push({ product, operations: (await product.load()).operations });
  if (args.json) {
    const all = rows.flatMap(({ product, operations }) =>
      operations.map(({ name, method, path, summary }) => ({ product: product.name, name, method, path, summary })),
    );
    out.stdout.write(`${JSON.stringify(all)}\n`);
  } else {
    out.stdout.write(rows.map(({ product, operations }) => operationsList(product, operations)).join('\n'));
  }
  return EXIT_OK;
}

function requireProduct(name: string): Product {
  const product = findProduct(name);
  if (product) return product;
  const names = PRODUCTS.map((p) => p.name);
  const guess = closest(name, [...names, 'list', 'jwt', 'webhooks']);
  throw new UsageError(
    `unknown product or command '${name}'.${guess ? ` Did you mean ${guess}?` : ''} ` +
      `Products: ${names.join(', ')}; commands: list, jwt, webhooks. Run zoom-api --help.`,
  );
}

// The longest delay a Node timer supports.
const MAX_TIMEOUT = 2_147_483_647;

function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_TIMEOUT) {
    throw new UsageError(`--timeout must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT}; got '${raw}'.`);
  }
  return Number(raw);
}

function parseBaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL such as https://api.zoom.us/v2; got '${raw}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base-url must use http or https; got ${url.protocol}`);
  }
  return raw.replace(/\/+$/, '');
}

/** Starts Prism for the call and stops it afterwards, also on Ctrl-C or a termination signal. */
async function withMock(
  spec: string,
  prismCli: string,
  out: Output,
  run: (baseUrl: string) => Promise<number>,
): Promise<number> {
  // Handlers go in before Prism starts and stay until it has stopped, so a signal at any moment
  // in between stops Prism first. (If we die anyway, Prism's watchdog notices; see mock.ts.)
  let starting: Promise<PrismServer> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    void (starting ?? Promise.reject())
      .then((prism) => prism.stop())
      .catch(() => {})
      .finally(() => process.exit(code));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  try {
    starting = startPrism({ spec, prism: prismCli });
    const prism = await starting;
    out.stderr.write(`zoom-api: mock: Prism (pid ${prism.pid}) serving ${spec} at ${prism.baseUrl}\n`);
    try {
      return await run(prism.baseUrl);
    } finally {
      await prism.stop();
    }
  } finally {
    for (const signal of signals) process.removeListener(signal, onSignal);
  }
}

async function callCommand(args: ParsedArgs, io: CliIo, out: Output, redactor: Redactor): Promise<number> {
  const [productName, operationName, extra] = args.words as [string, string | undefined, string | undefined];
  const product = requireProduct(productName);
  const loaded = await product.load();
  if (operationName === undefined) {
    rejectUnknownOptions(args, ['--help']);
    if (args.help) {
      out.stdout.write(productHelp(product, loaded.operations));
      return EXIT_OK;
    }
    out.stderr.write(productHelp(product, loaded.operations));
    out.stderr.write(
      `\nzoom-api: name an operation of ${product.name}, e.g. zoom-api ${product.name} ${loaded.operations[0]?.name}\n`,
    );
    return EXIT_USAGE;
  }
  const op = loaded.operations.find((o) => o.name === operationName);
  if (!op) {
    const guess = closest(
      operationName,
      loaded.operations.map((o) => o.name),
    );
    throw new UsageError(
      `${product.name} has no operation '${operationName}'.${guess ? ` Did you mean ${guess}?` : ''} ` +
        `Run zoom-api list ${product.name} to see all ${loaded.operations.length}.`,
    );
  }
  if (args.help) {
    out.stdout.write(operationHelp(product, op));
    return EXIT_OK;
  }
  if (extra !== undefined) {
    throw new UsageError(`unexpected '${extra}' after ${op.name}; parameters are flags such as --path.<name> <value>.`);
  }
  const [unknown] = args.unknown;
  if (unknown !== undefined) {
    const near = closest(unknown, COMMAND_OPTIONS);
    throw new UsageError(
      near ? `unknown option ${unknown}. Did you mean ${near}?` : unknownParameterMessage(op, unknown),
    );
  }

  const parameters = buildParameters(op, args.parameters);
  const body = await readBody(op, args.body, io.stdin);
  const timeout = parseTimeout(args.timeout);
  const baseUrl = parseBaseUrl(args.baseUrl);
  if (args.all && !op.parameters.some((p) => p.in === 'query' && p.name === 'next_page_token')) {
    throw new UsageError(`${op.name} is not paginated (it has no next_page_token parameter); drop --all.`);
  }
  if (args.mock && baseUrl !== undefined) {
    throw new UsageError('--mock and --base-url both say where to send the request; use one of them.');
  }
  if (args.spec !== undefined && !args.mock) throw new UsageError('--spec only applies to --mock; add --mock.');
  if (args.installMock && !args.mock) throw new UsageError('--install-mock only applies to --mock; add --mock.');
  const auth = authFromEnv(io.env, args.mock, redactor);
  const call = (url: string | undefined) =>
    callOperation(
      { product: loaded, op, parameters, body, auth, baseUrl: url, timeout, all: args.all, json: args.json },
      { stdout: out.stdout, stderr: out.stderr, stderrIsTty: io.stderrIsTty === true },
    );
  if (!args.mock) return call(baseUrl);
  const note = (line: string) => out.stderr.write(`zoom-api: mock: ${line}\n`);
  const spec = await locateSpec(loaded.specIdFor(op.name), {
    spec: args.spec,
    cwd: io.cwd,
    env: io.env,
    installDir: io.installDir,
    note,
  });
  const prism = await findPrism({
    cwd: io.cwd,
    env: io.env,
    installFlag: args.installMock,
    ask:
      io.stdinIsTty === true && io.stderrIsTty === true ? (question) => ask(question, io.stdin, out.stderr) : undefined,
    note,
  });
  return withMock(spec, prism, out, call);
}

/** One yes/no question on the terminal; anything but y or yes is no. */
async function ask(question: string, stdin: NodeJS.ReadableStream, stderr: Writer): Promise<boolean> {
  stderr.write(question);
  const rl = createInterface({ input: stdin, terminal: false });
  try {
    const answer = await new Promise<string>((ok) => {
      rl.once('line', ok);
      // Ctrl-D: no answer is a no.
      rl.once('close', () => ok(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function jwt(argv: readonly string[], io: Output, env: CliIo['env']): Promise<number> {
  const help = argv.includes('--help') || argv.includes('-h');
  // The token itself goes to stdout untouched; messages are relabelled as ours.
  const rename = (text: string) => text.replace(/zoom-jwt/g, 'zoom-api jwt');
  const { runZoomJwt } = await import('@zoom-api/auth/cli');
  return runZoomJwt(argv, env, {
    stdout: help ? { write: (text: string) => io.stdout.write(rename(text)) } : io.stdout,
    stderr: { write: (text: string) => io.stderr.write(rename(text)) },
  });
}

/** Runs `zoom-api` with `argv` (without node and the script). Resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  redactor.add(io.env.ZOOM_API_SECRET);
  const out: Output = { stdout: redactor.wrap(io.stdout), stderr: redactor.wrap(io.stderr) };
  try {
    // Printing a token is the point of `jwt`, so its stdout is the one output not redacted.
    if (argv[0] === 'jwt') return await jwt(argv.slice(1), { stdout: io.stdout, stderr: out.stderr }, io.env);
    if (argv[0] === 'webhooks') return await runWebhooks(argv.slice(1), io.env, out);
    const args = parseArgs(argv);
    const [first] = args.words;
    if (first === undefined || first === 'help') {
      if (args.help || first === 'help') {
        out.stdout.write(topHelp());
        return EXIT_OK;
      }
      out.stderr.write(topHelp());
      return EXIT_USAGE;
    }
    if (first === 'list') return await list(args, out);
    return await callCommand(args, io, out, redactor);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr.write(`zoom-api: ${error.message}\n`);
      return EXIT_USAGE;
    }
    out.stderr.write(`zoom-api: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
