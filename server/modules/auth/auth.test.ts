import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, sessionCookieOf } from '../../test/app.js';
import { FIXTURE_PASSWORD, PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';
import { IP_WINDOW_MINUTES, LOCK_MINUTES, MAX_FAILURES, MAX_IP_FAILURES } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import { SESSION_CACHE_MS, clearSessionCache } from './sessions.repo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
const code = (res: { json<T>(): T }) => res.json<ErrorBody>().error.code;

function login(
  username: string,
  password: string,
  remoteAddress = '10.0.0.1',
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress,
    headers,
  });
}

describe('passwords', () => {
  it('are salted scrypt hashes that verify only the right password', async () => {
    const a = await hashPassword('correct horse 1');
    const b = await hashPassword('correct horse 1');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse 1', a)).toBe(true);
    expect(await verifyPassword('correct horse 2', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('logging in', () => {
  it('sets an httpOnly, SameSite session cookie and returns the user and a CSRF token', async () => {
    const res = await login('county-admin', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cordon_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const body = res.json<{
      user: { role: string; jurisdiction: { code: string }; permissions: string[] };
      csrfToken: string;
    }>();
    expect(body.user).toMatchObject({ role: 'county_admin', jurisdiction: { code: PLACES.county } });
    expect(body.user.permissions).toContain('user.manage');
    expect(body.csrfToken.length).toBeGreaterThan(20);
    // Only the token's hash is stored: the cookie value is not a key in the table.
    const stored = await t.db.db.selectFrom('sessions').select('id').where('id', '=', cookie.value).execute();
    expect(stored).toEqual([]);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await login('sampler', 'wrong-password-1');
    const unknown = await login('nobody-here', 'wrong-password-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<ErrorBody>().error.message).toBe(unknown.json<ErrorBody>().error.message);
    expect(code(wrong)).toBe('INVALID_CREDENTIALS');
  });

  it('names the missing field of a malformed login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.details).toEqual({
      fields: [{ field: 'password', message: 'is required', in: 'body' }],
    });
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "x", ',
    });
    expect(code(broken)).toBe('MALFORMED_JSON');
  });

  it(`locks an account after ${MAX_FAILURES} failures, says until when, and refuses even the right password`, async () => {
    await createUserUnchecked(t.db.db, {
      username: 'locky',
      displayName: 'L',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'right-pass-1',
    });
    for (let i = 1; i < MAX_FAILURES; i++)
      expect(code(await login('locky', `wrong-${i}x`, '10.0.1.1'))).toBe('INVALID_CREDENTIALS');
    const fifth = await login('locky', 'wrong-5x', '10.0.1.2');
    expect(fifth.statusCode).toBe(429);
    expect(code(fifth)).toBe('ACCOUNT_LOCKED');
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan((LOCK_MINUTES - 1) * 60);
    expect(fifth.json<ErrorBody>().error.details?.retryAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(code(await login('locky', 'right-pass-1', '10.0.1.3'))).toBe('ACCOUNT_LOCKED');
    // Time passes: the lock lifts and the right password works.
    await sql`update login_attempts set at = at - make_interval(mins => ${LOCK_MINUTES + 1}) where username = 'locky'`.execute(
      t.db.db,
    );
    expect((await login('locky', 'right-pass-1', '10.0.1.4')).statusCode).toBe(200);
  });

  it('locks unknown usernames the same way (no account enumeration)', async () => {
    for (let i = 0; i < MAX_FAILURES - 1; i++) await login('ghost-user', 'wrong-pass-1', '10.0.2.1');
    expect(code(await login('ghost-user', 'wrong-pass-1', '10.0.2.1'))).toBe('ACCOUNT_LOCKED');
  });

  it(`limits one address to ${MAX_IP_FAILURES} failures in ${IP_WINDOW_MINUTES} minutes`, async () => {
    for (let i = 0; i < MAX_IP_FAILURES; i++) await login(`spray-${i}`, 'wrong-pass-1', '10.9.9.9');
    const limited = await login('county-admin', FIXTURE_PASSWORD, '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(code(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('county-admin', FIXTURE_PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('refuses disabled accounts and demo accounts outside demo mode', async () => {
    await createUserUnchecked(t.db.db, {
      username: 'gone',
      displayName: 'G',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'vanished-77',
    });
    await t.db.db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('username', '=', 'gone')
      .execute();
    expect(code(await login('gone', 'vanished-77'))).toBe('ACCOUNT_DISABLED');
    await createUserUnchecked(t.db.db, {
      username: 'demo.someone',
      displayName: 'D',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'demo-pass-1',
      isDemo: true,
    });
    expect(code(await login('demo.someone', 'demo-pass-1'))).toBe('DEMO_ACCOUNT_DISABLED');
    const demoApp = await createTestApp({ settings: { demo: true } });
    try {
      await createUserUnchecked(demoApp.db.db, {
        username: 'demo.someone',
        displayName: 'D',
        role: 'sampler',
        jurisdictionCode: PLACES.town,
        password: 'demo-pass-1',
        isDemo: true,
      });
      expect((await demoApp.login('demo.someone', 'demo-pass-1')).username).toBe('demo.someone');
    } finally {
      await demoApp.close();
    }
  });
});

describe('sessions', () => {
  it('identifies the user on /me and ends on logout', async () => {
    const c = await t.login('town-admin');
    const me = await c.get('/api/auth/me');
    expect(me.json<{ user: { username: string }; csrfToken: string }>()).toMatchObject({
      user: { username: 'town-admin' },
      csrfToken: c.csrfToken,
    });
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    const after = await c.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(code(after)).toBe('SESSION_EXPIRED');
  });

  it('tells "log in first" from "expired"', async () => {
    expect(code(await t.anonymous.get('/api/auth/me'))).toBe('AUTH_REQUIRED');
    const bogus = await t.app.inject({ url: '/api/auth/me', headers: { cookie: 'cordon_session=forged' } });
    expect(code(bogus)).toBe('SESSION_EXPIRED');
    expect(bogus.cookies.find((c) => c.name === 'cordon_session')?.value).toBe('');
  });

  it('expires idle sessions and sessions past their lifetime', async () => {
    // Changes made behind the server's back show once its session cache has aged (clearSessionCache).
    const idle = await t.login('lab-technician');
    await idle.get('/api/auth/me');
    await sql`update sessions set last_seen_at = now() - interval '2 hours'`.execute(t.db.db);
    clearSessionCache();
    expect(code(await idle.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
    const old = await t.login('lab-technician');
    await sql`update sessions set expires_at = now() - interval '1 second'`.execute(t.db.db);
    clearSessionCache();
    expect(code(await old.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
  });

  it('serves repeated requests from the session cache, but never a session that was ended here', async () => {
    const c = await t.login('lab-technician');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    // Deleted behind the server's back: still honoured until the cache entry ages out…
    await sql`delete from sessions where user_id = (select id from users where username = 'lab-technician')`.execute(
      t.db.db,
    );
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(5_000);
    clearSessionCache();
    expect(code(await c.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
    // …while ending it through the server takes effect on the next request.
    const d = await t.login('lab-technician');
    await d.get('/api/auth/me');
    await d.post('/api/auth/logout');
    expect(code(await d.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
  });
});

describe('CSRF and origin', () => {
  it('requires the session CSRF token on state-changing requests', async () => {
    const c = await t.login('village-worker');
    const body = { parentCode: PLACES.village, level: 'grid', name: 'csrf' };
    const none = await c.request('POST', '/api/jurisdictions', body, { 'x-csrf-token': '' });
    expect(code(none)).toBe('CSRF_REJECTED');
    const wrong = await c.request('POST', '/api/jurisdictions', body, { 'x-csrf-token': 'x'.repeat(32) });
    expect(code(wrong)).toBe('CSRF_REJECTED');
    expect((await c.post('/api/jurisdictions', body)).statusCode).toBe(201);
    // A token from another session is no good either.
    const other = await t.login('village-worker');
    const crossed = await c.request('POST', '/api/jurisdictions', body, { 'x-csrf-token': other.csrfToken });
    expect(code(crossed)).toBe('CSRF_REJECTED');
  });

  it('refuses state-changing requests from another origin, including login', async () => {
    const evil = await login('county-admin', FIXTURE_PASSWORD, '10.0.3.1', {
      origin: 'https://evil.example',
    });
    expect(evil.statusCode).toBe(403);
    expect(code(evil)).toBe('CROSS_ORIGIN');
    const own = await login('county-admin', FIXTURE_PASSWORD, '10.0.3.1', {
      origin: 'http://localhost:80',
      host: 'localhost:80',
    });
    expect(own.statusCode).toBe(200);
  });
});

describe('changing passwords', () => {
  it('checks the current password and the policy, then ends the other sessions', async () => {
    await createUserUnchecked(t.db.db, {
      username: 'changer',
      displayName: 'C',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'first-pass-1',
    });
    const a = await t.login('changer', 'first-pass-1');
    const b = await t.login('changer', 'first-pass-1');
    expect(
      code(
        await a.post('/api/auth/password', { currentPassword: 'nope-1234', newPassword: 'second-pass-2' }),
      ),
    ).toBe('WRONG_PASSWORD');
    const weak = await a.post('/api/auth/password', {
      currentPassword: 'first-pass-1',
      newPassword: 'short',
    });
    expect(code(weak)).toBe('WEAK_PASSWORD');
    expect(weak.json<ErrorBody>().error.details?.problems).toEqual(['too_short', 'needs_letters_and_digits']);
    expect(
      code(
        await a.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'first-pass-1' }),
      ),
    ).toBe('WEAK_PASSWORD');
    expect(
      (await a.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' }))
        .statusCode,
    ).toBe(200);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect(code(await b.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
    expect(code(await login('changer', 'first-pass-1'))).toBe('INVALID_CREDENTIALS');
    expect((await login('changer', 'second-pass-2')).statusCode).toBe(200);
  });

  it('holds a user with a temporary password to /api/auth until it is changed', async () => {
    await createUserUnchecked(t.db.db, {
      username: 'newbie',
      displayName: 'N',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'temp-pass-1',
      mustChangePassword: true,
    });
    const c = await t.login('newbie', 'temp-pass-1');
    expect(code(await c.get('/api/jurisdictions'))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (await c.get('/api/auth/me')).json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword,
    ).toBe(true);
    await c.post('/api/auth/password', { currentPassword: 'temp-pass-1', newPassword: 'own-pass-22' });
    expect((await c.get('/api/jurisdictions')).statusCode).toBe(200);
  });
});

describe('session cookie', () => {
  it('is marked Secure when the deployment runs behind HTTPS', async () => {
    const secure = await createTestApp({ settings: { secureCookies: true } });
    try {
      const res = await secure.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sampler', password: FIXTURE_PASSWORD },
      });
      expect(res.cookies.find((c) => c.name === 'cordon_session')?.secure).toBe(true);
      expect(sessionCookieOf(res)).toBeTruthy();
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });
});
