// The logic of the `zoom-jwt` command, free of process globals so @zoom-api/cli can reuse it and
// tests can call it directly. `bin.ts` wires it to the real process.
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { decodeJwt } from 'jose/jwt/decode';
import {
  checkApiSecret,
  checkCredential,
  checkExpiresIn,
  DEFAULT_CLOCK_SKEW,
  DEFAULT_EXPIRES_IN,
  MAX_EXPIRES_IN,
} from './options.js';
import { signApiJwt } from './sign.js';

export interface ZoomJwtIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Exit codes: 0 success, 1 signing failed, 2 usage or configuration error. */
export type ZoomJwtExitCode = 0 | 1 | 2;

export const ZOOM_JWT_USAGE = `Usage: zoom-jwt [--expires-in <seconds>] [--decode]

Prints a Zoom API JWT (HS256) signed with your API secret, followed by a newline:

  curl -H "Authorization: Bearer $(zoom-jwt)" https://api.zoom.us/v2/videosdk/sessions

Environment:
  ZOOM_API_KEY       your Zoom API key (required)
  ZOOM_API_SECRET    your Zoom API secret (required)

Options:
  --expires-in <s>   token lifetime in seconds, ${DEFAULT_CLOCK_SKEW + 1} to ${MAX_EXPIRES_IN} (default ${DEFAULT_EXPIRES_IN})
  --decode           print the token's header and payload as JSON instead of the token
  -h, --help         show this help

Exit codes: 0 ok, 1 signing failed, 2 bad usage or missing environment variable.
`;

interface ParsedArgs {
  help: boolean;
  decode: boolean;
  expiresIn: string | undefined;
}

class UsageError extends Error {}

// Only short, number-like values are echoed back: anything else might be a secret pasted into
// the wrong place, and stderr often ends up in logs.
function quoteIfHarmless(value: string): string {
  return /^[0-9.eE+-]{1,20}$/.test(value) ? `'${value}'` : 'a value that is not a whole number';
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { help: false, decode: false, expiresIn: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') parsed.help = true;
    else if (arg === '--decode') parsed.decode = true;
    else if (arg === '--expires-in') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError('--expires-in needs a number of seconds, e.g. --expires-in 3600.');
      }
      parsed.expiresIn = value;
      i++;
    } else if (arg.startsWith('--expires-in=')) parsed.expiresIn = arg.slice('--expires-in='.length);
    else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${quoteOptionName(arg)}. Run zoom-jwt --help for the options.`);
    } else {
      throw new UsageError(
        'zoom-jwt takes no positional arguments; the key and secret come from ZOOM_API_KEY and ZOOM_API_SECRET.',
      );
    }
  }
  return parsed;
}

// Option names are lowercase words; anything else (digits, capitals, long) is not echoed, since
// `zoom-jwt --$SECRET` is an easy slip.
function quoteOptionName(arg: string): string {
  const name = arg.split('=', 1)[0] as string;
  return /^--?[a-z][a-z-]{0,19}$/.test(name) ? `'${name}'` : '(not shown: it might be a secret)';
}

function parseExpiresIn(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_EXPIRES_IN;
  if (!/^\d+$/.test(raw)) {
    throw new UsageError(
      `--expires-in must be a whole number of seconds from ${DEFAULT_CLOCK_SKEW + 1} to ${MAX_EXPIRES_IN}; got ${quoteIfHarmless(raw)}.`,
    );
  }
  try {
    return checkExpiresIn('--expires-in', Number(raw), DEFAULT_CLOCK_SKEW);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function readCredentials(env: Readonly<Record<string, string | undefined>>): { apiKey: string; apiSecret: string } {
  const missing = ['ZOOM_API_KEY', 'ZOOM_API_SECRET'].filter((name) => !env[name]);
  if (missing.length > 0) {
    const list = missing.join(' and ');
    throw new UsageError(
      `${list} ${missing.length > 1 ? 'are' : 'is'} not set. Export your Zoom API key and secret, e.g.\n` +
        '  export ZOOM_API_KEY=... ZOOM_API_SECRET=...',
    );
  }
  try {
    return {
      apiKey: checkCredential('ZOOM_API_KEY', env.ZOOM_API_KEY, 'your Zoom API key'),
      apiSecret: checkApiSecret('ZOOM_API_SECRET', env.ZOOM_API_SECRET),
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs `zoom-jwt` with the given arguments (without node and the script path) and environment,
 * writing to `io`. Resolves to the exit code; never throws.
 */
export async function runZoomJwt(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: ZoomJwtIo,
): Promise<ZoomJwtExitCode> {
  let token: string;
  let decode: boolean;
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout.write(ZOOM_JWT_USAGE);
      return 0;
    }
    decode = args.decode;
    const expiresIn = parseExpiresIn(args.expiresIn);
    const { apiKey, apiSecret } = readCredentials(env);
    token = await signApiJwt({ apiKey, apiSecret, expiresIn, now: io.now ?? Date.now });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`zoom-jwt: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`zoom-jwt: could not sign the token: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
  if (decode) {
    const decoded = { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
    io.stdout.write(`${JSON.stringify(decoded, null, 2)}\n`);
  } else {
    io.stdout.write(`${token}\n`);
  }
  return 0;
}
