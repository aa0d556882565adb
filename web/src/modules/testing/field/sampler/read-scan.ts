/**
 * What the sampler scanned or typed at the table: a resident's sampling code (the QR on their phone
 * or on the household sheet, possibly as a link) or an ID number typed for someone without one.
 */
import { parseIdNumber } from '../../../../../../domain/idcard.js';
import { parseSamplingCode, samplingCodeOf } from '../../../../../../domain/testing.js';

export type ScanInput =
  | { ok: true; body: { code: string } | { idNumber: string }; personId?: string }
  | { ok: false; problem: 'check' | 'unknown' };

export function readScan(text: string): ScanInput {
  const code = parseSamplingCode(text);
  // The canonical form: the server sees one spelling whatever the phone or keyboard produced.
  if (code.ok) return { ok: true, body: { code: samplingCodeOf(code.personId) }, personId: code.personId };
  if (code.problem === 'check') return { ok: false, problem: 'check' };
  const id = parseIdNumber(text);
  if (id.ok) return { ok: true, body: { idNumber: id.value } };
  return { ok: false, problem: 'unknown' };
}

/** A short buzz for a taken scan, a double one for a refused scan: the sampler's eyes are on the swab. */
export function buzz(ok: boolean): void {
  try {
    navigator.vibrate?.(ok ? 60 : [90, 60, 90]);
  } catch {
    // Not supported: silence.
  }
}
