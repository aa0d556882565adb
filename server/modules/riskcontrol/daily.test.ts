/**
 * The risk-control day: a zone nobody has read since yesterday is evaluated for today, a stored
 * code whose day has come is recomputed, and the day runs once however many servers check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../domain/idcard.js';
import { cstDate } from '../../../domain/tracing.js';
import { type Client, type TestApp, createTestApp } from '../../test/app.js';
import { PLACES } from '../../test/fixtures.js';
import { runRiskDay } from './daily.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('county-admin');
});
afterAll(async () => t.close());

describe('the risk-control day', () => {
  it('evaluates every stale active zone for today and sweeps the codes whose day has come, once a day', async () => {
    const today = cstDate(new Date());
    const yesterday = cstDate(new Date(Date.now() - 86_400_000));
    const declared = await admin.post('/api/risk/zones', {
      place: PLACES.village,
      kind: 'controlled',
      startedOn: yesterday,
      reason: '密接居住地',
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const zoneId = declared.json<{ id: string }>().id;
    // As yesterday's evaluation left it.
    await t.db.db.updateTable('zones').set({ evaluated_on: yesterday }).where('id', '=', zoneId).execute();

    const person = await admin.post('/api/population/people', {
      idNumber: makeIdNumber('131002', '1975-06-01', 731),
      name: '到期码',
      residenceType: 'registered',
      place: PLACES.village,
    });
    expect(person.statusCode, person.body).toBe(201);
    const personId = person.json<{ person: { id: string } }>().person.id;
    // A yellow that ends today, with nothing behind it any more — but the zone of residence.
    await t.db.db
      .insertInto('health_codes')
      .values({
        county_code: '131002',
        person_id: personId,
        jpath: PLACES.village,
        colour: 'red',
        reasons: JSON.stringify([{ code: 'discharged', colour: 'red', until: today }]),
        changes_on: today,
      })
      .execute();

    const first = await runRiskDay(t.db.db);
    expect(first).toMatchObject({ day: today, zones: 1, codesSwept: 1, codesChanged: 1 });
    const zone = await t.db.db
      .selectFrom('zones')
      .select(['evaluated_on', 'evaluation'])
      .where('id', '=', zoneId)
      .executeTakeFirstOrThrow();
    expect(zone.evaluated_on).toBe(today);
    expect((zone.evaluation as { day: string }).day).toBe(today);
    const code = await t.db.db
      .selectFrom('health_codes')
      .select(['colour', 'reasons'])
      .where('person_id', '=', personId)
      .executeTakeFirst();
    // Recomputed from the facts: the controlled zone of residence, no longer the ended red.
    expect(code?.colour).not.toBe('red');

    // A second server (or the next check) the same day finds it claimed.
    expect(await runRiskDay(t.db.db)).toBeNull();
    // The next day runs again.
    const tomorrow = await runRiskDay(t.db.db, new Date(Date.now() + 86_400_000));
    expect(tomorrow?.day).toBe(cstDate(new Date(Date.now() + 86_400_000)));
    expect(tomorrow?.zones).toBe(1);
  });
});
