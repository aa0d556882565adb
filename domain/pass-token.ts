/**
 * Passes (通行证) as compact signed tokens for a QR code, and the checks a checkpoint makes with
 * nothing but the token, the published public keys and its cached revocation list — so a phone at
 * a Beijing-entry station still decides with the network down (DOMAIN.md "Passes and checkpoints").
 *
 * A token is `CDP1.<claims>.<signature>`: the claims as short-keyed JSON in base64url, signed with
 * Ed25519 over the ASCII text `CDP1.<claims>` by the key the claims name (`k`). The signature is
 * checked by the caller's crypto (node:crypto on the server, WebCrypto in the browser) and handed
 * in: this file holds the format and the rules, no I/O and no keys.
 *
 * What the token proves offline: who issued it (signature, known key), that it is not revoked (as
 * far as the cached list knows), that it is valid now, that this checkpoint is on its route, and
 * who may drive. What needs the server (the driver's code colour, a negative test within the
 * policy's hours, certificates) is checked online, by the caller, and added as further reasons.
 */

export const PASS_PREFIX = 'CDP1';

export const PASS_TYPES = [
  'supply_vehicle', // 保供车辆 (三定: fixed driver, vehicle, route)
  'enterprise_vehicle', // 企业物流车辆
  'enterprise_staff', // 企业员工
  'supply_staff', // 保供单位人员
  'commuter', // 进京通勤
  'medical', // 就医
  'pickup', // 点对点接返
] as const;
export type PassType = (typeof PASS_TYPES)[number];

/** The claims as carried, with short keys (a QR code's room is small). */
export interface PassClaims {
  /** Pass id. */
  id: string;
  /** Signing key id. */
  k: string;
  t: PassType;
  /** Plate, for a vehicle pass. */
  p: string | null;
  /** Named drivers or holders: name and the last four characters of the ID number. */
  d: Array<{ n: string; i: string }>;
  /** Route: checkpoint codes in order; empty = any checkpoint. */
  r: string[];
  /** Valid from / until, Unix seconds. */
  f: number;
  u: number;
}

export type DecodedPass = DecodedToken<PassClaims>;

