// Schema cycles that break code generation, found before codegen runs.
//
// Not every cycle is a problem. A schema that reaches itself through an object's `properties`,
// `additionalProperties`, `patternProperties` or an array's `items` is a recursive data type (a
// tree, a linked list); @hey-api/openapi-ts generates `type Tree = { children?: Array<Tree> }`,
// which TypeScript accepts. What breaks is a cycle made only of "this schema IS that one" steps,
// with no container in between (tried with the real generator, @hey-api/openapi-ts 0.99.0, on small
// hand-written documents):
//   - through `allOf` (`A: { allOf: [{ $ref: A }] }`, or A → B → A): the generator recurses
//     without end and dies with "Maximum call stack size exceeded", an empty message and an
//     openapi-ts-error-*.log left in the package;
//   - through `$ref` alone (A: { $ref: B }, B: { $ref: A }) or a `oneOf`/`anyOf` member: it
//     "succeeds" but writes `export type A = B; export type B = B;` / `type A = A | string`,
//     which tsc rejects (TS2456, a type alias that circularly references itself); Redocly's lint
//     meanwhile throws "Self-referencing circular pointer" without naming file or place.
// Such a schema describes no value anyway, so both are refused, naming the document and pointer.
import { decodePointer, encodePointer, resolvePointer } from '../lib/json-pointer.ts';

export interface SchemaCycle {
  /** 'allOf' when a step of the cycle is an allOf member (codegen overflows), else '$ref'. */
  kind: 'allOf' | '$ref';
  /** Where the cycle was entered: the first schema of `path`, as a "#/…" pointer. */
  pointer: string;
  /** The schemas round the cycle, ending where it started. */
  path: string[];
}

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

type Tokens = (string | number)[];
interface Step {
  to: Tokens;
  node: unknown;
  allOf: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The "is the same value as" steps out of a schema: its local $ref and its composition members. */
function steps(doc: unknown, at: Tokens, node: Record<string, unknown>): Step[] {
  const out: Step[] = [];
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    try {
      const target = resolvePointer(doc, node.$ref);
      // An unresolvable $ref is Redocly's to report (no-unresolved-refs).
      if (isObject(target)) out.push({ to: decodePointer(node.$ref), node: target, allOf: false });
    } catch {
      // A malformed pointer: likewise left to the lint.
    }
  }
  for (const key of COMPOSITIONS) {
    const members = node[key];
    if (Array.isArray(members))
      members.forEach((m, i) => {
        if (isObject(m)) out.push({ to: [...at, key, i], node: m, allOf: key === 'allOf' });
      });
  }
  return out;
}

/** Every cycle of $ref/allOf/oneOf/anyOf steps in the document, each reported once, in document order. */
export function findSchemaCycles(doc: unknown): SchemaCycle[] {
  const cycles: SchemaCycle[] = [];
  const done = new Set<string>();
  const onStack = new Map<string, number>();
  const stack: { pointer: string; allOf: boolean }[] = [];

  const visit = (at: Tokens, node: Record<string, unknown>, viaAllOf: boolean) => {
    const pointer = encodePointer(at, { fragment: true });
    const index = onStack.get(pointer);
    if (index !== undefined) {
      const round = [...stack.slice(index), { pointer, allOf: viaAllOf }];
      cycles.push({
        kind: round.slice(1).some((s) => s.allOf) ? 'allOf' : '$ref',
        // Where the cycle starts is where this step arrives again.
        pointer,
        path: round.map((s) => s.pointer),
      });
      return;
    }
    if (done.has(pointer)) return;
    onStack.set(pointer, stack.length);
    stack.push({ pointer, allOf: viaAllOf });
    for (const step of steps(doc, at, node)) visit(step.to, step.node as Record<string, unknown>, step.allOf);
    stack.pop();
    onStack.delete(pointer);
    done.add(pointer);
  };

  // Every object of the document is a possible start, in document order.
  const walk = (at: Tokens, node: unknown) => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk([...at, i], v);
    } else if (isObject(node)) {
      if (!done.has(encodePointer(at, { fragment: true }))) visit(at, node, false);
      for (const [k, v] of Object.entries(node)) walk([...at, k], v);
    }
  };
  walk([], doc);
  return cycles;
}

/** One line per cycle: "#/components/schemas/A: allOf cycle (A → A/allOf/0 → A); …". */
export function describeCycle(cycle: SchemaCycle): string {
  const why =
    cycle.kind === 'allOf'
      ? 'code generation would recurse until the stack overflows'
      : 'the generated type would be an alias of itself (TS2456)';
  return `${cycle.kind} cycle ${cycle.path.join(' → ')}: ${why}`;
}
