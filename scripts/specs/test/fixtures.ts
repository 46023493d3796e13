// Small hand-made documents and throwaway workspaces for the specs:update tests. Tests work on
// temporary copies only: the repository's specs, manifest and names are never touched.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NamesFile } from '../../codegen/names.ts';
import { defaultSourceDir, describeSpec, type OpenApiDocument, type RegistryPackage, ROOT } from '../lib.ts';

export const REPO = ROOT;

/**
 * The folder holding Zoom's documents, chosen as specs:pull chooses it: ZOOM_SPECS_DIR (relative to
 * the repository) or else the mirror beside the repository. Tests that read real documents call
 * this, so a checkout without ../shared runs them with ZOOM_SPECS_DIR set.
 */
export function mirrorDir(): string {
  const dir = defaultSourceDir(REPO);
  if (!dir || !fs.existsSync(dir)) {
    throw new Error(
      `Zoom's documents are not ${dir ? `at ${dir}` : 'beside the repository (../shared/zoom-specs)'}: ` +
        'set ZOOM_SPECS_DIR to the folder that holds them.',
    );
  }
  return dir;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const ok = (schema: unknown) => ({ description: 'OK', content: { 'application/json': { schema } } });

/** A small Video SDK-like REST document. */
export function api(): OpenApiDocument {
  return {
    openapi: '3.0.0',
    info: { title: 'Video SDK', version: '2' },
    paths: {
      '/videosdk/sessions': {
        get: {
          operationId: 'sessions',
          summary: 'List sessions',
          description: 'Lists the sessions of an account.',
          parameters: [
            { name: 'type', in: 'query', schema: { type: 'string', enum: ['live', 'past'] } },
            { name: 'page_size', in: 'query', schema: { type: 'integer', maximum: 300 } },
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: { 200: ok({ $ref: '#/components/schemas/SessionList' }) },
        },
        post: {
          operationId: 'Createasession',
          summary: 'Create a session',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['session_name'],
                  properties: { session_name: { type: 'string' }, session_password: { type: 'string' } },
                },
              },
            },
          },
          responses: {
            201: {
              description: 'Created',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { session_id: { type: 'string', description: 'The ID.' } } },
                },
              },
            },
          },
        },
      },
      '/videosdk/sessions/{sessionId}': {
        parameters: [{ name: 'sessionId', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          operationId: 'getSession',
          summary: "Get a session's details",
          responses: {
            200: ok({
              type: 'object',
              required: ['id'],
              properties: {
                id: { type: 'string' },
                duration: { type: 'string' },
                status: { type: 'string', enum: ['started', 'ended'] },
              },
            }),
            404: { description: 'Session not found' },
          },
        },
        delete: {
          operationId: 'deleteSession',
          summary: 'Delete a session',
          responses: { 204: { description: 'Deleted' } },
        },
      },
    },
    components: {
      schemas: {
        SessionList: {
          type: 'object',
          properties: {
            next_page_token: { type: 'string' },
            sessions: { type: 'array', items: { $ref: '#/components/schemas/Session' } },
          },
        },
        Session: { type: 'object', properties: { id: { type: 'string' }, session_name: { type: 'string' } } },
      },
      securitySchemes: { openapi_authorization: { type: 'apiKey', name: 'Authorization', in: 'header' } },
    },
  };
}

/** The committed names of api(). */
export const apiNames = (): Record<string, string> => ({
  'GET /videosdk/sessions': 'listSessions',
  'POST /videosdk/sessions': 'createSession',
  'GET /videosdk/sessions/{sessionId}': 'getSessionDetails',
  'DELETE /videosdk/sessions/{sessionId}': 'deleteSession',
});

function event(name: string, objectProperties: Record<string, unknown>): OpenApiDocument {
  const schema = {
    type: 'object',
    required: ['event', 'event_ts', 'payload'],
    properties: {
      event: { type: 'string', enum: [name] },
      event_ts: { type: 'integer', format: 'int64' },
      payload: {
        type: 'object',
        required: ['account_id', 'object'],
        properties: {
          account_id: { type: 'string' },
          object: { type: 'object', properties: objectProperties },
        },
      },
    },
  };
  return {
    post: {
      operationId: name,
      requestBody: { description: `# ${name}`, content: { 'application/json': { schema } } },
      // Zoom's webhook documents leave out the response description, as here.
      responses: { 200: { content: { 'application/json': { schema } } } },
    },
  };
}

