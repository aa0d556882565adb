/**
 * The checkpoint phone's decision when the server cannot be asked: a pass token (CDP1…) or a
 * person's code token (CDH1…) checked with nothing but the published public keys, the cached
 * revocation list and the checkpoint's cached policy. The rules are the domain's
 * (domain/pass-token.ts checkPass, domain/code-token.ts checkCode, domain/checkpoint-policy.ts);
 * this file adds WebCrypto Ed25519 and says what could not be checked offline. No React, no
 * storage: the page hands everything in, so the decision is unit-tested in Node (offline.test.ts).
 *
 * WebCrypto exists only in secure contexts (HTTPS or localhost), like the camera.
 */
import {
  CROSSINGS,
  type Certificate,
  type CheckpointPolicy,
  type Crossing,
  type CrossingProblem,
} from '../../../../../../domain/checkpoint-policy.js';
import { checkCode, decodeCode, type CodeClaims } from '../../../../../../domain/code-token.js';
import {
  checkPass,
  decodePass,
  fromBase64Url,
  type PassClaims,
} from '../../../../../../domain/pass-token.js';
import { certificatesOf } from '../../../../../../domain/passes.js';
import type { PublicKeys, VerifyProblem } from '../api-types';

/** The published keys, imported once for verifying; null key: could not be imported here. */
export type KeyRing = Map<string, { key: CryptoKey | null; retired: boolean; purpose: 'pass' | 'code' }>;

/** A published key's 32 raw bytes, whichever text form the server chose (base64url, base64 or hex). */
export function rawKeyBytes(text: string): Uint8Array | null {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = parseInt(trimmed.slice(i * 2, i * 2 + 2), 16);
    return out;
  }
  const bytes = fromBase64Url(trimmed.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  return bytes && bytes.length === 32 ? bytes : null;
}

function subtle(): SubtleCrypto | null {
  return globalThis.crypto?.subtle ?? null;
}

export async function importKeys(published: PublicKeys['keys']): Promise<KeyRing> {
  const ring: KeyRing = new Map();
  const s = subtle();
  for (const k of published) {
    const raw = rawKeyBytes(k.publicKey);
    let key: CryptoKey | null = null;
    if (raw && s) {
      try {
        key = await s.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify']);
      } catch {
        key = null; // a browser without Ed25519 in WebCrypto: the token cannot be checked here
      }
    }
    ring.set(k.id, { key, retired: k.retired, purpose: k.purpose });
  }
  return ring;
}

/** As the server's SigningKeys.verify: null when the key is unknown, retired or cannot be used here. */
export async function verifySignature(
  ring: KeyRing,
  keyId: string,
  signed: string,
  signature: Uint8Array,
): Promise<boolean | null> {
  const entry = ring.get(keyId);
  const s = subtle();
  if (!entry || entry.retired || !entry.key || !s) return null;
  // The signing text is ASCII (prefix, dots, base64url): its bytes are its characters.
  const bytes = new Uint8Array(signed.length);
  for (let i = 0; i < signed.length; i++) bytes[i] = signed.charCodeAt(i) & 0x7f;
  try {
    return await s.verify('Ed25519', entry.key, new Uint8Array(signature), bytes);
  } catch {
    return false;
  }
}

/** What an offline decision could not look at (shown to the officer, in words). */
export type Unchecked = 'live_code' | 'negative_test' | 'driver_code' | 'certificates';

export interface OfflineInput {
  now: Date;
  checkpoint: { code: string; policy: CheckpointPolicy };
  ring: KeyRing;
  revoked: ReadonlySet<string>;
  crossing?: Crossing;
  certificates?: readonly Certificate[];
  plate?: string;
  driver?: { name?: string; idNumber?: string };
}

export type OfflineDecision =
  | {
      kind: 'decided';
      subject: 'pass' | 'person_code';
      verdict: 'pass' | 'turn_back';
      problems: VerifyProblem[];
      unchecked: Unchecked[];
      pass: PassClaims | null;
      person: CodeClaims | null;
    }
  /** A plate or an ID number (or a scan that is no token of ours): only the server can say. */
  | { kind: 'needs_network' };

const empty = (s: string | undefined) => s === undefined || s.trim() === '';

/** The crossing asked for, else the medical one for a medical pass, else the policy's first (as the server). */
function crossingOf(policy: CheckpointPolicy, asked: Crossing | undefined, passType?: string): Crossing {
  if (asked) return asked;
  if (passType === 'medical' && policy.medical) return 'medical';
  return CROSSINGS.find((c) => policy[c] !== undefined) ?? CROSSINGS[0];
}

