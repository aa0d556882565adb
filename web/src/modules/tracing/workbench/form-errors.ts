/**
 * Server refusals on the field they name. A 400 VALIDATION_FAILED carries
 * `details.fields: [{ field, message }]` with paths such as "toAt", "body/toAt" or
 * "itinerary[2].toAt"; the last segment names the form's field. Problems on fields the form does
 * not have are left to the caller (the usual error message).
 */
import type { FormInstance } from 'antd';
import { isApiError } from '../../../app/api';
import type { Lang } from '../../../app/i18n/i18n';
import { problemText } from './problem-messages';

export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(error: unknown): FieldProblem[] {
  if (!isApiError(error, 'VALIDATION_FAILED')) return [];
  const fields = error.details?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f: { field?: unknown; message?: unknown }) =>
    typeof f.field === 'string'
      ? [{ field: f.field, message: typeof f.message === 'string' ? f.message : '' }]
      : [],
  );
}

/** "body/itinerary/2/toAt", "itinerary[2].toAt", "/toAt" → "toAt". */
export function lastSegment(path: string): string {
  const parts = path.split(/[/.[\]]+/).filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? path;
}

/**
 * Puts each problem on the form field it names (`alias` maps server names to form names, e.g.
 * venueId → venue). True when every problem found a field: nothing else needs saying.
 */
export function showFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fieldNames: readonly string[],
  lang: Lang,
  alias: Record<string, string> = {},
): boolean {
  const problems = fieldProblems(error);
  if (problems.length === 0) return false;
  let placed = 0;
  const entries: Array<{ name: string; errors: string[] }> = [];
  for (const problem of problems) {
    const segment = lastSegment(problem.field);
    const name = alias[segment] ?? segment;
    if (!fieldNames.includes(name)) continue;
    placed++;
    const existing = entries.find((e) => e.name === name);
    const text = problemText(problem.message, lang);
    if (existing) existing.errors.push(text);
    else entries.push({ name, errors: [text] });
  }
  // antd's setFields is typed by the form's value shape; the names are checked against fieldNames.
  form.setFields(entries as Parameters<FormInstance<T>['setFields']>[0]);
  return placed === problems.length;
}