/** A small webhook (OpenAPI 3.1) document. */
export function events(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Video SDK', version: '1.0.0' },
    webhooks: {
      'session.started': event('session.started', { id: { type: 'string' }, session_name: { type: 'string' } }),
      'session.ended': event('session.ended', { id: { type: 'string' } }),
    },
  };
}

const created: string[] = [];
export function tempDir(prefix = 'specs-update-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}
/** Removes every folder tempDir() made; call it from afterAll. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A throwaway workspace: specs/manifest.json, specs/names.json, specs/<file> and
 * .changeset/config.json (the repository's).
 */
export function makeWorkspace(
  docs: { id: string; file: string; packages: string[]; doc: OpenApiDocument }[],
  { names = {}, root = tempDir() }: { names?: NamesFile | undefined; root?: string | undefined } = {},
): string {
  fs.mkdirSync(path.join(root, 'specs'), { recursive: true });
  fs.mkdirSync(path.join(root, '.changeset'), { recursive: true });
  fs.cpSync(path.join(REPO, '.changeset', 'config.json'), path.join(root, '.changeset', 'config.json'));
  const specs = docs.map(({ id, file, doc }) => {
    fs.writeFileSync(path.join(root, 'specs', file), json(doc));
    return { id, file, url: `https://example.invalid/${file}`, ...describeSpec(doc) };
  });
  fs.writeFileSync(path.join(root, 'specs', 'manifest.json'), json({ specs, packages: registryOf(docs) }));
  fs.writeFileSync(path.join(root, 'specs', 'names.json'), json(names));
  return root;
}

/** The manifest's package registry for stand-in documents, from each one's `packages`. */
function registryOf(docs: { id: string; packages: string[]; doc: OpenApiDocument }[]): RegistryPackage[] {
  const byName = new Map<string, { name: string; dir: string; specs: { id: string; events: boolean }[] }>();
  for (const { id, packages = [], doc } of docs) {
    for (const name of packages) {
      const pkg = byName.get(name) ?? { name, dir: `packages/${name.split('/')[1]}`, specs: [] };
      pkg.specs.push({ id, events: Boolean(doc.webhooks) });
      byName.set(name, pkg);
    }
  }
  return [...byName.values()].map(({ name, dir, specs }) =>
    specs.some((s) => s.events)
      ? { name, dir, events: specs.map((s) => ({ spec: s.id, label: s.id, union: 'Events', list: 'events' })) }
      : {
          name,
          dir,
          factory: 'createClient',
          cli: { name: dir, title: name },
          entries: specs.map((s) => ({ export: specs.length === 1 ? '.' : `./${s.id}`, spec: s.id })),
        },
  );
}

/** The default small workspace: a REST document and a webhook document. */
export function smallWorkspace(root?: string): string {
  return makeWorkspace(
    [
      { id: 'videosdk', file: 'videosdk.json', packages: ['@zoom-api/videosdk'], doc: api() },
      { id: 'videosdk-events', file: 'videosdk-events.json', packages: ['@zoom-api/webhooks'], doc: events() },
    ],
    { names: { videosdk: apiNames() }, root },
  );
}

/** Writes documents into a fresh source folder for --from. */
export function sourceFolder(files: Record<string, string | OpenApiDocument>): string {
  const dir = tempDir('specs-source-');
  for (const [file, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : json(content));
  }
  return dir;
}

/** Every file under `dir` with the sha256 of its bytes: two equal snapshots mean nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read back files whose shape they assert on.
export const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, 'utf8'));

/** A changeset's first release line, `"@zoom-api/x": minor`. */
export function releaseLine(changeset: string): string {
  const line = changeset.split('\n')[1];
  if (line === undefined) throw new Error(`a changeset without a release line:\n${changeset}`);
  return line;
}

/** The changesets written into `root`, each keyed by its first release line. */
export function changesetsByRelease(root: string): Record<string, string> {
  return Object.fromEntries(changesetFiles(root).map((c) => [releaseLine(c.text), c.text]));
}

export function changesetFiles(root: string): { name: string; text: string }[] {
  return fs
    .readdirSync(path.join(root, '.changeset'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(root, '.changeset', f), 'utf8') }));
}
