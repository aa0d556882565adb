/**
 * The shell routes every module at /<path>/:code? with :code the selected jurisdiction. Records of
 * the ledger (a person, a household, an import) have uuids, which no jurisdiction code resembles, so
 * the same route opens them: /population/people/<person id>, /population/units/<household id>,
 * /population/imports/<import id>; the header's jurisdiction switcher then leads back to the lists.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecordId(param: string | undefined): param is string {
  return param !== undefined && UUID.test(param);
}
