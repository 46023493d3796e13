// The clients compared in the call-overhead section. Each `call()` makes one GET of the sessions
// page and resolves to the parsed JSON body, so every variant does the same work: send, receive,
// parse.
import { Agent as HttpAgent, get as httpGet } from 'node:http';
import { VideoSdkClient } from '@zoom/rivet/videosdk';
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';

// Made-up credentials: the local server never checks them.
export const BENCH_CREDENTIALS = Object.freeze({ apiKey: 'bench-api-key', apiSecret: 'bench-api-secret-0123456789' });
export const QUERY = Object.freeze({ from: '2022-09-01', to: '2022-09-02' });

/** One client under test: `call()` fetches the sessions page once and resolves to its parsed body. */
export interface Caller {
  id: string;
  name: string;
  call(): Promise<unknown>;
}

export interface Callers {
  callers: Caller[];
  /** Closes the keep-alive agents the baselines hold. */
  close(): Promise<void>;
}

function queryString(): string {
  return new URLSearchParams(QUERY).toString();
}

function failedStatus(variant: string, status: number | undefined): Error {
  return new Error(`${variant}: the bench server answered ${status}; expected 200.`);
}

/**
 * Builds every variant against `baseUrl` (e.g. http://127.0.0.1:PORT/v2). `token` is a real API
 * JWT minted once, so the baselines send a header of the same length as the client does.
 */
export async function createCallers(baseUrl: string): Promise<Callers> {
  const auth = createZoomAuth({ ...BENCH_CREDENTIALS });
  const token = await auth.getToken();
  const url = `${baseUrl}/videosdk/sessions?${queryString()}`;
  const bearer = { Authorization: `Bearer ${token}` };

  const client = createVideoSdkClient({ auth, baseUrl });

  const rivet = new VideoSdkClient({
    clientId: BENCH_CREDENTIALS.apiKey,
    clientSecret: BENCH_CREDENTIALS.apiSecret,
    baseUrl,
    disableReceiver: true,
  });

  const undiciAgent = new UndiciAgent();
  const httpAgent = new HttpAgent({ keepAlive: true });

  const callers: Caller[] = [
    {
      id: 'a',
      name: 'fetch (global, precomputed bearer)',
      async call() {
        const response = await fetch(url, { headers: bearer });
        if (response.status !== 200) throw failedStatus('fetch', response.status);
        return response.json();
      },
    },
    {
      id: 'b',
      name: '@zoom-api/videosdk listSessions',
      async call() {
        const { data } = await listSessions({ client, query: QUERY });
        return data;
      },
    },
    {
      id: 'c',
      name: '@zoom/rivet 0.4.0 listSessions',
      async call() {
        const { data } = await rivet.endpoints.sessions.listSessions({ query: QUERY });
        return data;
      },
    },
    {
      id: 'd1',
      name: 'undici.request (keep-alive Agent)',
      async call() {
        const { statusCode, body } = await undiciRequest(url, { headers: bearer, dispatcher: undiciAgent });
        if (statusCode !== 200) {
          await body.dump();
          throw failedStatus('undici.request', statusCode);
        }
        return body.json();
      },
    },
    {
      id: 'd2',
      name: 'node:http keep-alive Agent',
      call() {
        return new Promise<unknown>((resolve, reject) => {
          httpGet(url, { agent: httpAgent, headers: bearer }, (response) => {
            if (response.statusCode !== 200) {
              response.resume();
              reject(failedStatus('node:http', response.statusCode));
              return;
            }
            response.setEncoding('utf8');
            let text = '';
            response.on('data', (chunk) => {
              text += chunk;
            });
            response.on('end', () => {
              try {
                resolve(JSON.parse(text));
              } catch (error) {
                reject(error);
              }
            });
            response.on('error', reject);
          }).on('error', reject);
        });
      },
    },
  ];

  const close = async () => {
    httpAgent.destroy();
    await undiciAgent.close();
  };
  return { callers, close };
}
