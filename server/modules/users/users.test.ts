import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let city: Client;
let county: Client;
let town: Client;

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city-admin');
  county = await t.login('county-admin');
  town = await t.login('town-admin');
});
afterAll(async () => t.close());

interface User {
  id: string;
  username: string;
  role: string;
  jurisdiction: { code: string; name: string; level: string };
  disabled: boolean;
  mustChangePassword: boolean;
}
type ErrorBody = { error: { code: string; details?: { fields?: Array<{ field: string }> } } };
const code = (res: { json<T>(): T }) => res.json<ErrorBody>().error.code;

async function createdUser(
  client: Client,
  body: Record<string, unknown>,
): Promise<{ user: User; temporaryPassword: string | null }> {
  const res = await client.post('/api/users', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('listing', () => {
  it('shows an administrator only the accounts of their subtree', async () => {
    const all = (await city.get('/api/users?limit=100')).json<{ items: User[]; total: number }>();
    const mine = (await county.get('/api/users?limit=100')).json<{ items: User[]; total: number }>();
    expect(all.total).toBeGreaterThan(mine.total);
    expect(mine.items.every((u) => u.jurisdiction.code.startsWith('131002'))).toBe(true);
    expect(mine.items.map((u) => u.username)).not.toContain('city-admin');
    expect(mine.items.map((u) => u.username)).toContain('grid-worker');
  });

  it('filters by text, role, subtree and status', async () => {
    const byRole = (await city.get('/api/users?role=grid_worker')).json<{ items: User[] }>();
    expect(byRole.items.map((u) => u.username)).toEqual(['grid-worker']);
    const byText = (await city.get('/api/users?q=VILLAGE')).json<{ items: User[] }>();
    expect(byText.items.map((u) => u.username)).toEqual(['village-worker']);
    const bySubtree = (await city.get(`/api/users?jurisdiction=${PLACES.village}`)).json<{ items: User[] }>();
    expect(bySubtree.items.map((u) => u.username).sort()).toEqual([
      'checkpoint-officer',
      'grid-worker',
      'supply-officer',
      'village-worker',
    ]);
    const disabled = (await city.get('/api/users?status=disabled')).json<{ total: number }>();
    expect(disabled.total).toBe(0);
  });

  it('refuses a subtree filter outside the scope and readers without the permission', async () => {
    expect(code(await county.get(`/api/users?jurisdiction=${PLACES.otherCounty}`))).toBe('OUT_OF_SCOPE');
    const sampler = await t.login('sampler');
    expect(code(await sampler.get('/api/users'))).toBe('FORBIDDEN');
    const commander = await t.login('city-commander');
    expect((await commander.get('/api/users')).statusCode).toBe(200);
    expect(
      code(
        await commander.post('/api/users', {
          username: 'x1',
          displayName: 'x',
          role: 'sampler',
          jurisdictionCode: PLACES.town,
        }),
      ),
    ).toBe('FORBIDDEN');
  });
});

describe('creating', () => {
  it('creates an account with a temporary password that must be changed', async () => {
    const { user, temporaryPassword } = await createdUser(county, {
      username: 'luofa.admin',
      displayName: '落垡镇管理员',
      role: 'town_admin',
      jurisdictionCode: '131002100',
    });
    expect(user).toMatchObject({
      role: 'town_admin',
      jurisdiction: { code: PLACES.town, name: '落垡镇', level: 'town' },
      mustChangePassword: true,
    });
    expect(temporaryPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const c = await t.login('luofa.admin', temporaryPassword!);
    expect(code(await c.get('/api/users'))).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses admin roles at or above the creator, and roles at the wrong level', async () => {
    expect(
      code(
        await county.post('/api/users', {
          username: 'peer',
          displayName: 'p',
          role: 'county_admin',
          jurisdictionCode: PLACES.county,
        }),
      ),
    ).toBe('ROLE_NOT_ASSIGNABLE');
    expect(
      code(
        await town.post('/api/users', {
          username: 'peer2',
          displayName: 'p',
          role: 'town_admin',
          jurisdictionCode: PLACES.town,
        }),
      ),
    ).toBe('ROLE_NOT_ASSIGNABLE');
    expect(
      code(
        await county.post('/api/users', {
          username: 'misplaced',
          displayName: 'm',
          role: 'village_worker',
          jurisdictionCode: PLACES.county,
        }),
      ),
    ).toBe('ROLE_NOT_ALLOWED_AT_LEVEL');
  });

  it('refuses another county, duplicate names (any case) and bad fields by name', async () => {
    expect(
      code(
        await county.post('/api/users', {
          username: 'elsewhere',
          displayName: 'e',
          role: 'sampler',
          jurisdictionCode: PLACES.otherCounty,
        }),
      ),
    ).toBe('OUT_OF_SCOPE');
    const dup = await county.post('/api/users', {
      username: 'SAMPLER',
      displayName: 'd',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
    });
    expect(dup.statusCode).toBe(409);
    expect(code(dup)).toBe('USERNAME_TAKEN');
    const bad = await county.post('/api/users', {
      username: 'has space',
      displayName: '',
      role: 'pilot',
      jurisdictionCode: PLACES.town,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<ErrorBody>()
        .error.details?.fields?.map((f) => f.field)
        .sort(),
    ).toEqual(['displayName', 'role', 'username']);
    const weak = await county.post('/api/users', {
      username: 'weakling',
      displayName: 'w',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'abc',
    });
    expect(code(weak)).toBe('WEAK_PASSWORD');
  });
});

describe('changing', () => {
  it('moves a user and ends their sessions so the new scope applies at once', async () => {
    const { user } = await createdUser(county, {
      username: 'mover',
      displayName: 'm',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'walk-far-81',
    });
    await t.db.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', user.id)
      .execute();
    const session = await t.login('mover', 'walk-far-81');
    expect((await session.get(`/api/jurisdictions/${PLACES.town}`)).statusCode).toBe(200);
    const moved = await county.patch(`/api/users/${user.id}`, { jurisdictionCode: PLACES.otherTown });
    expect(moved.json<User>().jurisdiction.code).toBe(PLACES.otherTown);
    expect(code(await session.get('/api/auth/me'))).toBe('SESSION_EXPIRED');
    const again = await t.login('mover', 'walk-far-81');
    expect(code(await again.get(`/api/jurisdictions/${PLACES.town}`))).toBe('OUT_OF_SCOPE');
  });

  it('disables and enables, never oneself', async () => {
    const { user } = await createdUser(county, {
      username: 'pauser',
      displayName: 'p',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'hold-on-82',
    });
    expect((await county.patch(`/api/users/${user.id}`, { disabled: true })).json<User>().disabled).toBe(
      true,
    );
    await expect(t.login('pauser', 'hold-on-82')).rejects.toThrow(/ACCOUNT_DISABLED/);
    expect((await county.patch(`/api/users/${user.id}`, { disabled: false })).json<User>().disabled).toBe(
      false,
    );
    const me = (await county.get('/api/auth/me')).json<{ user: { id: string } }>().user;
    expect(code(await county.patch(`/api/users/${me.id}`, { disabled: true }))).toBe('CANNOT_CHANGE_SELF');
    expect(code(await county.patch(`/api/users/${me.id}`, { role: 'town_admin' }))).toBe(
      'CANNOT_CHANGE_SELF',
    );
  });

  it('protects administrators from peers and from promotion by those below', async () => {
    const { user: peer } = await createdUser(city, {
      username: 'anci.second',
      displayName: 's',
      role: 'county_admin',
      jurisdictionCode: PLACES.county,
      password: 'twice-over-83',
    });
    expect(code(await county.patch(`/api/users/${peer.id}`, { disabled: true }))).toBe('ROLE_NOT_ASSIGNABLE');
    expect(code(await county.post(`/api/users/${peer.id}/reset-password`))).toBe('ROLE_NOT_ASSIGNABLE');
    const { user: helper } = await createdUser(county, {
      username: 'helper',
      displayName: 'h',
      role: 'sampler',
      jurisdictionCode: PLACES.county,
      password: 'aid-given-84',
    });
    expect(code(await county.patch(`/api/users/${helper.id}`, { role: 'county_admin' }))).toBe(
      'ROLE_NOT_ASSIGNABLE',
    );
    expect(code(await county.patch(`/api/users/${helper.id}`, { role: 'village_worker' }))).toBe(
      'ROLE_NOT_ALLOWED_AT_LEVEL',
    );
  });

  it('resets a password: the old one stops working, the new one must be changed', async () => {
    const { user } = await createdUser(county, {
      username: 'forgetful',
      displayName: 'f',
      role: 'sampler',
      jurisdictionCode: PLACES.town,
      password: 'lost-key-85',
    });
    const res = await county.post(`/api/users/${user.id}/reset-password`);
    const { temporaryPassword } = res.json<{ temporaryPassword: string }>();
    await expect(t.login('forgetful', 'lost-key-85')).rejects.toThrow(/INVALID_CREDENTIALS/);
    const c = await t.login('forgetful', temporaryPassword);
    expect(
      (await c.get('/api/auth/me')).json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword,
    ).toBe(true);
  });

  it('refuses users outside the scope and unknown ids', async () => {
    const cityUser = (await city.get('/api/users?role=hotline_operator')).json<{ items: User[] }>().items[0]!;
    const other = await t.db.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'city-commander')
      .executeTakeFirstOrThrow();
    expect(code(await county.get(`/api/users/${other.id}`))).toBe('OUT_OF_SCOPE');
    expect(code(await town.patch(`/api/users/${cityUser.id}`, { displayName: 'x' }))).toBe('OUT_OF_SCOPE');
    expect(code(await county.get('/api/users/00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(code(await county.get('/api/users/not-a-uuid'))).toBe('VALIDATION_FAILED');
  });
});
