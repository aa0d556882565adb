/** The population page of a village, grid, building (or any jurisdiction), or of a household. */
export function unitPath(codeOrHouseholdId: string): string {
  return `/population/units/${codeOrHouseholdId}`;
}
