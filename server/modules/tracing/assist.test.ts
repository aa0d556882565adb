/**
 * Assist notices (协查函) through the real app: the outgoing draft left by a contact outside our
 * area, outgoing notices about a case, statuses, peers and their tokens, the inbox (authentication,
 * validation, idempotency), accepting an incoming notice, the printable document, and scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { DEFAULT_EDITION_ID } from '../../../domain/protocol.js';
import { quarantinePlan, tracingRules8th } from '../../../domain/tracing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let inv: Client;
let gy: Client;
let admin: Client;
let caseA: { id: string; number: string };
let caseB: { id: string; number: string };
const P1 = makeIdNumber('131002', '1975-01-01', 11);
const outsider = (seq: number) => makeIdNumber('110105', '1990-02-03', seq);

interface Notice {
  id: string;
  number: string;
  direction: string;
  subject: string;
  peer: string;
  targetRegion: string | null;
  name: string;
  idMasked: string | null;
  content: Record<string, unknown>;
  status: string;
  case: { id: string; number: string } | null;
  contact: { id: string; name: string } | null;
  reply: string | null;
}
interface Problem {
  error: { code: string; details: { fields?: Array<{ field: string }>; from?: string; to?: string } };
}
const fieldsOf = (res: { json<T>(): T }) => res.json<Problem>().error.details.fields?.map((f) => f.field);

let caseSeq = 0;
async function makeCase(): Promise<{ id: string; number: string }> {
  caseSeq += 1;
  return t.db.db
    .insertInto('cases')
    .values({
      county_code: '131002',
      jpath: PLACES.village,
      number: `A${String(caseSeq).padStart(3, '0')}`,
      name: `病例${caseSeq}`,
      classification: 'confirmed',
      found_in: 'community',
      source: 'manual',
      edition_id: DEFAULT_EDITION_ID,
      onset_date: '2022-03-09',
      sampled_date: '2022-03-10',
      reported_at: new Date('2022-03-11T02:00:00Z'),
      address: '张营村 3号',
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

const inbox = (token: string | null, body: unknown) =>
  t.anonymous.request('POST', '/api/assist/inbox', body, token ? { authorization: `Bearer ${token}` } : {});

const delivery = (ref: string, extra: Record<string, unknown> = {}) => ({
  externalRef: ref,
  number: `京朝协〔2022〕${ref}号`,
  subject: 'close',
  person: { name: '来函人员', idNumber: outsider(90), phone: '13600000090', address: '廊坊市安次区某小区' },
  lastExposureAt: '2022-03-12T18:00:00+08:00',
  request: '请协助落实管控',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp();
  inv = await t.login('investigator');
  admin = await t.login('county-admin');
  await createUserUnchecked(t.db.db, {
    username: 'gy-investigator',
    displayName: '广阳流调',
    role: 'investigator',
    jurisdictionCode: PLACES.otherCounty,
    password: 'Other-pass-9',
  });
  gy = await t.login('gy-investigator', 'Other-pass-9');
  const person = await admin.post('/api/population/people', {
    idNumber: P1,
    name: '本地居民',
    phone: '13900000011',
    residenceType: 'registered',
    place: PLACES.village,
  });
  expect(person.statusCode, person.body).toBe(201);
  caseA = await makeCase();
  caseB = await makeCase();
});
afterAll(async () => t.close());

describe('outgoing notices', () => {
  let noticeId: string;

  it('a contact outside our area leaves a draft with what we know', async () => {
    const res = await inv.post(`/api/tracing/cases/${caseA.id}/contacts`, {
      idNumber: outsider(1),
      name: '北京客人',
      exposureType: 'meal',
      relationship: '朋友',
      lastExposureAt: '2022-03-09T12:00:00+08:00',
      outsideRegion: '北京市朝阳区',
    });
    expect(res.statusCode, res.body).toBe(201);
    const contact = res.json<{ contact: { id: string; outsideArea: boolean } }>().contact;
    expect(contact.outsideArea).toBe(true);
    const list = await inv.get('/api/tracing/assist?direction=outgoing');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json<{ items: Notice[] }>().items;
    expect(items).toHaveLength(1);
    const notice = items[0]!;
    noticeId = notice.id;
    expect(notice).toMatchObject({
      direction: 'outgoing',
      subject: 'close',
      peer: '北京市朝阳区',
      targetRegion: '北京市朝阳区',
      name: '北京客人',
      status: 'draft',
      contact: { id: contact.id, name: '北京客人' },
    });
    expect(notice.number).toMatch(/^XC131002-\d{8}-001$/);
    expect(notice.idMasked).toMatch(/^110105\*+/);
    expect(list.body).not.toContain(outsider(1));
    expect(notice.content.exposures).toEqual([
      expect.objectContaining({ caseNumber: caseA.number, exposureType: 'meal', relationship: '朋友' }),
    ]);
    const page = await inv.get(`/api/tracing/contacts/${contact.id}`);
    expect(page.json<{ assistNotices: unknown[] }>().assistNotices).toEqual([
      { id: notice.id, number: notice.number, status: 'draft' },
    ]);

    // Named again by another case: the same draft, now knowing both exposures.
    await inv.post(`/api/tracing/cases/${caseB.id}/contacts`, {
      idNumber: outsider(1),
      name: '北京客人',
      exposureType: 'work',
      lastExposureAt: '2022-03-10T12:00:00+08:00',
      outsideRegion: '北京市朝阳区',
    });
    const again = (await inv.get('/api/tracing/assist?direction=outgoing')).json<{ items: Notice[] }>().items;
    expect(again).toHaveLength(1);
    expect(again[0]!.content.exposures).toHaveLength(2);
  });

  it('goes draft → sent → replied → closed, refusing other moves', async () => {
    const move = (body: Record<string, unknown>) => inv.post(`/api/tracing/assist/${noticeId}/status`, body);
    const early = await move({ status: 'replied', reply: '已落实' });
    expect(early.statusCode).toBe(409);
    expect(early.json<Problem>().error).toMatchObject({
      code: 'ASSIST_WRONG_STATE',
      details: { from: 'draft', to: 'replied' },
    });
    expect((await move({ status: 'accepted' })).statusCode).toBe(409);
    expect((await move({ status: 'sent' })).statusCode).toBe(200);
    const noReply = await move({ status: 'replied' });
    expect(noReply.statusCode).toBe(400);
    expect(fieldsOf(noReply)).toEqual(['reply']);
    const replied = await move({ status: 'replied', reply: '已找到本人，集中隔离' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json<{ notice: Notice }>().notice).toMatchObject({
      status: 'replied',
      reply: '已找到本人，集中隔离',
    });
    expect((await move({ status: 'closed' })).statusCode).toBe(200);
    expect((await move({ status: 'sent' })).statusCode).toBe(409);
  });

  it('about a case, with its itinerary; one subject at a time', async () => {
    await t.db.db
      .insertInto('itinerary_entries')
      .values({
        county_code: '131002',
        case_id: caseA.id,
        place_kind: 'address',
        place: '天津市河西区某商场',
        from_at: new Date('2022-03-08T10:00:00+08:00'),
        to_at: new Date('2022-03-08T12:00:00+08:00'),
        activity: '购物',
      })
      .execute();
    const res = await inv.post('/api/tracing/assist', { caseId: caseA.id, targetRegion: '天津市河西区' });
    expect(res.statusCode, res.body).toBe(201);
    const notice = res.json<Notice>();
    expect(notice).toMatchObject({
      subject: 'case',
      status: 'draft',
      case: { id: caseA.id, number: caseA.number },
    });
    expect(notice.content.itinerary).toEqual([
      expect.objectContaining({ place: '天津市河西区某商场', activity: '购物' }),
    ]);
    expect(notice.content.case).toMatchObject({ classification: 'confirmed', onsetDate: '2022-03-09' });
    const both = await inv.post('/api/tracing/assist', {
      caseId: caseA.id,
      contactId: notice.id,
      targetRegion: 'x',
    });
    expect(fieldsOf(both)).toEqual(['caseId']);
    expect(fieldsOf(await inv.post('/api/tracing/assist', { targetRegion: 'x' }))).toEqual(['contactId']);
    expect(
      fieldsOf(
        await inv.post('/api/tracing/assist', { caseId: caseA.id, subject: 'close', targetRegion: 'x' }),
      ),
    ).toEqual(['subject']);
    expect(
      (await admin.post('/api/tracing/assist', { caseId: caseA.id, targetRegion: 'x' })).statusCode,
    ).toBe(403);
  });
});

describe('the inbox', () => {
  let token: string;
  let peerId: string;
  let received: { id: string; number: string };

  it('peers are created once, with a token shown only then', async () => {
    expect(
      (await admin.post('/api/tracing/assist-peers', { name: 'x', region: 'x', deliverTo: PLACES.county }))
        .statusCode,
    ).toBe(403);
    expect(
      (await inv.post('/api/tracing/assist-peers', { name: 'y', region: 'y', deliverTo: PLACES.otherCounty }))
        .statusCode,
    ).toBe(403);
    const res = await inv.post('/api/tracing/assist-peers', {
      name: '北京市朝阳区流调组',
      region: '北京市朝阳区',
      deliverTo: '131002',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ peer: { id: string; deliverTo: { code: string } }; token: string }>();
    token = body.token;
    peerId = body.peer.id;
    expect(body.peer.deliverTo.code).toBe(PLACES.county);
    expect(token.length).toBeGreaterThan(40);
    const list = await inv.get('/api/tracing/assist-peers');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json<Array<{ id: string }>>().map((p) => p.id)).toEqual([peerId]);
    const stored = await t.db.db.selectFrom('assist_peers').select('token_hash').executeTakeFirstOrThrow();
    expect(Buffer.from(stored.token_hash).toString()).not.toContain(token);
    const again = await inv.post('/api/tracing/assist-peers', {
      name: '北京市朝阳区流调组',
      region: 'x',
      deliverTo: '131002',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a missing or unknown token before reading the body', async () => {
    const none = await inbox(null, delivery('R1'));
    expect(none.statusCode).toBe(401);
    expect(none.json<Problem>().error.code).toBe('INVALID_PEER_TOKEN');
    expect((await inbox('cordon_ap_not-a-real-token', delivery('R1'))).statusCode).toBe(401);
    expect((await inbox('cordon_ap_not-a-real-token', { nonsense: true })).statusCode).toBe(401);
  });

  it('refuses a malformed notice naming the field', async () => {
    const noName = await inbox(token, delivery('R1', { person: { idNumber: outsider(90) } }));
    expect(noName.statusCode).toBe(400);
    expect(fieldsOf(noName)).toEqual(['person.name']);
    const wrong = outsider(90).slice(0, 17) + (outsider(90).endsWith('0') ? '1' : '0');
    const badId = await inbox(token, delivery('R1', { person: { name: 'x', idNumber: wrong } }));
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(badId)).toContain('person.idNumber');
    const noTime = await inbox(token, { ...delivery('R1'), lastExposureAt: undefined });
    expect(fieldsOf(noTime)).toEqual(['lastExposureAt']);
    const badSubject = await inbox(token, delivery('R1', { subject: 'rumour' }));
    expect(fieldsOf(badSubject)).toEqual(['subject']);
  });

  it('stores a notice where the peer delivers, once however often it is delivered', async () => {
    const first = await inbox(token, delivery('R1'));
    expect(first.statusCode, first.body).toBe(201);
    received = first.json<{ id: string; number: string; status: string; duplicate: boolean }>();
    expect(received).toMatchObject({ status: 'received', duplicate: false });
    expect(received.number).toMatch(/^LH131002-\d{8}-001$/);
    const second = await inbox(token, delivery('R1'));
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ ...received, duplicate: true });
    const rows = await t.db.db
      .selectFrom('assist_notices')
      .selectAll()
      .where('external_ref', '=', 'R1')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      county_code: '131002',
      jpath: '131002',
      direction: 'incoming',
      peer: '北京市朝阳区流调组',
    });
    const events = await t.db.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'tracing.assist_received')
      .execute();
    expect(events).toEqual([{ payload: { noticeId: received.id, countyCode: '131002' } }]);
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select(['actor_username'])
      .where('action', '=', 'tracing.assist_received')
      .execute();
    expect(audit).toEqual([{ actor_username: 'assist-peer:北京市朝阳区流调组' }]);
    const shown = await inv.get(`/api/tracing/assist/${received.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json<Notice>()).toMatchObject({
      direction: 'incoming',
      status: 'received',
      content: { request: '请协助落实管控', senderNumber: '京朝协〔2022〕R1号' },
    });
    expect(shown.body).not.toContain(outsider(90));
  });

  it('accepting a contact notice makes the contact, found in our base when they live here', async () => {
    const local = await inbox(
      token,
      delivery('R2', { person: { name: '本地居民', idNumber: P1 }, subject: 'secondary' }),
    );
    expect(local.statusCode, local.body).toBe(201);
    const id = local.json<{ id: string }>().id;
    const res = await inv.post(`/api/tracing/assist/${id}/status`, { status: 'accepted' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ notice: Notice; contact: { id: string; matched: string }; caseDraft: null }>();
    expect(body.contact.matched).toBe('id');
    expect(body.caseDraft).toBeNull();
    expect(body.notice).toMatchObject({ status: 'accepted', contact: { id: body.contact.id } });
    const contact = await inv.get(`/api/tracing/contacts/${body.contact.id}`);
    expect(contact.json()).toMatchObject({
      name: '本地居民',
      degree: 'secondary',
      place: { code: PLACES.village },
      plan: quarantinePlan(tracingRules8th().secondary, new Date('2022-03-12T18:00:00+08:00')),
      assistNotices: [{ id, status: 'accepted' }],
    });
    expect((await inv.post(`/api/tracing/assist/${id}/status`, { status: 'accepted' })).statusCode).toBe(409);
    expect((await inv.post(`/api/tracing/assist/${id}/status`, { status: 'sent' })).statusCode).toBe(409);
  });

  it('accepting a case notice returns what a case needs, and the case opens from it', async () => {
    const res = await inbox(
      token,
      delivery('R3', {
        subject: 'case',
        lastExposureAt: undefined,
        case: { classification: 'asymptomatic', sampledDate: '2022-03-12' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const accepted = await inv.post(`/api/tracing/assist/${res.json<{ id: string }>().id}/status`, {
      status: 'accepted',
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<{ caseDraft: unknown; contact: unknown }>()).toMatchObject({
      contact: null,
      caseDraft: {
        personId: null,
        name: '来函人员',
        classification: 'asymptomatic',
        sampledDate: '2022-03-12',
        onsetDate: null,
        source: 'assist',
      },
    });
    expect(accepted.body).not.toContain(outsider(90));

    // The draft opens the case: source assist, the person from the notice, the notice linked.
    const noticeId = res.json<{ id: string }>().id;
    const opened = await inv.post('/api/tracing/cases', {
      assistNoticeId: noticeId,
      classification: 'asymptomatic',
      foundIn: 'community',
      sampledDate: '2022-03-12',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const kase = opened.json<{ case: { id: string; source: string; name: string; idMasked: string } }>().case;
    expect(kase).toMatchObject({ source: 'assist', name: '来函人员' });
    expect(kase.idMasked).toBe(outsider(90).slice(0, 6) + '********' + outsider(90).slice(14));
    const notice = (await inv.get(`/api/tracing/assist/${noticeId}`)).json<{ case: { id: string } | null }>();
    expect(notice.case?.id).toBe(kase.id);
    const again = await inv.post('/api/tracing/cases', {
      assistNoticeId: noticeId,
      classification: 'asymptomatic',
      foundIn: 'community',
      sampledDate: '2022-03-12',
    });
    expect(again.statusCode).toBe(400);
    expect(fieldsOf(again)).toEqual(['assistNoticeId']);
  });

  it('a switched-off peer is refused', async () => {
    const off = await inv.patch(`/api/tracing/assist-peers/${peerId}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await inbox(token, delivery('R9'))).statusCode).toBe(401);
    await inv.patch(`/api/tracing/assist-peers/${peerId}`, { active: true });
    expect((await inbox(token, delivery('R9'))).statusCode).toBe(201);
  });

  it('prints a zh-CN document with everything escaped and identifiers masked', async () => {
    const res = await inbox(
      token,
      delivery('R4', {
        person: { name: '<script>alert("x")</script>', idNumber: outsider(91), phone: '13600000091' },
        request: '请核查 <b>立即</b> & 回复',
        content: { '<i>note</i>': '<img src=x onerror=alert(1)>' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { id, number } = res.json<{ id: string; number: string }>();
    const page = await inv.get(`/api/tracing/assist/${id}/print`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = page.body;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('协查函');
    expect(html).toContain(number);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('请核查 &lt;b&gt;立即&lt;/b&gt; &amp; 回复');
    expect(html).toContain('&lt;i&gt;note&lt;/i&gt;');
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(html).toContain('110105');
    expect(html).not.toContain(outsider(91));
    expect(html).not.toContain('13600000091');
    expect(html).toContain('136****0091');
    const audit = await t.db.db
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'tracing.assist_printed')
      .execute();
    expect(audit).toEqual([{ resource_id: id }]);
  });

  it('another county cannot see our notices', async () => {
    const open = await gy.get(`/api/tracing/assist/${received.id}`);
    expect(open.statusCode).toBe(403);
    expect((await gy.get(`/api/tracing/assist/${received.id}/print`)).statusCode).toBe(403);
    const list = await gy.get('/api/tracing/assist');
    expect(list.json<{ items: unknown[]; total: number }>()).toEqual({ items: [], total: 0 });
    expect(
      (await gy.post(`/api/tracing/assist/${received.id}/status`, { status: 'closed' })).statusCode,
    ).toBe(403);
  });
});
