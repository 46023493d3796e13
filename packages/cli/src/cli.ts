// The `zoom-api` command: reads the command line, finds the product and operation, and hands off to
// `list`, help, `jwt` or a call. Every path resolves to an exit code; nothing is thrown out of here.
import { type OperationInfo, RATE_LIMIT_PLANS, type RateLimitPlan } from '@zoom-api/core';
import { COMMAND_OPTIONS, type ParsedArgs, parseArgs } from './args.js';
import { readBody } from './body.js';
import { callOperation } from './call.js';
import { authFromEnv, MOCK_CREDENTIALS } from './credentials.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { describeDocument, listHelp, operationHelp, operationsList, productHelp, topHelp } from './help.js';
import { buildParameters, unknownParameterMessage } from './params.js';
import { findProduct, PRODUCTS, type Product } from './products.js';
import { Redactor, type Writer } from './redact.js';
import { closest } from './suggest.js';
import { runWebhooks } from './webhooks.js';

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin: NodeJS.ReadableStream;
  stderrIsTty?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

interface Output {
  stdout: Writer;
  stderr: Writer;
}

/** Options `--mock` took while it ran Prism on a document it had to find, and why they are gone. */
const RETIRED_OPTIONS: Readonly<Record<string, string>> = {
  '--spec':
    '--spec is gone: --mock answers from the Zoom documents built into @zoom-api/testing, which `npm update @zoom-api/cli` brings up to date. Drop --spec.',
  '--install-mock': '--install-mock is gone: --mock runs a fake Zoom in the CLI itself and installs nothing. Drop it.',
};

function rejectRetired(flag: string | undefined): void {
  const why = flag === undefined ? undefined : RETIRED_OPTIONS[flag];
  if (why) throw new UsageError(why);
}

function rejectUnknownOptions(args: ParsedArgs, allowed: readonly string[]): void {
  const [flag] = args.unknown;
  if (flag === undefined) return;
  rejectRetired(flag);
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
  ].filter(Boolean);
  if (given.length > 0) throw new UsageError(`${given[0]} is for operation calls; ${command} does not take it.`);
}

function parsePlan(raw: string | undefined): RateLimitPlan {
  if (raw === undefined) return 'pro';
  if (raw === 'free' || raw === 'pro' || raw === 'business') return raw;
  throw new UsageError(
    `--plan must be free, pro or business (Business, Education, Enterprise and Partner accounts); got '${raw}'.`,
  );
}

async function list(args: ParsedArgs, out: Output): Promise<number> {
  rejectUnknownOptions(args, ['--json', '--help', '--plan']);
  rejectCallOptions(args, 'zoom-api list');
  const plan = parsePlan(args.plan);
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
      operations.map(({ name, method, path, summary, rateLimit }) => ({
        product: product.name,
        name,
        method,
        path,
        summary,
        rateLimit: { ...rateLimit, plan, ...RATE_LIMIT_PLANS[plan][rateLimit.category] },
      })),
    );
    out.stdout.write(`${JSON.stringify(all)}\n`);
  } else {
    out.stdout.write(rows.map(({ product, operations }) => operationsList(product, operations, plan)).join('\n'));
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

/** `--base-url`, or ZOOM_API_BASE_URL as the packages read it (an empty value is unset). */
function parseBaseUrl(raw: string | undefined, source: '--base-url' | 'ZOOM_API_BASE_URL'): string | undefined {
  if (raw === undefined || (raw === '' && source === 'ZOOM_API_BASE_URL')) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source} must be an absolute http(s) URL such as https://api.zoom.us/v2; got '${raw}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must use http or https; got ${url.protocol}`);
  }
  return raw.replace(/\/+$/, '');
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
  rejectRetired(unknown);
  if (unknown !== undefined) {
    const near = closest(unknown, COMMAND_OPTIONS);
    throw new UsageError(
      near ? `unknown option ${unknown}. Did you mean ${near}?` : unknownParameterMessage(op, unknown),
    );
  }

  if (args.plan !== undefined) throw new UsageError('--plan is for zoom-api list; a call does not take it.');
  const parameters = buildParameters(op, args.parameters);
  const body = await readBody(op, args.body, io.stdin);
  const timeout = parseTimeout(args.timeout);
  const baseUrl = parseBaseUrl(args.baseUrl, '--base-url');
  if (args.all && !op.parameters.some((p) => p.in === 'query' && p.name === 'next_page_token')) {
    throw new UsageError(`${op.name} is not paginated (it has no next_page_token parameter); drop --all.`);
  }
  if (args.mock && baseUrl !== undefined) {
    throw new UsageError('--mock and --base-url both say where to send the request; use one of them.');
  }
  const auth = authFromEnv(io.env, args.mock, redactor);
  const call = (url: string | undefined) =>
    callOperation(
      { product: loaded, op, parameters, body, auth, baseUrl: url, timeout, all: args.all, json: args.json },
      { stdout: out.stdout, stderr: out.stderr, stderrIsTty: io.stderrIsTty === true },
    );
  // The environment's base URL, as the packages' own clients take it; --base-url and --mock win over it.
  if (!args.mock) return call(baseUrl ?? parseBaseUrl(io.env.ZOOM_API_BASE_URL, 'ZOOM_API_BASE_URL'));
  // The fake runs in this process, on 127.0.0.1: it ends with the call, or with the process on Ctrl-C. Loaded
  // here, so that calls to Zoom do not load it.
  const { createFakeZoom, ZOOM_DOCUMENTS } = await import('@zoom-api/testing');
  const zoom = await createFakeZoom(MOCK_CREDENTIALS);
  try {
    out.stderr.write(`zoom-api: mock: a fake Zoom (@zoom-api/testing) answers at ${zoom.baseUrl}\n`);
    return await call(zoom.baseUrl);
  } finally {
    // Which of Zoom's documents answered, so that a user can tell whether the fake's are current.
    const answered = new Set(zoom.calls().map((c) => c.document));
    for (const doc of ZOOM_DOCUMENTS.filter((d) => answered.has(d.id)))
      out.stderr.write(`zoom-api: mock: answered from ${doc.file} (${describeDocument(doc)})\n`);
    await zoom.close();
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

// Replaced at build time with this package's version (tsdown.base.ts).
declare const __ZOOM_API_VERSION__: string;
const VERSION_FLAGS = ['--version', '-v', '-V'];

/**
 * The CLI's version on the first line (what scripts read), then the Zoom documents `--mock` answers from: they
 * come with @zoom-api/testing, so a user can see whether they are Zoom's current ones.
 */
async function versionText(): Promise<string> {
  const { ZOOM_DOCUMENTS } = await import('@zoom-api/testing');
  const width = Math.max(...ZOOM_DOCUMENTS.map((d) => d.file.length));
  const rows = ZOOM_DOCUMENTS.map((d) => `  ${d.file.padEnd(width)}  ${describeDocument(d)}`);
  return `${__ZOOM_API_VERSION__}\n--mock answers from Zoom's documents (through @zoom-api/testing):\n${rows.join('\n')}\n`;
}

/** Runs `zoom-api` with `argv` (without node and the script). Resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  redactor.add(io.env.ZOOM_API_SECRET);
  const out: Output = { stdout: redactor.wrap(io.stdout), stderr: redactor.wrap(io.stderr) };
  try {
    // Printing a token is the point of `jwt`, so its stdout is the one output not redacted.
    if (argv.length === 1 && VERSION_FLAGS.includes(argv[0] as string)) {
      out.stdout.write(await versionText());
      return EXIT_OK;
    }
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
