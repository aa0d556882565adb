import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let city: Client;
let county: Client;

interface Entry {
  id: number;
  action: string;
  outcome: string;
  actor: { username: string; role: string | null } | null;
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  resourceId: string | null;
  countyCode: string;
  detail: Record<string, unknown> | null;
}
type Page = { items: Entry[]; next: number | null };

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city-admin');
  county = await t.login('county-admin');
  await t.login('village-worker'); // an 安次区 login
  await t.login('hotline-operator'); // also homed in 安次区 (fixture)
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'village-worker', password: 'wrong-1234' },
    remoteAddress: '10.1.1.1',
    headers: { 'user-agent': 'UA-test' },
  });
});
afterAll(async () => t.close());

describe('recording', () => {
  it('records logins with who, from where, and the request id', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'town-admin', password: 'fixture-pass-1' },
      remoteAddress: '10.2.3.4',
      headers: { 'user-agent': 'Chromium-test', 'x-request-id': 'req-audit-1' },
    });
    expect(res.headers['x-request-id']).toBe('req-audit-1');
    const page = (await city.get('/api/audit?action=auth.login&actor=town-admin')).json<Page>();
    expect(page.items[0]).toMatchObject({
      action: 'auth.login',
      outcome: 'ok',
      actor: { username: 'town-admin', role: 'town_admin' },
      ip: '10.2.3.4',
      userAgent: 'Chromium-test',
      requestId: 'req-audit-1',
      countyCode: '131002',
    });
  });

  it('records failed logins with the name that was typed', async () => {
    const page = (await city.get('/api/audit?action=auth.login_failed')).json<Page>();
    expect(page.items[0]).toMatchObject({
      outcome: 'failed',
      actor: { username: 'village-worker', role: null },
      ip: '10.1.1.1',
    });
  });

  it('records denied attempts (role or scope) as access.denied', async () => {
    const village = await t.login('village-worker');
    await village.get(`/api/jurisdictions/${PLACES.otherVillage}`);
    await village.get('/api/users');
    const page = (await city.get('/api/audit?action=access.denied&actor=village-worker')).json<Page>();
    expect(page.items.map((e) => e.detail?.code)).toEqual(['FORBIDDEN', 'OUT_OF_SCOPE']);
    expect(page.items.every((e) => e.outcome === 'denied')).toBe(true);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    for (const statement of [
      sql`update audit_log set action = 'tampered'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ]) {
      await expect(statement.execute(t.db.db)).rejects.toThrow(/append-only/);
    }
  });
});

describe('searching', () => {
  it('limits administrators to the entries of their subtree', async () => {
    const all = (await city.get('/api/audit?limit=200')).json<Page>();
    const mine = (await county.get('/api/audit?limit=200')).json<Page>();
    expect(all.items.length).toBeGreaterThan(mine.items.length);
    expect(mine.items.every((e) => e.countyCode === '131002')).toBe(true);
    expect(all.items.some((e) => e.actor?.username === 'city-admin')).toBe(true);
    expect(mine.items.some((e) => e.actor?.username === 'city-admin')).toBe(false);
    const town = await t.login('town-admin');
    const townPage = (await town.get('/api/audit?limit=200')).json<Page>();
    expect(townPage.items.some((e) => e.actor?.username === 'hotline-operator')).toBe(false);
  });

  it('filters by subtree, refusing one outside the scope', async () => {
    const village = (await city.get(`/api/audit?jurisdiction=${PLACES.village}&limit=200`)).json<Page>();
    expect(village.items.length).toBeGreaterThan(0);
    expect(
      village.items.every((e) =>
        ['village-worker', 'grid-worker', 'checkpoint-officer', 'supply-officer'].includes(
          e.actor?.username ?? '',
        ),
      ),
    ).toBe(true);
    const res = await county.get(`/api/audit?jurisdiction=${PLACES.otherCounty}`);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
  });

  it('pages by keyset without gaps or repeats', async () => {
    const whole = (await city.get('/api/audit?limit=200')).json<Page>().items.map((e) => e.id);
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const url: string = `/api/audit?limit=3${before ? `&before=${before}` : ''}`;
      const page: Page = (await city.get(url)).json<Page>();
      seen.push(...page.items.map((e) => e.id));
      before = page.next;
    } while (before);
    // The paging requests are themselves audited (audit.searched), so compare the older part.
    expect(seen.filter((id) => id <= whole[0]!)).toEqual(whole);
  });

  it('records each search of the log', async () => {
    await county.get('/api/audit?action=auth.login');
    const page = (await city.get('/api/audit?action=audit.searched&actor=county-admin')).json<Page>();
    expect(page.items[0]!.detail).toMatchObject({ filters: { action: 'auth.login' } });
  });

  it('lists the actions for the filter, and refuses non-administrators', async () => {
    const actions = (await county.get('/api/audit/actions')).json<{ items: string[] }>().items;
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'user.created', 'access.denied']));
    const commander = await t.login('city-commander');
    expect((await commander.get('/api/audit')).statusCode).toBe(403);
  });
});
