/**
 * The list endpoints of /api/tracing answer either a bare array (clusters, teams, the board) or a
 * PagedList; the pages read both the same way so a route that grows paging does not break them.
 */
import type { PagedList } from '../../api-types';

export type ListAnswer<T> = T[] | PagedList<T> | { items: T[] };

export function itemsOf<T>(answer: ListAnswer<T> | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items;
}

/** The uuid inside a graph node id (the server may prefix ids by kind: `case:<uuid>`). */
export function recordIdOf(nodeId: string): string {
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(nodeId)?.[0] ?? nodeId;
}