// ---------------------------------------------------------------------------------------------
// base64url without padding, the same in node and the browser

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Null when the text is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text the signature covers, and the token once signed. */
export function passSigningText(claims: PassClaims): string {
  return `${PASS_PREFIX}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
}

export function passToken(signingText: string, signature: Uint8Array): string {
  return `${signingText}.${toBase64Url(signature)}`;
}

function isClaims(x: unknown): x is PassClaims {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.k === 'string' &&
    typeof c.t === 'string' &&
    (PASS_TYPES as readonly string[]).includes(c.t) &&
    (c.p === null || typeof c.p === 'string') &&
    Array.isArray(c.d) &&
    c.d.every((d: unknown) => {
      const o = d as Record<string, unknown> | null;
      return typeof o === 'object' && o !== null && typeof o.n === 'string' && typeof o.i === 'string';
    }) &&
    Array.isArray(c.r) &&
    c.r.every((r: unknown) => typeof r === 'string') &&
    Number.isInteger(c.f) &&
    Number.isInteger(c.u)
  );
}

/** A scanned `<prefix>.<claims>.<signature>` text: not ours, malformed, or the claims and what was signed. */
export type DecodedToken<T> =
  | { ok: true; claims: T; signed: string; signature: Uint8Array }
  | { ok: false; reason: 'not_ours' | 'malformed' };

/**
 * Reads a signed token of ours (a pass here, a resident's code in code-token.ts): the prefix, base64url
 * JSON claims that `isClaims` accepts, and a 64-byte Ed25519 signature. The signature is not checked here.
 */
export function decodeSignedToken<T>(
  text: string,
  prefix: string,
  isClaims: (x: unknown) => x is T,
): DecodedToken<T> {
  const trimmed = text.trim();
  if (!trimmed.startsWith(`${prefix}.`)) return { ok: false, reason: 'not_ours' };
  const parts = trimmed.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const body = fromBase64Url(parts[1]!);
  const signature = fromBase64Url(parts[2]!);
  if (!body || !signature || signature.length !== 64) return { ok: false, reason: 'malformed' };
  let claims: unknown;
  try {
    claims = JSON.parse(decoder.decode(body));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  return { ok: true, claims, signed: `${parts[0]}.${parts[1]}`, signature };
}

/** Reads a scanned text: not ours (another QR code), malformed, or the claims and what was signed. */
export function decodePass(text: string): DecodedPass {
  return decodeSignedToken(text, PASS_PREFIX, isClaims);
}

// ---------------------------------------------------------------------------------------------
// The offline decision

export type PassProblem =
  | { code: 'not_ours' }
  | { code: 'malformed' }
  | { code: 'unknown_key'; key: string }
  | { code: 'bad_signature' }
  | { code: 'revoked' }
  | { code: 'not_yet_valid'; from: number }
  | { code: 'expired'; until: number }
  | { code: 'off_route'; checkpoint: string; route: string[] }
  | { code: 'wrong_plate'; plate: string | null; seen: string }
  | { code: 'driver_not_named'; seen: string };

export interface PassCheckInput {
  now: Date;
  /** The checkpoint's code. */
  checkpoint: string;
  /** Whether the signature verified, by the key the claims name; null: that key is not known here. */
  signatureValid: boolean | null;
  /** The pass ids of the cached revocation list. */
  revoked: ReadonlySet<string>;
  /** What the officer sees: a plate, the driver's name and ID number (when typed or scanned). */
  seen?: { plate?: string; driverName?: string; driverIdNumber?: string };
}

export interface PassDecision {
  verdict: 'pass' | 'turn_back';
  /** Every problem found (empty when the verdict is pass). */
  problems: PassProblem[];
  claims: PassClaims | null;
}

const normalPlate = (p: string) => p.replace(/[\s·•-]/g, '').toUpperCase();

/** The checkpoint's decision on a decoded token, with every reason. Never throws. */
export function checkPass(decoded: DecodedPass, input: PassCheckInput): PassDecision {
  if (!decoded.ok) return { verdict: 'turn_back', problems: [{ code: decoded.reason }], claims: null };
  const c = decoded.claims;
  const problems: PassProblem[] = [];
  if (input.signatureValid === null) problems.push({ code: 'unknown_key', key: c.k });
  else if (!input.signatureValid) problems.push({ code: 'bad_signature' });
  // A forged token's claims are not to be believed: nothing else is said about them.
  if (problems.length > 0) return { verdict: 'turn_back', problems, claims: null };
  if (input.revoked.has(c.id)) problems.push({ code: 'revoked' });
  const now = Math.floor(input.now.getTime() / 1000);
  if (now < c.f) problems.push({ code: 'not_yet_valid', from: c.f });
  if (now > c.u) problems.push({ code: 'expired', until: c.u });
  if (c.r.length > 0 && !c.r.includes(input.checkpoint))
    problems.push({ code: 'off_route', checkpoint: input.checkpoint, route: c.r });
  const seen = input.seen ?? {};
  if (seen.plate !== undefined && (c.p === null || normalPlate(c.p) !== normalPlate(seen.plate)))
    problems.push({ code: 'wrong_plate', plate: c.p, seen: seen.plate });
  if (seen.driverName !== undefined || seen.driverIdNumber !== undefined) {
    const name = seen.driverName?.trim();
    const last4 = seen.driverIdNumber?.trim().toUpperCase().slice(-4);
    const named = c.d.some(
      (d) => (name === undefined || d.n === name) && (last4 === undefined || d.i.toUpperCase() === last4),
    );
    if (!named) problems.push({ code: 'driver_not_named', seen: name ?? `…${last4 ?? ''}` });
  }
  return { verdict: problems.length === 0 ? 'pass' : 'turn_back', problems, claims: c };
}

/** Claims for a new pass, from the issuer's fields. */
export function passClaims(p: {
  id: string;
  keyId: string;
  type: PassType;
  plate: string | null;
  drivers: Array<{ name: string; idNumber: string }>;
  route: string[];
  validFrom: Date;
  validUntil: Date;
}): PassClaims {
  return {
    id: p.id,
    k: p.keyId,
    t: p.type,
    p: p.plate,
    d: p.drivers.map((d) => ({ n: d.name, i: d.idNumber.slice(-4).toUpperCase() })),
    r: p.route,
    f: Math.floor(p.validFrom.getTime() / 1000),
    u: Math.floor(p.validUntil.getTime() / 1000),
  };
}
