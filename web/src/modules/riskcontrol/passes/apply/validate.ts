/**
 * The application form's checks, as the server makes them, so a mistake is named on its field before
 * anything is sent: ID numbers by their check character (domain/idcard.ts), mobiles, plates and the
 * shape of an application per type (domain/passes.ts, the server's own rules).
 */
import { ID_PROBLEM_MESSAGES, parseIdNumber, parsePhone } from '../../../../../../domain/idcard.js';
import { parsePlate } from '../../../../../../domain/passes.js';
import type { Lang } from '../../../../app/i18n/i18n';

export { normalisePlate } from '../../../../../../domain/passes.js';

export function isPlate(input: string): boolean {
  return parsePlate(input) !== null;
}

/** Null when fine; otherwise the problem in words. */
export function idNumberProblem(input: string, lang: Lang): string | null {
  const parsed = parseIdNumber(input);
  if (parsed.ok) return null;
  const text = ID_PROBLEM_MESSAGES[parsed.problem][lang];
  return parsed.expected
    ? `${text}${lang === 'zh' ? `（应为 ${parsed.expected}）` : ` (expected ${parsed.expected})`}`
    : text;
}

export function isMobile(input: string): boolean {
  const p = parsePhone(input);
  return p.ok && p.mobile;
}
