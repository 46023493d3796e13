// The Redactor every line of CLI output passes through (the shared redaction, tested for every length in
// packages/internal): a secret is hidden at any length, a short one (which also occurs inside ordinary
// words) where it stands as a value; and the command refuses a secret too short to be Zoom's.
import { startServer } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/redact.js';
import { cleanEnv, runCli } from './helpers.js';

function redactorFor(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor;
}

describe('Redactor', () => {
  it('hides a long secret wherever it occurs, also JSON-escaped', () => {
    const secret = 'long-secret"with\\quotes';
    const r = redactorFor(secret);
    expect(r.redact(`a${secret}b ${JSON.stringify({ secret })}`)).toBe('a[redacted]b {"secret":"[redacted]"}');
  });

  it.each(['x', 'ab', 'k9Z', '12345'])('hides the short secret %s where it stands as a value', (secret) => {
    const r = redactorFor(secret);
    const leaks = [
      JSON.stringify({ code: 124, message: 'bad secret', secret }, null, 2),
      `{"apiSecret":"${secret}","other":1}`,
      `got '${secret}' from the environment`,
      `authorization: Bearer ${secret}`,
      `https://example.test/cb?secret=${secret}&next=1`,
      `ZOOM_API_SECRET=${secret}\n`,
      `apiSecret: ${secret}\n`,
      `${secret}\n`,
      secret,
    ];
    for (const text of leaks) {
      const out = r.redact(text);
      expect(out).toContain('[redacted]');
      expect(out.replaceAll('[redacted]', '')).not.toMatch(new RegExp(`(^|[\\s"'\`=:])${secret}($|[\\s"'\`&,;)}\\]])`));
    }
  });

  it('leaves unrelated output alone when a secret is short', () => {
    const output = [
      'zoom-api: videosdk has no operation listSesions. Did you mean listSessions? Run zoom-api list videosdk to see all 42.',
      '{\n  "sessions": [\n    { "id": "abc-123", "session_name": "Standup x2", "page_size": 12 }\n  ]\n}',
      'GET http://127.0.0.1:8080/v2/videosdk/sessions failed to connect: connect ECONNREFUSED 127.0.0.1:8080.',
    ].join('\n');
    for (const secret of ['x', 'a', 'to', 'abc', 'id', '12', 'Stand']) {
      expect(redactorFor(secret).redact(output)).toBe(output);
    }
  });

  it('ignores an empty or missing secret', () => {
    const r = redactorFor('', undefined as unknown as string);
    expect(r.redact('nothing "" to hide')).toBe('nothing "" to hide');
  });

  it('wrap() redacts every write', () => {
    const written: string[] = [];
    const out = redactorFor('s3').wrap({ write: (text) => written.push(text) });
    out.write('{"secret":"s3"}\n');
    expect(written).toEqual(['{"secret":"[redacted]"}\n']);
  });
});

// Fault injection: a 5-character ZOOM_API_SECRET was accepted, and then leaked in 5 of 8 placements
// where it could not be told from ordinary text. Such a secret is now refused before anything is sent.
describe('zoom-api with a secret too short to be Zoom’s', () => {
  it.each([
    ['a call', ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02', '--base-url']],
    ['jwt', ['jwt']],
  ])('%s: refused before any request, naming the variable and never the value', async (_name, args) => {
    const secret = 'q7x9z';
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    try {
      const env = cleanEnv({ ZOOM_API_KEY: 'cli-redact-key', ZOOM_API_SECRET: secret });
      const run = await runCli(args.includes('--base-url') ? [...args, `${server.baseUrl}/v2`] : args, { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/ZOOM_API_SECRET is shorter than 16 characters, so it cannot be a Zoom API secret/);
      expect(run.output).not.toContain(secret);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe('zoom-api with the shortest secret it accepts (16 characters)', () => {
  it('hides it in every placement a server echoes it in, and prints the rest untouched', async () => {
    const secret = 'q7/Sixteen+Ch=rs';
    const encoded = encodeURIComponent(secret);
    // What a misbehaving server or proxy sends back: each a status, headers and a body.
    const echoes: Array<[number, Record<string, string>, unknown]> = [
      [400, {}, { code: 300, message: `The API secret ${secret} is invalid.` }],
      [400, {}, { code: 300, message: secret }],
      [400, { 'x-zm-trackingid': `trk-${secret}` }, { code: 300, message: 'see tracking id' }],
      [400, {}, { code: 300, message: `callback https://example.test/cb?secret=${encoded}&next=1 failed` }],
      [400, {}, { code: 300, message: `Authorization: Bearer ${secret}` }],
      [200, {}, { sessions: [{ id: 'q7x', session_name: secret, note: `key=${encoded}` }] }],
      [200, {}, { sessions: [], debug: JSON.stringify({ apiSecret: secret }) }],
      [200, {}, { sessions: [], echo: `secret '${secret}' in a sentence` }],
    ];
    let call = 0;
    const server = await startServer((_req, res) => {
      const [status, headers, body] = echoes[call++] as (typeof echoes)[0];
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
    try {
      const env = cleanEnv({ ZOOM_API_KEY: 'cli-redact-key', ZOOM_API_SECRET: secret });
      const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02'];
      const runs = [];
      for (let i = 0; i < echoes.length; i++) {
        runs.push(await runCli([...args, '--base-url', `${server.baseUrl}/v2`], { env }));
      }
      for (const [i, run] of runs.entries()) {
        for (const form of [secret, encoded, JSON.stringify(secret).slice(1, -1)]) {
          expect(run.output.includes(form), `placement ${i}: ${run.output}`).toBe(false);
        }
        expect(run.output, `placement ${i}`).toContain('[redacted]');
      }
      expect(runs[0]?.stderr).toContain('message: The API secret [redacted] is invalid.');
      expect(runs[1]?.stderr).toContain('message: [redacted]\n');
      expect(runs[0]?.stderr).toContain(`HTTP 400 Bad Request from GET ${server.baseUrl}/v2/videosdk/sessions`);
      expect(JSON.parse(runs[5]?.stdout ?? '')).toEqual({
        sessions: [{ id: 'q7x', session_name: '[redacted]', note: 'key=[redacted]' }],
      });
    } finally {
      await server.close();
    }
  });
});
