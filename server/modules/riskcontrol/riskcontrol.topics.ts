/**
 * Outbox topics of the risk-control module. Payloads carry ids and codes, never personal data.
 */

/** A zone began, changed kind, was lifted or stepped down: { zoneId, countyCode }; jpath = the zone's. */
export const ZONE_CHANGED = 'risk.zone_changed';
/** A person's health-code mark was added or ended: { markId, personId, countyCode }. */
export const MARK_CHANGED = 'risk.mark_changed';
/** A person's stored code changed colour: { personId, countyCode, colour }; jpath = the person's. */
export const CODE_CHANGED = 'risk.code_changed';
/** A pass was approved, rejected or revoked: { passId, countyCode, status }. */
export const PASS_CHANGED = 'risk.pass_changed';
