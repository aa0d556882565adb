/**
 * Health codes follow the facts (README.md "Health codes"): each handler recomputes the people an
 * event concerns, in the handler's transaction.
 *  - a case created or changed: the case's person, the contacts it named and their secondary contacts;
 *  - a contact changed or converted: that contact's person;
 *  - a candidate decided (companion): that person;
 *  - a zone began, changed or ended: everyone living under it (set-based, like the full recompute);
 *  - a mark added or ended: that person (the marks routes already did it in their transaction; an
 *    event from elsewhere, or a re-delivery, recomputes the same answer).
 */
import { sql } from 'kysely';
import type { EventHandler } from '../../platform/outbox.js';
import { CASE_CREATED } from '../tracing/cases.create.js';
import { CASE_CHANGED } from '../tracing/cases.service.js';
import { CANDIDATE_DECIDED } from '../tracing/candidates.service.js';
import { CONTACT_CHANGED, CONTACT_CONVERTED } from '../tracing/contacts.core.js';
import { countyPaths, recomputeAreaIn, recomputePeople } from './codes.recompute.js';
import { MARK_CHANGED, ZONE_CHANGED } from './riskcontrol.topics.js';

interface Payload {
  caseId?: string;
  contactId?: string;
  personId?: string;
  zoneId?: string;
  countyCode?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value : null);

export const codeHandlers: readonly EventHandler[] = [
  {
    name: 'riskcontrol.codes.case',
    topics: [CASE_CREATED, CASE_CHANGED],
    handle: async (tx, event) => {
      const caseId = id((event.payload as Payload).caseId);
      if (!caseId) return;
      const { rows } = await sql<{ person_id: string }>`
        select person_id from cases where id = ${caseId}::uuid and person_id is not null
        union
        select c.person_id from contact_links l
          join contacts c on c.county_code = l.county_code and c.id = l.contact_id
         where l.case_id = ${caseId}::uuid and c.person_id is not null
        union
        select c.person_id from contact_links l
          join contact_links v on v.via_contact_id = l.contact_id
          join contacts c on c.county_code = v.county_code and c.id = v.contact_id
         where l.case_id = ${caseId}::uuid and c.person_id is not null`.execute(tx);
      await recomputePeople(
        tx,
        rows.map((r) => r.person_id),
      );
    },
  },
  {
    name: 'riskcontrol.codes.contact',
    topics: [CONTACT_CHANGED, CONTACT_CONVERTED],
    handle: async (tx, event) => {
      const contactId = id((event.payload as Payload).contactId);
      if (!contactId) return;
      const rows = await tx
        .selectFrom('contacts')
        .select('person_id')
        .where('id', '=', contactId)
        .where('person_id', 'is not', null)
        .execute();
      await recomputePeople(
        tx,
        rows.map((r) => r.person_id!),
      );
    },
  },
  {
    name: 'riskcontrol.codes.person',
    topics: [CANDIDATE_DECIDED, MARK_CHANGED],
    handle: async (tx, event) => {
      const personId = id((event.payload as Payload).personId);
      if (personId) await recomputePeople(tx, [personId]);
    },
  },
  {
    name: 'riskcontrol.codes.zone',
    topics: [ZONE_CHANGED],
    handle: async (tx, event) => {
      const zoneId = id((event.payload as Payload).zoneId);
      if (!zoneId) return;
      const zone = await tx.selectFrom('zones').select(['jpath']).where('id', '=', zoneId).executeTakeFirst();
      if (!zone) return;
      // A zone lies in one county; a city-wide one (its path above the counties) covers each of them.
      const areas = zone.jpath.length >= 6 ? [zone.jpath] : await countyPaths(tx, zone.jpath);
      for (const area of areas) await recomputeAreaIn(tx, area.slice(0, 6), area);
    },
  },
];
