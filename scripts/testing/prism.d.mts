export interface StartPrismOptions {
  /** Path of the OpenAPI document to mock (resolved against the current directory). */
  spec: string;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Extra `prism mock` arguments, e.g. `['--errors']`. */
  args?: readonly string[];
  /** Milliseconds to wait for Prism to listen; defaults to 60 000. */
  startupTimeout?: number;
}

export interface PrismServer {
  /** `http://127.0.0.1:<port>`; Prism serves the document's paths at its root (no `/v2`). */
  baseUrl: string;
  port: number;
  /** Process id of Prism, which also leads Prism's process group. */
  pid: number;
  /** The last lines Prism printed, without colours. */
  output(): string;
  /** Ends Prism's whole process group; resolves once Prism has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export function startPrism(options: StartPrismOptions): Promise<PrismServer>;
/** The path of Prism's CLI script inside node_modules. */
export function prismCliPath(): string;
/** True while any process of the group led by `pgid` exists. */
export function groupAlive(pgid: number): boolean;
