/** The tracing views' reloads: app/use-live-refresh.ts on the tracing topics. */
import { useLiveRefresh } from '../../../../app/use-live-refresh';

export const TRACING_TOPICS = [
  'tracing.case_created',
  'tracing.case_changed',
  'tracing.contact_changed',
  'tracing.contact_converted',
  'tracing.cluster_changed',
  'tracing.assist_received',
] as const;
export type TracingTopic = (typeof TRACING_TOPICS)[number];

/** A number that grows each time the view should reload: pass it as useApi's `version`. */
export function useRefresh(topics: readonly TracingTopic[], everyMs: number | null = 60_000): number {
  return useLiveRefresh(topics, everyMs);
}
