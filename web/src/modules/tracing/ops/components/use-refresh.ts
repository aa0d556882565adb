/**
 * When a view loads again: every minute (figures age), and soon after a live tracing event (ids
 * only: a hint to refetch). A burst of events — a hundred new cases from one lab run — makes one
 * reload, not a hundred: the first event marks the view stale, and it reloads a few seconds later
 * whatever else arrived meanwhile.
 */
import { useEffect, useState } from 'react';
import { useLiveEvent } from '../../../../app/live/live.context';

export const TRACING_TOPICS = [
  'tracing.case_created',
  'tracing.case_changed',
  'tracing.contact_changed',
  'tracing.contact_converted',
  'tracing.cluster_changed',
  'tracing.assist_received',
] as const;
export type TracingTopic = (typeof TRACING_TOPICS)[number];

const GATHER_MS = 3_000;

/** A number that grows each time the view should reload: pass it as useApi's `version`. */
export function useRefresh(topics: readonly TracingTopic[], everyMs: number | null = 60_000): number {
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

  const on = (topic: TracingTopic) => () => {
    if (topics.includes(topic)) setStale(true);
  };
  useLiveEvent('tracing.case_created', on('tracing.case_created'));
  useLiveEvent('tracing.case_changed', on('tracing.case_changed'));
  useLiveEvent('tracing.contact_changed', on('tracing.contact_changed'));
  useLiveEvent('tracing.contact_converted', on('tracing.contact_converted'));
  useLiveEvent('tracing.cluster_changed', on('tracing.cluster_changed'));
  useLiveEvent('tracing.assist_received', on('tracing.assist_received'));
  return version;
}
