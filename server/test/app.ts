/**
 * The application over a fresh test database, driven through app.inject() (no network), with
 * logged-in clients that carry the session cookie and CSRF token like the web app does.
 */
import type { InjectOptions, LightMyRequestResponse as Response } from 'fastify';
import { type App, build } from '../app.js';
import type { AppSettings } from '../platform/instance.js';
import { PiiCipher } from '../platform/pii.js';
import { SESSION_COOKIE } from '../modules/auth/access.plugin.js';
import { type TestDatabase, freshDatabase } from './database.js';
import { FIXTURE_PASSWORD } from './fixtures.js';

export interface Client {
  username: string;
  csrfToken: string;
  cookie: string;
  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  delete(url: string): Promise<Response>;
}

export interface TestApp {
  app: App;
  db: TestDatabase;
  /** Logs in (fixture password unless given) and returns a client, or throws with the response. */
  login(username: string, password?: string, remoteAddress?: string): Promise<Client>;
  /** A client with no session. */
  anonymous: Client;
  close(): Promise<void>;
}

/** A fixed key, so a failing test's rows can be decrypted when debugging. Never a real deployment's. */
export const TEST_PII_KEY = Buffer.alloc(32, 7);
export const TEST_PII = new PiiCipher(TEST_PII_KEY);

export const TEST_SETTINGS: AppSettings = {
  demo: false,
  city: '1310',
  sessionIdleMinutes: 60,
  sessionMaxHours: 24,
  secureCookies: false,
};

function client(app: App, username: string, cookie: string, csrfToken: string): Client {
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
    });
  return {
    username,
    cookie,
    csrfToken,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}

export function sessionCookieOf(response: Response): string | undefined {
  return response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

export async function createTestApp(
  options: { settings?: Partial<AppSettings>; background?: boolean } = {},
): Promise<TestApp> {
  const db = await freshDatabase();
  const app = await build({
    db: db.db,
    handle: db,
    pii: TEST_PII,
    settings: { ...TEST_SETTINGS, ...options.settings },
    logger: false,
    webDir: null,
    background: options.background ?? false,
  });
  await app.ready();
  return {
    app,
    db,
    anonymous: client(app, '(anonymous)', '', ''),
    login: async (username, password = FIXTURE_PASSWORD, remoteAddress = '127.0.0.1') => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        remoteAddress,
      });
      const cookie = sessionCookieOf(response);
      if (response.statusCode !== 200 || !cookie) {
        throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      }
      return client(app, username, cookie, response.json<{ csrfToken: string }>().csrfToken);
    },
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}
