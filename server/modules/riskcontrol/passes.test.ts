/**
 * Passes through the API: applications and their validation, numbering, duplicates, approval by
 * type and jurisdiction (never one's own), the signed token, rejection, revocation onto the public
 * list, withdrawal by the applicant, the list, and attachments checked by their content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { decodePass } from '../../../domain/pass-token.js';
import { createUserUnchecked } from '../users/users.service.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { FIXTURE_PASSWORD, PLACES } from '../../test/fixtures.js';

let t: TestApp;
let liaison: Client;
let countyAdmin: Client;
let townAdmin: Client;
let villageWorker: Client;
let officer: Client;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const driverId = makeIdNumber('131002', '1975-06-01', 11);
const strangerId = makeIdNumber('110105', '1980-02-02', 21);

interface Detail {
  id: string;
  number: string;
  status: string;
  plate: string | null;
  token: string | null;
  holdersDetail: Array<{ name: string; idMasked: string; colour: string | null }>;
  routeDetail: Array<{ code: string; name: string | null }>;
  attachments: Array<{ id: string; mime: string; size: number }>;
  can: { decide: boolean; revoke: boolean; withdraw: boolean; attach: boolean };
}

async function checkpoint(code: string, jpath: string, active = true): Promise<void> {
  await t.db.db
    .insertInto('checkpoints')
    .values({
      county_code: jpath.slice(0, 6),
      jpath,
      code,
      name: `检查站${code}`,
      kind: 'beijing_entry',
      policy: JSON.stringify({}),
      active,
    })
    .execute();
}

const supply = (over: Record<string, unknown> = {}) => ({
  type: 'supply_vehicle',
  organisation: '京东物流廊坊分拨中心',
  plate: '冀R·12345',
  holders: [
    { role: 'driver', name: '张师傅', idNumber: driverId, phone: '13800001111' },
    { role: 'driver', name: '李师傅', idNumber: strangerId },
  ],
  route: ['PT-BJ-01', 'PT-BJ-02'],
  validFrom: iso(-HOUR),
  validUntil: iso(7 * DAY),
  ...over,
});

async function apply(as: Client, body: Record<string, unknown>): Promise<Detail> {
  const res = await as.post('/api/risk/passes', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Detail>();
}

const fields = (body: string) =>
  (JSON.parse(body) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map(
    (f) => f.field,
  );

beforeAll(async () => {
  t = await createTestApp();
  [liaison, countyAdmin, townAdmin, villageWorker, officer] = await Promise.all([
    t.login('enterprise-liaison'),
    t.login('county-admin'),
    t.login('town-admin'),
    t.login('village-worker'),
    t.login('checkpoint-officer'),
  ]);
  await checkpoint('PT-BJ-01', '131002');
  await checkpoint('PT-BJ-02', '131002100');
  await checkpoint('PT-OLD', '131002', false);
  const res = await countyAdmin.post('/api/population/people', {
    idNumber: driverId,
    name: '张师傅',
    residenceType: 'registered',
    place: PLACES.village,
  });
  expect(res.statusCode, res.body).toBe(201);
});

afterAll(async () => t.close());

describe('applying', () => {
  let first: Detail;

  it('numbers the pass per county and year, normalises the plate, masks and matches the holders', async () => {
    first = await apply(liaison, supply());
    const year = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 4);
    expect(first.number).toBe(`安次区-通-${year}-000001`);
    expect(first.status).toBe('submitted');
    expect(first.plate).toBe('冀R12345');
    expect(first.holdersDetail.map((h) => h.idMasked)).toEqual([
      `131002********${driverId.slice(-4)}`,
      `110105********${strangerId.slice(-4)}`,
    ]);
    // Known to the population base: green (no stored code); from Beijing: unknown.
    expect(first.holdersDetail.map((h) => h.colour)).toEqual(['green', null]);
    expect(first.routeDetail.map((r) => r.name)).toEqual(['检查站PT-BJ-01', '检查站PT-BJ-02']);
    expect(first.token).toBeNull();
    expect(JSON.stringify(first)).not.toContain(driverId);
    const row = await t.db.db
      .selectFrom('pass_holders')
      .select(['id_cipher', 'id_hash', 'person_id'])
      .where('pass_id', '=', first.id)
      .orderBy('seq')
      .execute();
    expect(t.app.pii.decrypt(row[0]!.id_cipher)).toBe(driverId);
    expect(row[0]!.person_id).not.toBeNull();
    expect(row[1]!.person_id).toBeNull();
    const second = await apply(liaison, supply({ plate: '冀R·22222' }));
    expect(second.number).toBe(`安次区-通-${year}-000002`);
  });

  it('refuses a bad ID number, plate, unknown or closed checkpoint, naming each field', async () => {
    const badId = `${driverId.slice(0, 17)}${driverId[17] === '0' ? '1' : '0'}`;
    const res = await liaison.post(
      '/api/risk/passes',
      supply({
        plate: '冀R·1234',
        holders: [{ role: 'driver', name: '张师傅', idNumber: badId }],
        route: ['PT-BJ-01', 'PT-NOPE', 'PT-OLD'],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(fields(res.body).sort()).toEqual(['holders/0/idNumber', 'plate', 'route/1', 'route/2']);
  });

  it('refuses a supply vehicle without route, an over-long validity, a driverless vehicle', async () => {
    const res = await liaison.post(
      '/api/risk/passes',
      supply({
        route: [],
        validUntil: iso(15 * DAY),
        holders: [{ role: 'holder', name: '王某', idNumber: driverId }],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(fields(res.body).sort()).toEqual(['holders', 'route', 'validUntil']);
  });

  it('refuses the same plate with an overlapping live pass of the same type; another type is fine', async () => {
    const dup = await liaison.post(
      '/api/risk/passes',
      supply({ plate: '冀R 12345', validFrom: iso(6 * DAY), validUntil: iso(9 * DAY) }),
    );
    expect(dup.statusCode).toBe(409);
    expect(dup.json<{ error: { code: string; details: { number: string } } }>().error).toMatchObject({
      code: 'PASS_DUPLICATE',
      details: { number: first.number },
    });
    // Starting the moment the first one ends does not overlap.
    const after = await liaison.post(
      '/api/risk/passes',
      supply({ validFrom: iso(7 * DAY), validUntil: iso(8 * DAY) }),
    );
    expect(after.statusCode, after.body).toBe(201);
    await apply(liaison, supply({ type: 'enterprise_vehicle', route: [] }));
  });

  it('applies only in my subtree', async () => {
    const res = await liaison.post(
      '/api/risk/passes',
      supply({ plate: '冀R·33333', jurisdictionCode: PLACES.otherTown }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
  });
});

describe('deciding', () => {
  it('an enterprise liaison cannot approve', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·40001' }));
    const res = await liaison.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
  });

  it('a town administrator cannot approve a type reserved for county level, but approves a medical pass', async () => {
    const vehicle = await apply(liaison, supply({ plate: '冀R·40002' }));
    const denied = await townAdmin.post(`/api/risk/passes/${vehicle.id}/decision`, { decision: 'approve' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<{ error: { code: string } }>().error.code).toBe('PASS_APPROVAL_LEVEL');
    const seen = (await townAdmin.get(`/api/risk/passes/${vehicle.id}`)).json<Detail>();
    expect(seen.can.decide).toBe(false);

    const medical = await apply(villageWorker, {
      type: 'medical',
      holders: [{ role: 'holder', name: '张师傅', idNumber: driverId }],
      route: [],
      purpose: '血液透析',
      validFrom: iso(0),
      validUntil: iso(2 * DAY),
    });
    expect((await townAdmin.get(`/api/risk/passes/${medical.id}`)).json<Detail>().can.decide).toBe(true);
    const ok = await townAdmin.post(`/api/risk/passes/${medical.id}/decision`, { decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<Detail>().status).toBe('approved');
  });

  it('out of scope: a town administrator does not decide on another town’s pass', async () => {
    await createUserUnchecked(t.db.db, {
      username: 'county-liaison',
      displayName: '县级联络员',
      role: 'enterprise_liaison',
      jurisdictionCode: PLACES.county,
      password: FIXTURE_PASSWORD,
    });
    const other = await t.login('county-liaison');
    const pass = await apply(other, {
      type: 'commuter',
      jurisdictionCode: PLACES.otherTown,
      holders: [{ role: 'holder', name: '赵某', idNumber: strangerId }],
      route: [],
      validFrom: iso(0),
      validUntil: iso(10 * DAY),
    });
    const res = await townAdmin.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('OUT_OF_SCOPE');
    expect((await townAdmin.get(`/api/risk/passes/${pass.id}`)).statusCode).toBe(403);
  });

  it('nobody decides on their own application', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·40003' }));
    const me = await t.db.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'county-admin')
      .executeTakeFirstOrThrow();
    await t.db.db.updateTable('passes').set({ applied_by: me.id }).where('id', '=', pass.id).execute();
    expect((await countyAdmin.get(`/api/risk/passes/${pass.id}`)).json<Detail>().can.decide).toBe(false);
    const res = await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('PASS_OWN_APPLICATION');
  });

  it('approving signs a token with the current pass key: drivers by name and last four, the route, validity', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·40004' }));
    const res = await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, {
      decision: 'approve',
      note: '材料齐全',
    });
    expect(res.statusCode, res.body).toBe(200);
    const approved = res.json<Detail>();
    expect(approved.status).toBe('approved');
    expect(approved.can).toMatchObject({ decide: false, revoke: true });
    const decoded = decodePass(approved.token!);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const key = await t.app.signing.current('pass');
    expect(decoded.claims).toMatchObject({
      id: pass.id,
      k: key.id,
      t: 'supply_vehicle',
      p: '冀R40004',
      d: [
        { n: '张师傅', i: driverId.slice(-4) },
        { n: '李师傅', i: strangerId.slice(-4) },
      ],
      r: ['PT-BJ-01', 'PT-BJ-02'],
    });
    expect(await t.app.signing.verify(key.id, decoded.signed, decoded.signature)).toBe(true);
    const again = await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, {
      decision: 'reject',
      note: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('PASS_WRONG_STATE');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', pass.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['risk.pass_applied', 'risk.pass_decided']),
    );
    const events = await t.db.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('topic', '=', 'risk.pass_changed')
      .execute();
    expect(
      events.some(
        (e) => JSON.stringify(e.payload).includes(pass.id) && JSON.stringify(e.payload).includes('approved'),
      ),
    ).toBe(true);
  });

  it('rejecting needs a note', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·40005' }));
    const bare = await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'reject' });
    expect(bare.statusCode).toBe(400);
    const res = await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, {
      decision: 'reject',
      note: '路线不合理',
    });
    expect(res.json<Detail>().status).toBe('rejected');
  });
});

describe('revoking and withdrawing', () => {
  it('a revoked pass joins the public revocation list (cacheable, no session needed)', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·50001' }));
    await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'approve' });
    const before = new Date().toISOString();
    const blank = await countyAdmin.post(`/api/risk/passes/${pass.id}/revoke`, { reason: '' });
    expect(blank.statusCode).toBe(400);
    const res = await countyAdmin.post(`/api/risk/passes/${pass.id}/revoke`, { reason: '司机核酸阳性' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Detail & { revokeReason: string }>()).toMatchObject({
      status: 'revoked',
      token: null,
      revokeReason: '司机核酸阳性',
    });
    const list = await t.anonymous.get('/api/public/revocations');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(list.json<{ ids: string[] }>().ids).toContain(pass.id);
    const since = await t.anonymous.get(`/api/public/revocations?since=${encodeURIComponent(before)}`);
    expect(since.json<{ ids: string[] }>().ids).toEqual([pass.id]);
    const later = await t.anonymous.get(`/api/public/revocations?since=${encodeURIComponent(iso(HOUR))}`);
    expect(later.json<{ ids: string[] }>().ids).toEqual([]);
    expect(
      (await countyAdmin.post(`/api/risk/passes/${pass.id}/revoke`, { reason: 'again' })).statusCode,
    ).toBe(409);
  });

  it('publishes every signing key as a raw base64url public key', async () => {
    const res = await t.anonymous.get('/api/public/keys');
    expect(res.statusCode).toBe(200);
    const keys = res.json<{
      keys: Array<{ id: string; purpose: string; publicKey: string; retired: boolean }>;
    }>().keys;
    const pass = await t.app.signing.current('pass');
    const entry = keys.find((k) => k.id === pass.id)!;
    expect(entry).toMatchObject({ purpose: 'pass', retired: false });
    expect(Buffer.from(entry.publicKey, 'base64url').equals(pass.publicRaw)).toBe(true);
    expect(keys.some((k) => k.purpose === 'code')).toBe(true);
  });

  it('only the applicant withdraws, while submitted', async () => {
    await createUserUnchecked(t.db.db, {
      username: 'town-liaison-2',
      displayName: '同镇联络员',
      role: 'enterprise_liaison',
      jurisdictionCode: PLACES.town,
      password: FIXTURE_PASSWORD,
    });
    const colleague = await t.login('town-liaison-2');
    const pass = await apply(liaison, supply({ plate: '冀R·50002' }));
    expect((await colleague.get(`/api/risk/passes/${pass.id}`)).json<Detail>().can.withdraw).toBe(false);
    const notMine = await colleague.post(`/api/risk/passes/${pass.id}/withdraw`);
    expect(notMine.json<{ error: { code: string } }>().error.code).toBe('PASS_NOT_APPLICANT');
    const res = await liaison.post(`/api/risk/passes/${pass.id}/withdraw`);
    expect(res.json<Detail>().status).toBe('withdrawn');
    expect((await liaison.post(`/api/risk/passes/${pass.id}/withdraw`)).statusCode).toBe(409);
  });
});

describe('the list', () => {
  it('shows my subtree’s passes, mine only on request, found by plate; a checkpoint officer reads, a sampler not', async () => {
    const all = await liaison.get('/api/risk/passes?pageSize=200');
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json<{ items: Array<{ plate: string | null; holders: string[] }>; total: number }>();
    expect(body.total).toBeGreaterThan(5);
    const mine = await villageWorker.get('/api/risk/passes?mine=true');
    expect(mine.json<{ total: number }>().total).toBe(1);
    const byPlate = await liaison.get(`/api/risk/passes?q=${encodeURIComponent('冀r·40004')}`);
    expect(byPlate.json<{ items: Array<{ plate: string }> }>().items.map((i) => i.plate)).toEqual([
      '冀R40004',
    ]);
    const byName = await liaison.get(`/api/risk/passes?q=${encodeURIComponent('李师傅')}&status=approved`);
    expect(byName.json<{ total: number }>().total).toBe(1);
    // The officer at a village sees the village's passes (the medical one), not the town's.
    const officers = await officer.get('/api/risk/passes');
    expect(officers.statusCode).toBe(200);
    expect(officers.json<{ items: Array<{ type: string }> }>().items.map((i) => i.type)).toEqual(['medical']);
    const sampler = await t.login('sampler');
    expect((await sampler.get('/api/risk/passes')).statusCode).toBe(403);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const upload = (as: Client, id: string, name: string, body: Buffer, type = 'application/pdf') =>
    as.request('POST', `/api/risk/passes/${id}/attachments`, body, {
      'content-type': type,
      'x-filename': encodeURIComponent(name),
      'x-attachment-kind': 'employer_certificate',
    });

  it('takes a real PDF and PNG, refuses an executable named .pdf and a file over 5 MB; downloads are audited', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·60001' }));
    const a = await upload(liaison, pass.id, '单位证明.pdf', pdf);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ filename: '单位证明.pdf', mime: 'application/pdf', size: pdf.length });
    const b = await upload(liaison, pass.id, 'licence.png', png, 'application/octet-stream');
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json<{ mime: string }>().mime).toBe('image/png');

    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
    const bad = await upload(liaison, pass.id, 'invoice.pdf', exe);
    expect(bad.statusCode).toBe(415);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('ATTACHMENT_TYPE');
    const big = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(liaison, pass.id, 'big.pdf', big);
    expect(tooBig.statusCode).toBe(413);

    const detail = (await liaison.get(`/api/risk/passes/${pass.id}`)).json<Detail>();
    expect(detail.attachments.map((x) => x.mime)).toEqual(['application/pdf', 'image/png']);
    const file = await countyAdmin.get(
      `/api/risk/passes/${pass.id}/attachments/${detail.attachments[0]!.id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('actor_username')
      .where('action', '=', 'risk.pass_attachment_viewed')
      .where('resource_id', '=', pass.id)
      .execute();
    expect(audit.map((x) => x.actor_username)).toEqual(['county-admin']);

    await countyAdmin.post(`/api/risk/passes/${pass.id}/decision`, { decision: 'approve' });
    const late = await upload(liaison, pass.id, 'late.pdf', pdf);
    expect(late.statusCode).toBe(409);
  });

  it('at most 10 per pass', async () => {
    const pass = await apply(liaison, supply({ plate: '冀R·60002' }));
    for (let i = 0; i < 10; i++)
      expect((await upload(liaison, pass.id, `p${i}.pdf`, pdf)).statusCode).toBe(201);
    const eleventh = await upload(liaison, pass.id, 'p10.pdf', pdf);
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json<{ error: { code: string } }>().error.code).toBe('ATTACHMENT_LIMIT');
  });
});
