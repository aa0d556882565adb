/**
 * When the zone and checkpoint views load again: every minute (states age with the day), and a few
 * seconds after a live zone or case event (app/use-live-refresh.ts).
 */
import { useLiveRefresh } from '../../../app/use-live-refresh';

const ZONE_TOPICS = ['risk.zone_changed', 'tracing.case_created'] as const;

export function useZoneRefresh(everyMs = 60_000): number {
  return useLiveRefresh(ZONE_TOPICS, everyMs);
}
