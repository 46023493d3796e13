// The Redactor every line of CLI output passes through: a secret is hidden at any length, and a
// short one (which also occurs inside ordinary words) only where it stands as a value.
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

describe('zoom-api with a 2-character secret', () => {
  it('hides it where a server echoes it, and prints the rest untouched', async () => {
    const secret = 'q7';
    const echoes = [`The API secret '${secret}' is invalid.`, secret];
    let call = 0;
    const server = await startServer((_req, res) => {
      const message = echoes[call++ % echoes.length];
      if (call > echoes.length) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sessions: [{ id: 'q7x', session_name: secret, note: `key=${secret}` }] }));
        return;
      }
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 300, message }));
    });
    try {
      const env = cleanEnv({ ZOOM_API_KEY: 'cli-redact-key', ZOOM_API_SECRET: secret });
      const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02'];
      const runs = [];
      for (let i = 0; i <= echoes.length; i++) {
        runs.push(await runCli([...args, '--base-url', `${server.baseUrl}/v2`], { env }));
      }
      const [quoted, bare, ok] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
      expect(quoted.stderr).toContain("message: The API secret '[redacted]' is invalid.");
      expect(bare.stderr).toContain('message: [redacted]\n');
      expect(bare.stderr).toContain(`HTTP 400 Bad Request from GET ${server.baseUrl}/v2/videosdk/sessions`);
      expect(JSON.parse(ok.stdout)).toEqual({
        sessions: [{ id: 'q7x', session_name: '[redacted]', note: 'key=[redacted]' }],
      });
    } finally {
      await server.close();
    }
  });
});
