/**
 * The checkpoint's verification through the API, with passes applied and approved through the API,
 * people in the population base, stored codes and test results written as their modules leave
 * them: every reason a pass or a person is turned back, forged and foreign tokens, plates and ID
 * numbers typed by the officer, the check log (idempotent), offline sync and the day's statistics.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingEntryPolicy, communityGatePolicy, shiftOf } from '../../../domain/checkpoint-policy.js';
import { codeSigningText, codeToken } from '../../../domain/code-token.js';
import { EDITIONS } from '../../../domain/protocol.js';
import { makeIdNumber } from '../../../domain/idcard.js';
import {
  decodePass,
  passClaims,
  passSigningText,
  passToken,
  toBase64Url,
} from '../../../domain/pass-token.js';
import { sign } from '../../platform/signing.js';
import { POLICY_KEY } from './codes.service.js';
import { forgetPolicy } from './verify.service.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';

let t: TestApp;
let liaison: Client;
let countyAdmin: Client;
let officer: Client;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const VILLAGE = '131002100202';
const ids = {
  a: makeIdNumber('131002', '1975-01-01', 31),
  b: makeIdNumber('131002', '1976-01-01', 32),
  c: makeIdNumber('131002', '1977-01-01', 33),
  d: makeIdNumber('110105', '1978-01-01', 34),
};
const names = { a: '张一', b: '王二', c: '刘三', d: '赵四' };
const person: Record<string, string> = {};
const cp: Record<string, string> = {};
const tokens: Record<string, string> = {};
const passIds: Record<string, string> = {};

interface Result {
  checkId: string;
  verdict: 'pass' | 'turn_back';
  problems: Array<{ code: string } & Record<string, unknown>>;
  subject: string;
  pass: {
    id: string;
    number: string;
    plate: string | null;
    holders: Array<{ name: string; idLast4: string }>;
  } | null;
  person: { name: string; idMasked: string; colour: string; lastNegativeAt: string | null } | null;
}

async function addCheckpoint(
  key: string,
  code: string,
  jpath: string,
  kind: string,
  policy: object,
  active = true,
) {
  const row = await t.db.db
    .insertInto('checkpoints')
    .values({
      county_code: jpath.slice(0, 6),
      jpath,
      code,
      name: `卡口${code}`,
      kind: kind as 'beijing_entry',
      policy: JSON.stringify(policy),
      active,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  cp[key] = row.id;
}

/** A negative pooled test of these people, sampled `hoursAgo` hours ago. */
async function negative(personIds: string[], hoursAgo: number) {
  const round = await t.db.db
    .insertInto('testing_rounds')
    .values({
      county_code: '131002',
      jpath: '131002',
      name: '卡口核验测试轮次',
      edition_id: EDITIONS[0]!.id,
      rules: JSON.stringify(EDITIONS[0]!.testing),
      starts_at: new Date(Date.now() - 2 * DAY),
      ends_at: new Date(Date.now() + DAY),
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tube = await t.db.db
    .insertInto('tubes')
    .values({
      county_code: '131002',
      jpath: VILLAGE,
      round_id: round.id,
      barcode: `VT${crypto.randomInt(1e9)}`,
      pool_group: 'prevention',
      capacity: personIds.length,
      members: personIds.length,
      status: 'resulted',
      result: 'negative',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.db
    .insertInto('samples')
    .values(
      personIds.map((id) => ({
        county_code: '131002',
        round_id: round.id,
        person_id: id,
        jpath: VILLAGE,
        tube_id: tube.id,
        tube_county: '131002',
        sampled_at: new Date(Date.now() - hoursAgo * HOUR),
      })),
    )
    .execute();
}

async function approvedPass(
  key: string,
  plate: string,
  drivers: Array<keyof typeof ids>,
  route: string[],
  from = -HOUR,
) {
  const res = await liaison.post('/api/risk/passes', {
    type: 'supply_vehicle',
    organisation: '保供企业',
    plate,
    holders: drivers.map((k) => ({ role: 'driver', name: names[k], idNumber: ids[k] })),
    route,
    validFrom: iso(from),
    validUntil: iso(7 * DAY),
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json<{ id: string }>().id;
  const ok = await countyAdmin.post(`/api/risk/passes/${id}/decision`, { decision: 'approve' });
  expect(ok.statusCode, ok.body).toBe(200);
  passIds[key] = id;
  tokens[key] = ok.json<{ token: string }>().token;
}

async function verify(at: string, body: Record<string, unknown>): Promise<Result> {
  const res = await officer.post(`/api/risk/checkpoints/${cp[at]}/verify`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Result>();
}
const codes = (r: Result) => r.problems.map((p) => p.code);
const CERTS = { certificates: ['residence'] };

/** A person's code token as the resident's page would sign it (issued `ageSeconds` ago). */
async function codeTokenOf(key: keyof typeof ids, ageSeconds = 0): Promise<string> {
  const k = await t.app.signing.current('code');
  const issued = Math.floor(Date.now() / 1000) - ageSeconds;
  const text = codeSigningText({
    p: person[key]!,
    c: '131002',
    n: `${names[key][0]}*`,
    i: ids[key].slice(-4),
    o: 'green',
    t: issued,
    x: issued + 300,
    k: k.id,
  });
  return codeToken(text, sign(k, text));
}

beforeAll(async () => {
  t = await createTestApp();
  [liaison, countyAdmin, officer] = await Promise.all([
    t.login('enterprise-liaison'),
    t.login('county-admin'),
    t.login('checkpoint-officer'),
  ]);
  await addCheckpoint('bj1', 'VT-BJ-01', VILLAGE, 'beijing_entry', beijingEntryPolicy());
  await addCheckpoint('bj2', 'VT-BJ-02', VILLAGE, 'beijing_entry', beijingEntryPolicy());
  await addCheckpoint('bj3', 'VT-BJ-03', VILLAGE, 'beijing_entry', beijingEntryPolicy());
  await addCheckpoint('gate', 'VT-GATE', VILLAGE, 'community_gate', communityGatePolicy());
  await addCheckpoint('far', 'VT-FAR', PLACES.otherVillage, 'beijing_entry', beijingEntryPolicy());
  await addCheckpoint('closed', 'VT-CLOSED', VILLAGE, 'highway_exit', beijingEntryPolicy(), false);
  for (const key of ['a', 'b', 'c'] as const) {
    const res = await countyAdmin.post('/api/population/people', {
      idNumber: ids[key],
      name: names[key],
      residenceType: 'registered',
      place: PLACES.village,
    });
    expect(res.statusCode, res.body).toBe(201);
    person[key] = res.json<{ person: { id: string } }>().person.id;
  }
  await t.db.db
    .insertInto('health_codes')
    .values({
      county_code: '131002',
      person_id: person.b!,
      jpath: VILLAGE,
      colour: 'red',
      reasons: JSON.stringify([{ code: 'close_contact', colour: 'red', until: '2099-01-01' }]),
    })
    .execute();
  await negative([person.a!, person.b!], 2);
  await approvedPass('p1', '冀R·70001', ['a', 'c'], ['VT-BJ-01', 'VT-BJ-02']);
  await approvedPass('p2', '冀R·70002', ['b'], ['VT-BJ-01']);
  await approvedPass('p3', '冀R·70003', ['d'], ['VT-BJ-01']);
  await approvedPass('p4', '冀R·70004', ['a'], ['VT-BJ-01']);
  await approvedPass('p5', '冀R·70005', ['a'], ['VT-BJ-01'], 2 * DAY);
  const revoked = await countyAdmin.post(`/api/risk/passes/${passIds.p4}/revoke`, { reason: '车辆转作他用' });
  expect(revoked.statusCode, revoked.body).toBe(200);
});

afterAll(async () => t.close());

describe('a pass', () => {
  it('on its route, with the named driver, green, tested within 24 h and the residence certificate seen: pass', async () => {
    const r = await verify('bj1', {
      scan: tokens.p1,
      plate: '冀R 70001',
      driver: { name: '张一' },
      ...CERTS,
    });
    expect(r).toMatchObject({ verdict: 'pass', problems: [], subject: 'pass' });
    expect(r.pass).toMatchObject({
      id: passIds.p1,
      plate: '冀R70001',
      holders: [{ name: '张一', idLast4: ids.a.slice(-4) }, { name: '刘三' }],
    });
  });

  it('the pass stands for the employer certificate, not for the residence one', async () => {
    const r = await verify('bj1', { scan: tokens.p1, driver: { name: '张一' } });
    expect(r.problems).toEqual([{ code: 'certificate_missing', certificate: 'residence' }]);
  });

  it('off its route: turned back, naming the route', async () => {
    const r = await verify('bj3', { scan: tokens.p1, driver: { name: '张一' }, ...CERTS });
    expect(r.verdict).toBe('turn_back');
    expect(r.problems).toEqual([
      { code: 'off_route', checkpoint: 'VT-BJ-03', route: ['VT-BJ-01', 'VT-BJ-02'] },
    ]);
  });

  it('another plate, a driver it does not name', async () => {
    expect(
      codes(await verify('bj1', { scan: tokens.p1, plate: '冀R·99999', driver: { name: '张一' }, ...CERTS })),
    ).toEqual(['wrong_plate']);
    expect(codes(await verify('bj1', { scan: tokens.p1, driver: { name: '赵六' }, ...CERTS }))).toEqual([
      'driver_not_named',
    ]);
  });

  it('a driver with a red code; a driver without a negative test within 24 h', async () => {
    const red = await verify('bj1', { scan: tokens.p2, ...CERTS });
    expect(red.problems).toEqual([{ code: 'driver_code_colour', colour: 'red', name: '王二' }]);
    const untested = await verify('bj1', {
      scan: tokens.p1,
      driver: { name: '刘三', idNumber: ids.c },
      ...CERTS,
    });
    expect(untested.problems).toEqual([
      { code: 'driver_no_recent_negative', hours: 24, name: '刘三', lastNegativeAt: null },
    ]);
    // No driver named: every driver of the vehicle pass is checked.
    expect(codes(await verify('bj1', { scan: tokens.p1, ...CERTS }))).toEqual(['driver_no_recent_negative']);
  });

  it('the code now: a stored red due to change is recomputed; the test-recency policy yellows a green', async () => {
    const yesterday = new Date(Date.now() - DAY + 8 * HOUR).toISOString().slice(0, 10);
    await t.db.db
      .insertInto('health_codes')
      .values({
        county_code: '131002',
        person_id: person.a!,
        jpath: VILLAGE,
        colour: 'red',
        reasons: JSON.stringify([
          { code: 'arrival', colour: 'red', until: yesterday, risk: 'high', from: '某地' },
        ]),
        changes_on: yesterday,
      })
      .execute();
    // 张一 has no fact left that makes a colour: recomputed green, and the row is gone.
    expect(await verify('bj1', { scan: tokens.p1, driver: { name: '张一' }, ...CERTS })).toMatchObject({
      verdict: 'pass',
    });
    const left = await t.db.db
      .selectFrom('health_codes')
      .select('person_id')
      .where('person_id', '=', person.a!)
      .execute();
    expect(left).toEqual([]);
    // The city asks for a negative within 1 h: 张一's is 2 h old — yellow now, though the crossing's 24 h are met.
    await t.db.db
      .insertInto('settings')
      .values({ key: POLICY_KEY, value: JSON.stringify(1) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(1) }))
      .execute();
    forgetPolicy();
    try {
      const r = await verify('bj1', { scan: tokens.p1, driver: { name: '张一' }, ...CERTS });
      expect(r.problems).toEqual([{ code: 'driver_code_colour', colour: 'yellow', name: '张一' }]);
      const byId = await verify('bj1', { idNumber: ids.a, ...CERTS });
      expect(byId.person).toMatchObject({ colour: 'yellow' });
      expect(codes(byId)).toContain('code_colour');
    } finally {
      await t.db.db.deleteFrom('settings').where('key', '=', POLICY_KEY).execute();
      forgetPolicy();
    }
  });

  it('a driver the population base does not know: turned back, not passed silently', async () => {
    const r = await verify('bj1', { scan: tokens.p3, ...CERTS });
    expect(r.problems).toEqual([{ code: 'person_unknown', name: '赵四' }]);
  });

  it('revoked (and on the public list), not yet valid, expired', async () => {
    expect(codes(await verify('bj1', { scan: tokens.p4, ...CERTS }))).toEqual(['revoked']);
    const list = await t.anonymous.get('/api/public/revocations');
    expect(list.json<{ ids: string[] }>().ids).toContain(passIds.p4);
    expect(codes(await verify('bj1', { scan: tokens.p5, ...CERTS }))).toEqual(['not_yet_valid']);
    // The same pass, signed with the real key, but its validity over.
    const key = await t.app.signing.current('pass');
    const claims = passClaims({
      id: passIds.p1!,
      keyId: key.id,
      type: 'supply_vehicle',
      plate: '冀R70001',
      drivers: [{ name: '张一', idNumber: ids.a }],
      route: ['VT-BJ-01'],
      validFrom: new Date(Date.now() - 3 * DAY),
      validUntil: new Date(Date.now() - DAY),
    });
    const text = passSigningText(claims);
    expect(codes(await verify('bj1', { scan: passToken(text, sign(key, text)), ...CERTS }))).toEqual([
      'expired',
    ]);
  });

  it('tampered claims (plate, route, expiry) or a flipped signature byte: bad signature, nothing else believed', async () => {
    const decoded = decodePass(tokens.p1!);
    if (!decoded.ok) throw new Error('token');
    const original = decoded.claims;
    const [, , signature] = tokens.p1!.split('.');
    const forge = (change: (c: typeof original) => void) => {
      const copy = structuredClone(original);
      change(copy);
      return `${passSigningText(copy)}.${signature}`;
    };
    for (const token of [
      forge((c) => (c.p = '冀R88888')),
      forge((c) => c.r.push('VT-BJ-03')),
      forge((c) => (c.u += 30 * 86_400)),
    ]) {
      const r = await verify('bj3', { scan: token });
      expect(r.problems).toEqual([{ code: 'bad_signature' }]);
      expect(r.pass).toBeNull();
    }
    const bytes = Buffer.from(signature!, 'base64url');
    bytes[10] = bytes[10]! ^ 0x01;
    const flipped = `${tokens.p1!.split('.').slice(0, 2).join('.')}.${toBase64Url(bytes)}`;
    expect(codes(await verify('bj1', { scan: flipped }))).toEqual(['bad_signature']);
  });

  it('signed by a key we never published: unknown key; a code key does not sign passes', async () => {
    const stranger = crypto.generateKeyPairSync('ed25519');
    const claims = {
      ...(decodePass(tokens.p1!) as { claims: ReturnType<typeof passClaims> }).claims,
      k: 'p9-deadbeef',
    };
    const text = passSigningText(claims);
    const forged = passToken(text, new Uint8Array(crypto.sign(null, Buffer.from(text), stranger.privateKey)));
    expect((await verify('bj1', { scan: forged })).problems).toEqual([
      { code: 'unknown_key', key: 'p9-deadbeef' },
    ]);
    const codeKey = await t.app.signing.current('code');
    const asCode = passSigningText({ ...claims, k: codeKey.id });
    expect(codes(await verify('bj1', { scan: passToken(asCode, sign(codeKey, asCode)) }))).toEqual([
      'unknown_key',
    ]);
  });

  it('a QR code that is not ours, or a broken one: turned back with the reason, never an error', async () => {
    expect((await verify('bj1', { scan: 'https://example.com/menu' })).problems).toEqual([
      { code: 'not_ours' },
    ]);
    expect(codes(await verify('bj1', { scan: 'CDP1.abc.def' }))).toEqual(['malformed']);
    expect(codes(await verify('bj1', { scan: 'CDH1.%%%.x' }))).toEqual(['malformed']);
  });
});

describe('a plate or an ID number typed by the officer', () => {
  it('a plate finds its approved pass and checks it; a plate without one is turned back', async () => {
    const r = await verify('bj1', { plate: '冀r·70001', driver: { name: '张一' }, ...CERTS });
    expect(r).toMatchObject({ verdict: 'pass', subject: 'plate', pass: { id: passIds.p1 } });
    expect((await verify('bj1', { plate: '冀R79999' })).problems).toEqual([
      { code: 'no_pass_for_plate', plate: '冀R79999' },
    ]);
    expect(codes(await verify('bj1', { plate: '冀R70004' }))).toContain('revoked');
    const bad = await officer.post(`/api/risk/checkpoints/${cp.bj1}/verify`, { plate: 'ABC' });
    expect(bad.statusCode).toBe(400);
  });

  it('an ID number finds the person anywhere in the city and shows only masked identity, code and test', async () => {
    const r = await verify('bj1', { idNumber: ids.a, certificates: ['employer', 'residence'] });
    expect(r.verdict).toBe('pass');
    expect(r.person).toMatchObject({
      name: '张*',
      idMasked: `131002********${ids.a.slice(-4)}`,
      colour: 'green',
    });
    expect(r.person!.lastNegativeAt).not.toBeNull();
    expect(JSON.stringify(r)).not.toContain(ids.a);
    const red = await verify('gate', { idNumber: ids.b });
    expect(red.problems).toEqual([{ code: 'code_colour', colour: 'red' }]);
    expect((await verify('gate', { idNumber: ids.d })).problems).toEqual([{ code: 'person_unknown' }]);
    const typo = await officer.post(`/api/risk/checkpoints/${cp.bj1}/verify`, {
      idNumber: `${ids.a.slice(0, 17)}Z`,
    });
    expect(typo.statusCode).toBe(400);
  });
});

describe("a person's code token", () => {
  it('valid and green at a community gate: pass; expired: turned back', async () => {
    const ok = await verify('gate', { scan: await codeTokenOf('a') });
    expect(ok).toMatchObject({ verdict: 'pass', subject: 'person_code', person: { colour: 'green' } });
    const old = await verify('gate', { scan: await codeTokenOf('a', 600) });
    expect(old.verdict).toBe('turn_back');
    expect(codes(old)).toEqual(['code_expired']);
  });

  it('the code now, not the colour at issue: a red person whose token says green is turned back', async () => {
    const r = await verify('gate', { scan: await codeTokenOf('b') });
    expect(r.problems).toEqual([{ code: 'code_colour', colour: 'red' }]);
  });
});

describe('the checkpoint', () => {
  it('must be in my subtree and open', async () => {
    const far = await officer.post(`/api/risk/checkpoints/${cp.far}/verify`, { scan: tokens.p1 });
    expect(far.statusCode).toBe(403);
    expect(far.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    const closed = await officer.post(`/api/risk/checkpoints/${cp.closed}/verify`, { scan: tokens.p1 });
    expect(closed.json<{ error: { code: string } }>().error.code).toBe('CHECKPOINT_INACTIVE');
    expect((await officer.post(`/api/risk/checkpoints/${cp.bj1}/verify`, {})).statusCode).toBe(400);
  });

  it('mine: the open checkpoints of my subtree with their policy', async () => {
    const res = await officer.get('/api/risk/checkpoints/mine');
    expect(res.statusCode).toBe(200);
    const list =
      res.json<Array<{ code: string; policy: Record<string, unknown>; place: { name: string } }>>();
    expect(list.map((c) => c.code).sort()).toEqual(['VT-BJ-01', 'VT-BJ-02', 'VT-BJ-03', 'VT-GATE']);
    expect(Object.keys(list.find((c) => c.code === 'VT-GATE')!.policy).sort()).toEqual([
      'enter_community',
      'medical',
    ]);
    expect(list[0]!.place.name).toBe('张营村');
  });
});

describe('the check log', () => {
  it('a retried request (same clientId) is logged and audited once; the pass page shows its usage', async () => {
    const clientId = crypto.randomUUID();
    const first = await verify('bj2', { scan: tokens.p1, driver: { name: '张一' }, ...CERTS, clientId });
    const again = await verify('bj2', { scan: tokens.p1, driver: { name: '张一' }, ...CERTS, clientId });
    expect(first.checkId).toBe(clientId);
    expect(again.checkId).toBe(clientId);
    const rows = await t.db.db
      .selectFrom('checkpoint_checks')
      .selectAll()
      .where('id', '=', clientId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      subject: 'pass',
      vehicle: true,
      pass_id: passIds.p1,
      verdict: 'pass',
      plate: '冀R70001',
    });
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', clientId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.checked']);
    const detail = await liaison.get(`/api/risk/passes/${passIds.p1}`);
    const usage = detail.json<{ usage: Array<{ checkpoint: string; verdict: string; reasons: string[] }> }>()
      .usage;
    expect(usage[0]).toMatchObject({ checkpoint: 'VT-BJ-02', verdict: 'pass', reasons: [] });
    expect(usage.some((u) => u.reasons.includes('off_route'))).toBe(true);
  });
});

describe('offline checks and the day’s statistics', () => {
  it('a batch twice: accepted once, then all duplicates; bad entries refused by clientId, good ones kept', async () => {
    const good = [0, 1, 2].map((i) => ({
      clientId: crypto.randomUUID(),
      at: new Date(Date.now() - (i * 9 + 1) * HOUR).toISOString(),
      subject: i === 2 ? 'person_code' : 'pass',
      scan: i === 2 ? 'CDH1.broken.token' : tokens.p1!,
      verdict: i === 0 ? 'pass' : 'turn_back',
      problems: i === 0 ? [] : [{ code: i === 1 ? 'off_route' : 'code_expired' }],
    }));
    const bad = [
      { clientId: 'not-a-uuid', at: iso(0), subject: 'pass', scan: 'x', verdict: 'pass', problems: [] },
      {
        clientId: crypto.randomUUID(),
        at: iso(DAY),
        subject: 'pass',
        scan: 'x',
        verdict: 'pass',
        problems: [],
      },
      {
        clientId: crypto.randomUUID(),
        at: iso(0),
        subject: 'pass',
        scan: 'x',
        verdict: 'maybe',
        problems: [],
      },
    ];
    const send = () => officer.post(`/api/risk/checkpoints/${cp.bj2}/checks`, { checks: [...good, ...bad] });
    const once = await send();
    expect(once.statusCode, once.body).toBe(200);
    expect(once.json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(once.json<{ rejected: Array<{ clientId: string }> }>().rejected.map((r) => r.clientId)).toEqual(
      bad.map((b) => b.clientId),
    );
    const twice = await send();
    expect(twice.json()).toMatchObject({ accepted: 0, duplicates: 3 });
    const rows = await t.db.db
      .selectFrom('checkpoint_checks')
      .select(['id', 'pass_id', 'offline', 'shift', 'day'])
      .where(
        'id',
        'in',
        good.map((g) => g.clientId),
      )
      .orderBy('at', 'desc')
      .execute();
    expect(rows.map((r) => r.pass_id)).toEqual([passIds.p1, passIds.p1, null]);
    expect(rows.every((r) => r.offline)).toBe(true);
    rows.forEach((r, i) => expect({ day: r.day, shift: r.shift }).toEqual(shiftOf(new Date(good[i]!.at))));
    const synced = await t.db.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'risk.checks_synced')
      .execute();
    expect(synced).toHaveLength(2);
  });

  it('counts per checkpoint and shift: vehicles, people, passed, turned back by reason; totals', async () => {
    const today = shiftOf(new Date());
    const res = await countyAdmin.get(`/api/risk/checkpoint-stats?day=${today.day}`);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json<{
      rows: Array<{
        code: string;
        shift: number;
        vehicles: number;
        people: number;
        passed: number;
        turnedBack: number;
        reasons: Record<string, number>;
      }>;
      totals: { checked: number; passed: number; turnedBack: number; reasons: Record<string, number> };
    }>();
    // Compare with the log itself, counted independently.
    const log = await t.db.db
      .selectFrom('checkpoint_checks')
      .selectAll()
      .where('day', '=', today.day)
      .execute();
    expect(stats.totals.checked).toBe(log.length);
    expect(stats.totals.passed).toBe(log.filter((l) => l.verdict === 'pass').length);
    const bj1 = stats.rows.find((r) => r.code === 'VT-BJ-01' && r.shift === today.shift)!;
    const bj1Log = log.filter((l) => l.checkpoint_id === cp.bj1 && l.shift === today.shift);
    expect(bj1.vehicles).toBe(bj1Log.filter((l) => l.vehicle).length);
    expect(bj1.people).toBe(bj1Log.filter((l) => !l.vehicle).length);
    expect(bj1.reasons.bad_signature).toBe(1);
    expect(bj1.reasons.revoked).toBe(2);
    expect(stats.rows.find((r) => r.code === 'VT-BJ-03')!.reasons).toEqual({
      off_route: 1,
      bad_signature: 3,
    });
    const gate = stats.rows.find((r) => r.code === 'VT-GATE')!;
    expect(gate).toMatchObject({ vehicles: 0, people: 5, passed: 1, turnedBack: 4 });
    expect(gate.reasons).toEqual({ code_colour: 2, code_expired: 1, person_unknown: 1 });
    // A village worker elsewhere sees none of this; the officer's village sees all of it.
    expect(
      (await officer.get(`/api/risk/checkpoint-stats?day=${today.day}`)).json<{
        totals: { checked: number };
      }>().totals.checked,
    ).toBe(log.length);
    const sampler = await t.login('sampler');
    expect((await sampler.get('/api/risk/checkpoint-stats')).statusCode).toBe(403);
  });
});