/**
 * The crossing's rule, as far as it can be applied without the server (no test results): allowed
 * here, the colour (a code token's colour at issue; null for a pass, whose people are looked up
 * online only), the certificates seen or stood for by the pass.
 */
function crossingProblems(
  policy: CheckpointPolicy,
  crossing: Crossing,
  colour: CodeClaims['o'] | null,
  certificates: readonly Certificate[],
): CrossingProblem[] {
  const rule = policy[crossing];
  if (!rule) return [{ code: 'crossing_not_allowed', crossing }];
  const problems: CrossingProblem[] = [];
  if (colour !== null && !rule.colours.includes(colour)) problems.push({ code: 'code_colour', colour });
  for (const certificate of rule.certificates) {
    if (!certificates.includes(certificate)) problems.push({ code: 'certificate_missing', certificate });
  }
  return problems;
}

const needsNegative = (policy: CheckpointPolicy, crossing: Crossing) =>
  (policy[crossing]?.negativeWithinHours ?? null) !== null;

/** The offline decision on what was scanned or typed, with every reason. Never throws. */
export async function decideOffline(scan: string, input: OfflineInput): Promise<OfflineDecision> {
  const text = scan.trim();
  const pass = decodePass(text);
  if (pass.ok || pass.reason === 'malformed') {
    const signatureValid = pass.ok
      ? await verifySignature(input.ring, pass.claims.k, pass.signed, pass.signature)
      : false;
    const seen: { plate?: string; driverName?: string; driverIdNumber?: string } = {};
    if (!empty(input.plate)) seen.plate = input.plate!.trim();
    if (!empty(input.driver?.name)) seen.driverName = input.driver!.name!.trim();
    if (!empty(input.driver?.idNumber)) seen.driverIdNumber = input.driver!.idNumber!.trim();
    const decision = checkPass(pass, {
      now: input.now,
      checkpoint: input.checkpoint.code,
      signatureValid,
      revoked: input.revoked,
      seen,
    });
    const problems: VerifyProblem[] = [...decision.problems];
    const crossing = crossingOf(input.checkpoint.policy, input.crossing, decision.claims?.t);
    // A forged pass says nothing: the crossing is judged only on a pass whose signature verified.
    // What the officer saw, and what the pass stands for (domain/passes.ts), as the server counts them.
    if (decision.claims) {
      const certificates = [...(input.certificates ?? []), ...certificatesOf(decision.claims.t)];
      problems.push(...crossingProblems(input.checkpoint.policy, crossing, null, certificates));
    }
    // What the server would have added about the people on a readable pass (nothing about a forged one).
    const unchecked: Unchecked[] = decision.claims ? ['driver_code'] : [];
    if (decision.claims && needsNegative(input.checkpoint.policy, crossing)) unchecked.push('negative_test');
    return {
      kind: 'decided',
      subject: 'pass',
      verdict: problems.length === 0 ? 'pass' : 'turn_back',
      problems,
      unchecked,
      pass: decision.claims,
      person: null,
    };
  }
  const code = decodeCode(text);
  if (code.ok || code.reason === 'malformed') {
    const signatureValid = code.ok
      ? await verifySignature(input.ring, code.claims.k, code.signed, code.signature)
      : false;
    const checked = checkCode(code, { now: input.now, signatureValid });
    const problems: VerifyProblem[] = [...checked.problems];
    const crossing = crossingOf(input.checkpoint.policy, input.crossing);
    // A forged or stale code says nothing about the person: the crossing is not judged on it.
    if (checked.ok && checked.claims) {
      problems.push(
        ...crossingProblems(input.checkpoint.policy, crossing, checked.claims.o, input.certificates ?? []),
      );
    }
    const unchecked: Unchecked[] = checked.ok ? ['live_code'] : [];
    if (checked.ok && needsNegative(input.checkpoint.policy, crossing)) unchecked.push('negative_test');
    return {
      kind: 'decided',
      subject: 'person_code',
      verdict: problems.length === 0 ? 'pass' : 'turn_back',
      problems,
      unchecked,
      pass: null,
      person: checked.ok ? checked.claims : null,
    };
  }
  return { kind: 'needs_network' };
}

/** A uuid for the check log (the device names its checks so a re-sent one is counted once). */
export function newClientId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
