import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from './app.js';
import { type TestApp, TEST_PII, TEST_SETTINGS, createTestApp } from './test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('the application shell', () => {
  it('answers the liveness and readiness probes', async () => {
    expect((await t.anonymous.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.anonymous.get('/readyz')).json()).toEqual({ status: 'ready', checks: {} });
  });

  it('sets security headers, with a CSP that allows scripts from our origin only', async () => {
    const res = await t.anonymous.get('/api/system/info');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain HTTP deployment
  });

  it('echoes a sane request id, or makes one', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const junk = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes the OpenAPI description at /docs', async () => {
    const spec = (await t.anonymous.get('/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    for (const route of t.app.routeAccess) {
      const openapiPath = route.url.replace(/:(\w+)/g, '{$1}');
      expect(Object.keys(spec.paths), route.url).toContain(openapiPath);
    }
    const ui = await t.anonymous.get('/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API paths, other media types and oversized bodies in the catalogue shape', async () => {
    const missing = await t.anonymous.get('/api/nothing-here');
    expect(missing.statusCode).toBe(404);
    const body = missing.json<{ error: { code: string; requestId: string } }>();
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('tells the login page the city and whether this is a demo', async () => {
    const info = (await t.anonymous.get('/api/system/info')).json<unknown>();
    expect(info).toMatchObject({
      name: 'Cordon',
      demo: false,
      city: { code: '131000000000', name: '廊坊市' },
      demoAccounts: [],
      demoPassword: null,
    });
  });
});

describe('building the app', () => {
  it('refuses to start with an /api route that declares no access rule (fail closed)', async () => {
    const app = await build({
      db: t.db.db,
      pii: TEST_PII,
      settings: TEST_SETTINGS,
      logger: false,
      background: false,
    });
    expect(() => app.get('/api/oops', async () => ({ secret: true }))).toThrow(/declares no config\.access/);
    await app.close();
  });

  it('serves the built web app with client-side routes and long-cached assets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const app = await build({
      db: t.db.db,
      pii: TEST_PII,
      settings: TEST_SETTINGS,
      logger: false,
      background: false,
      webDir: dir,
    });
    try {
      const page = await app.inject({ url: '/overview/131002000000' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('id="root"');
      expect(page.headers['cache-control']).toBe('no-cache');
      const asset = await app.inject({ url: '/assets/app-1a2b.js' });
      expect(asset.headers['cache-control']).toContain('immutable');
      expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
