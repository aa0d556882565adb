/**
 * When a view loads again: every minute (figures age), and soon after a live event of its topics
 * (ids only: a hint to refetch). A burst of events — a hundred new cases from one lab run — makes one
 * reload, not a hundred: the first event marks the view stale, and it reloads a few seconds later
 * whatever else arrived meanwhile.
 */
import { useEffect, useState } from 'react';
import { useLiveEvents } from './live/live.context';

const GATHER_MS = 3_000;

/** A number that grows each time the view should reload: pass it as useApi's `version`. */
export function useLiveRefresh(topics: readonly string[], everyMs: number | null = 60_000): number {
  const [version, setVersion] = useState(0);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    if (everyMs === null) return;
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

  useLiveEvents(topics, () => setStale(true));
  return version;
}
