import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { createUserUnchecked } from '../users/users.service.js';

let t: TestApp;
let admin: Client; // county admin of 安次区
let investigator: Client; // investigator of 安次区
let helper: Client; // investigator of 广阳区, sent to help (member of a joint team)
let bystander: Client; // another investigator of 广阳区, in no team of ours
let gyAdmin: Client; // county admin of 广阳区
const users: Record<string, string> = {};

interface Team {
  id: string;
  name: string;
  area: { code: string; name: string };
  leader: { id: string; name: string } | null;
  members: Array<{ id: string; name: string }>;
  openCases: number;
}
interface Detail {
  id: string;
  team: { id: string; name: string } | null;
  assignee: { id: string } | null;
  version: number;
}
interface LoadRow {
  user: { id: string; name: string };
  teams: string[];
  open: number;
  overdue: number;
  dueSoon: number;
  callsToday: number;
}

const HOUR = 3600_000;
const fieldOf = (res: { json<T>(): T }) =>
  res.json<{ error: { details: { fields: Array<{ field: string }> } } }>().error.details.fields[0]!.field;

async function newCase(place: string, hoursAgo = 1, name = '病例'): Promise<Detail> {
  const res = await investigator.post('/api/tracing/cases', {
    person: { name },
    place,
    classification: 'asymptomatic',
    foundIn: 'community',
    sampledDate: '2022-03-10',
    reportedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ case: Detail }>().case;
}

async function team(as: Client, body: Record<string, unknown>): Promise<Team> {
  const res = await as.post('/api/tracing/teams', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Team>();
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
  investigator = await t.login('investigator');
  const make = async (username: string, role: 'investigator' | 'county_admin', place: string) => {
    const user = await createUserUnchecked(t.db.db, {
      username,
      displayName: username,
      role,
      jurisdictionCode: place,
      password: 'Other-pass-9',
    });
    users[username] = user.id;
    return t.login(username, 'Other-pass-9');
  };
  helper = await make('gy-helper', 'investigator', PLACES.otherCounty);
  bystander = await make('gy-bystander', 'investigator', PLACES.otherCounty);
  gyAdmin = await make('gy-admin', 'county_admin', PLACES.otherCounty);
  await make('ac-second', 'investigator', PLACES.town);
  users.investigator = (await investigator.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
});
afterAll(async () => t.close());

describe('teams by area (分片包干)', () => {
  let county: Team;
  let village: Team;

  it('are formed by an administrator for an area of their subtree', async () => {
    county = await team(admin, { name: '区流调一队', area: PLACES.county, memberIds: [users.investigator] });
    village = await team(admin, {
      name: '张营村专班',
      area: PLACES.village,
      leaderId: users['ac-second'],
      memberIds: [],
    });
    expect(village).toMatchObject({
      area: { code: PLACES.village, name: '张营村' },
      leader: { id: users['ac-second'] },
      // The leader is a member.
      members: [{ id: users['ac-second'] }],
      openCases: 0,
    });
    const list = (await admin.get('/api/tracing/teams')).json<Team[]>();
    expect(list.map((x) => x.name)).toEqual(['区流调一队', '张营村专班']);
    expect(
      (await investigator.post('/api/tracing/teams', { name: 'x', area: PLACES.county, memberIds: [] }))
        .statusCode,
    ).toBe(403);
    const outside = await admin.post('/api/tracing/teams', {
      name: 'x',
      area: PLACES.otherCounty,
      memberIds: [],
    });
    expect(outside.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    const notInvestigator = await admin.post('/api/tracing/teams', {
      name: 'x',
      area: PLACES.county,
      memberIds: [users.investigator, users['gy-admin']],
    });
    expect(fieldOf(notInvestigator)).toBe('memberIds/1');
  });

  it('take the new cases of their area, the most specific area first', async () => {
    const inVillage = await newCase(PLACES.village);
    const inGrid = await newCase(PLACES.grid);
    const inOtherVillage = await newCase(PLACES.otherVillage);
    expect(inVillage.team).toEqual({ id: village.id, name: '张营村专班' });
    expect(inGrid.team?.id).toBe(village.id);
    expect(inOtherVillage.team?.id).toBe(county.id);
    const teams = (await admin.get('/api/tracing/teams')).json<Team[]>();
    expect(teams.map((x) => [x.name, x.openCases])).toEqual([
      ['区流调一队', 1],
      ['张营村专班', 2],
    ]);
  });

  it('share the cases of one area: the team with fewer open cases gets the next', async () => {
    const first = await team(admin, { name: '码头镇甲', area: PLACES.otherTown, memberIds: [] });
    const second = await team(admin, { name: '码头镇乙', area: PLACES.otherTown, memberIds: [] });
    const a = await newCase('131002101201');
    const b = await newCase('131002101202');
    const c = await newCase('131002101203');
    expect([a.team?.id, b.team?.id, c.team?.id]).toEqual([first.id, second.id, first.id]);
  });

  it('change their members; a team with open cases is not dissolved', async () => {
    const renamed = await admin.patch(`/api/tracing/teams/${county.id}`, {
      name: '区流调一队（扩编）',
      memberIds: [users.investigator, users['ac-second']],
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(
      renamed
        .json<Team>()
        .members.map((m) => m.id)
        .sort(),
    ).toEqual([users.investigator, users['ac-second']].sort());
    const refused = await admin.delete(`/api/tracing/teams/${county.id}`);
    expect(refused.statusCode).toBe(400);
    const empty = await team(admin, { name: '临时', area: PLACES.county, memberIds: [] });
    expect((await admin.delete(`/api/tracing/teams/${empty.id}`)).statusCode).toBe(200);
    expect((await gyAdmin.delete(`/api/tracing/teams/${county.id}`)).statusCode).toBe(403);
  });
});

describe('a joint team from another county (跨区支援)', () => {
  let joint: Team;
  let c: Detail;

  it('is formed with investigators of the whole city', async () => {
    const mine = (await admin.get('/api/tracing/investigators'))
      .json<Array<{ id: string }>>()
      .map((u) => u.id);
    expect(mine).not.toContain(users['gy-helper']);
    const city = (await admin.get('/api/tracing/investigators?all=true')).json<Array<{ id: string }>>();
    expect(city.map((u) => u.id)).toContain(users['gy-helper']);
    joint = await team(admin, { name: '广阳支援队', area: PLACES.town, memberIds: [users['gy-helper']] });
    c = await newCase(PLACES.village, 1, '支援');
  });

  it('lets its members open the cases it is given, and nobody else of that county', async () => {
    expect((await helper.get(`/api/tracing/cases/${c.id}`)).statusCode).toBe(403);
    const assigned = await admin.post(`/api/tracing/cases/${c.id}/assign`, { teamId: joint.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json<Detail>().team?.id).toBe(joint.id);

    const opened = await helper.get(`/api/tracing/cases/${c.id}`);
    expect(opened.statusCode, opened.body).toBe(200);
    const refused = await bystander.get(`/api/tracing/cases/${c.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'OUT_OF_SCOPE' } });
    const list = (await helper.get('/api/tracing/cases')).json<{ items: Detail[] }>().items;
    expect(list.map((x) => x.id)).toEqual([c.id]);
    expect((await bystander.get('/api/tracing/cases')).json<{ items: Detail[] }>().items).toEqual([]);
    // The helper works the case: itinerary and calls.
    const entry = await helper.post(`/api/tracing/cases/${c.id}/itinerary`, {
      placeKind: 'address',
      place: '家中',
      fromAt: new Date(Date.now() - 30 * HOUR).toISOString(),
      toAt: new Date(Date.now() - 20 * HOUR).toISOString(),
    });
    expect(entry.statusCode, entry.body).toBe(201);
    const call = await helper.post(`/api/tracing/cases/${c.id}/calls`, {
      number: '13700001111',
      outcome: 'reached',
    });
    expect(call.statusCode).toBe(201);
    // The helper sees the team's teams in the list of teams, not the rest of ours.
    expect((await helper.get('/api/tracing/teams')).json<Team[]>().map((x) => x.id)).toEqual([joint.id]);
  });

  it('takes a member of the case team as assignee, but not an outsider', async () => {
    const outsider = await admin.post(`/api/tracing/cases/${c.id}/assign`, {
      assigneeId: users['gy-bystander'],
    });
    expect(fieldOf(outsider)).toBe('assigneeId');
    const member = await admin.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: users['gy-helper'] });
    expect(member.statusCode, member.body).toBe(200);
    // Without the team, the direct assignment alone still opens the case to the helper.
    await admin.post(`/api/tracing/cases/${c.id}/assign`, { teamId: null });
    expect((await helper.get(`/api/tracing/cases/${c.id}`)).statusCode).toBe(200);
    await admin.post(`/api/tracing/cases/${c.id}/assign`, { assigneeId: null });
    expect((await helper.get(`/api/tracing/cases/${c.id}`)).statusCode).toBe(403);
  });

  it("may be another county's own team, given a case by id", async () => {
    const theirs = await team(gyAdmin, {
      name: '广阳本地队',
      area: PLACES.otherCounty,
      memberIds: [users['gy-bystander']],
    });
    const res = await admin.post(`/api/tracing/cases/${c.id}/assign`, { teamId: theirs.id });
    expect(res.statusCode, res.body).toBe(200);
    expect((await bystander.get(`/api/tracing/cases/${c.id}`)).statusCode).toBe(200);
    // But 广阳's administrator cannot reassign 安次's case.
    expect((await gyAdmin.post(`/api/tracing/cases/${c.id}/assign`, { teamId: null })).statusCode).toBe(403);
  });
});

describe('the board', () => {
  it("shows each investigator's open, overdue and due-soon cases and calls today", async () => {
    const overdue = await newCase(PLACES.otherVillage, 3, '超时');
    await admin.post(`/api/tracing/cases/${overdue.id}/assign`, { assigneeId: users.investigator });
    const soon = await newCase(PLACES.otherVillage, 1.5, '将到期');
    await admin.post(`/api/tracing/cases/${soon.id}/assign`, { assigneeId: users.investigator });
    await investigator.post(`/api/tracing/cases/${overdue.id}/calls`, {
      number: '13700002222',
      outcome: 'busy',
    });

    const board = await admin.get('/api/tracing/board');
    expect(board.statusCode, board.body).toBe(200);
    const rows = board.json<LoadRow[]>();
    const mine = rows.find((r) => r.user.id === users.investigator)!;
    // 区流调一队 holds the cases of 倪官屯村 (3 by now: two here, one before) besides the two assigned.
    const countyTeamCases = await t.db.db
      .selectFrom('cases')
      .select('id')
      .where('status', '=', 'open')
      .where((eb) =>
        eb.or([
          eb('assignee_id', '=', users.investigator!),
          eb(
            'team_id',
            'in',
            eb
              .selectFrom('tracing_team_members')
              .select('team_id')
              .where('user_id', '=', users.investigator!),
          ),
        ]),
      )
      .execute();
    expect(mine).toMatchObject({
      teams: ['区流调一队（扩编）'],
      open: countyTeamCases.length,
      callsToday: 1,
    });
    expect(mine.overdue).toBeGreaterThanOrEqual(1);
    expect(mine.dueSoon).toBeGreaterThanOrEqual(1);
    // The helper is on our board (a member of one of our teams); the bystander is not.
    expect(rows.map((r) => r.user.id)).toContain(users['gy-helper']);
    expect(rows.map((r) => r.user.id)).not.toContain(users['gy-bystander']);
    expect(rows.find((r) => r.user.id === users['gy-helper'])!.callsToday).toBe(1);
  });
});
