import { parseJurisdictionCode, shortDivisionCode } from '../../../../domain/jurisdiction.js';
import type { JurisdictionChanged } from '../../app/api-types';

/**
 * Whether a jurisdiction.changed event touches the subtree of `selected` (so its counts, map and
 * children may have changed). Division codes nest by prefix of their significant digits; grids and
 * buildings carry their village's 12 digits.
 */
export function affectsSubtree(selected: string, event: JurisdictionChanged): boolean {
  const parsed = parseJurisdictionCode(selected);
  if (!parsed) return false;
  if (parsed.level === 'grid' || parsed.level === 'building') {
    return event.code.slice(0, 12) === selected.slice(0, 12);
  }
  return event.code.startsWith(shortDivisionCode(parsed.code, parsed.level));
}
