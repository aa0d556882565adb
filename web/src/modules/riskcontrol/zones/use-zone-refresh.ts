/**
 * When the zone and checkpoint views load again: every minute (states age with the day), and a few
 * seconds after a live zone or case event (ids only: a hint to refetch). A burst of events makes one
 * reload.
 */
import { useEffect, useState } from 'react';
import { useLiveEvent } from '../../../app/live/live.context';

const GATHER_MS = 3_000;

export function useZoneRefresh(everyMs = 60_000): number {
  const [version, setVersion] = useState(0);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => v + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => {
      setStale(false);
      setVersion((v) => v + 1);
    }, GATHER_MS);
    return () => clearTimeout(timer);
  }, [stale]);
  useLiveEvent('risk.zone_changed', () => setStale(true));
  useLiveEvent('tracing.case_created', () => setStale(true));
  return version;
}
