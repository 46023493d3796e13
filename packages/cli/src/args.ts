// Splits the command line into words, the command's own options and operation parameters
// (`--path.x`, `--query.x`, `--header.x`). Whether a parameter exists is decided later, against
// the operation's table, so messages can list the valid ones.
import { UsageError } from './errors.js';

export const PARAMETER_LOCATIONS = ['path', 'query', 'header'] as const;
export type ParameterLocation = (typeof PARAMETER_LOCATIONS)[number];

export interface ParameterFlag {
  /** As typed, without the value: `--query.from`. */
  readonly flag: string;
  readonly location: ParameterLocation;
  readonly name: string;
  /** Undefined when the flag was given without a value (allowed for boolean parameters). */
  readonly value: string | undefined;
}

export interface ParsedArgs {
  /** Words that are not options: `[product, operation]` or `['list', product]`. */
  readonly words: string[];
  readonly help: boolean;
  readonly all: boolean;
  readonly json: boolean;
  readonly mock: boolean;
  readonly body: string | undefined;
  readonly baseUrl: string | undefined;
  readonly timeout: string | undefined;
  /** `zoom-api list --plan`: whose rate limits to show. */
  readonly plan: string | undefined;
  readonly parameters: ParameterFlag[];
  /** Options that are neither ours nor parameter flags, e.g. `--from` for `--query.from`. */
  readonly unknown: string[];
}

const SWITCHES = ['all', 'json', 'mock', 'help'] as const;
const VALUED = ['body', 'base-url', 'timeout', 'plan'] as const;
export const COMMAND_OPTIONS = [...SWITCHES, ...VALUED].map((name) => `--${name}`);

type Valued = (typeof VALUED)[number];

function isOption(token: string | undefined): boolean {
  return token?.startsWith('--') === true;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const switches = new Set<string>();
  const valued = new Map<Valued, string>();
  const parameters: ParameterFlag[] = [];
  const unknown: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '-h') {
      switches.add('help');
      continue;
    }
    if (!isOption(token)) {
      words.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const flag = equals === -1 ? token : token.slice(0, equals);
    const inline = equals === -1 ? undefined : token.slice(equals + 1);
    // Takes the value after `=`, or the next word unless that is another option.
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      if (isOption(argv[i + 1]) || argv[i + 1] === undefined) return undefined;
      i++;
      return argv[i];
    };
    const name = flag.slice(2);

    if ((SWITCHES as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value; write just ${flag}.`);
      switches.add(name);
    } else if ((VALUED as readonly string[]).includes(name)) {
      const value = takeValue();
      if (value === undefined) throw new UsageError(`${flag} needs a value, e.g. ${example(name as Valued)}.`);
      valued.set(name as Valued, value);
    } else {
      const dot = name.indexOf('.');
      const location = name.slice(0, dot) as ParameterLocation;
      if (dot > 0 && PARAMETER_LOCATIONS.includes(location) && dot < name.length - 1) {
        parameters.push({ flag, location, name: name.slice(dot + 1), value: takeValue() });
      } else {
        takeValue();
        unknown.push(flag);
      }
    }
  }

  return {
    words,
    help: switches.has('help'),
    all: switches.has('all'),
    json: switches.has('json'),
    mock: switches.has('mock'),
    body: valued.get('body'),
    baseUrl: valued.get('base-url'),
    timeout: valued.get('timeout'),
    plan: valued.get('plan'),
    parameters,
    unknown,
  };
}

function example(name: Valued): string {
  switch (name) {
    case 'body':
      return `--body '{"name":"value"}' or --body @file.json`;
    case 'base-url':
      return '--base-url http://127.0.0.1:4010';
    case 'timeout':
      return '--timeout 30000';
    case 'plan':
      return '--plan business';
  }
}
