/** Small helpers for the workbench's lists and tables. */
import type { HTMLAttributes } from 'react';

/**
 * Picker endpoints (investigators, teams, venues) answer a plain array or a `{ items }` page;
 * api-types.ts does not spell these out, so the pickers accept either.
 */
export function itemsOf<T>(data: T[] | { items: T[] } | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

/**
 * Data attributes for a table row (tests find rows by them). antd types `onRow`'s answer as
 * HTML attributes, which do not list data-* keys in an object literal.
 */
export function rowAttrs(
  attrs: Record<`data-${string}`, string | number | boolean>,
): HTMLAttributes<HTMLElement> {
  return attrs;
}
