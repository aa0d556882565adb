/**
 * A resident's health code as a short-lived signed token for the QR code on their page, so a gate or
 * station can read the colour offline with the published public keys (the same Ed25519 keys and
 * base64url as passes, domain/pass-token.ts). It says the colour *at issue*; the token lives a few
 * minutes, so a screenshot cannot carry yesterday's green. Online, the checkpoint asks the server for
 * today's code and its reasons.
 *
 * `CDH1.<claims>.<signature>`: claims as short-keyed JSON in base64url, signed over `CDH1.<claims>`.
 */
import type { CodeColour } from './healthcode.js';
import { type DecodedToken, decodeSignedToken, toBase64Url } from './pass-token.js';

export const CODE_PREFIX = 'CDH1';
/** How long a code token is good for after it was issued. */
export const CODE_TOKEN_SECONDS = 5 * 60;

export interface CodeClaims {
  /** Person id and their county (the key of their record). */
  p: string;
  c: string;
  /** Masked name (张*三) and the last four characters of the ID number: what the officer compares. */
  n: string;
  i: string;
  /** Colour at issue. */
  o: CodeColour;
  /** Issued at / expires at, Unix seconds. */
  t: number;
  x: number;
  /** Signing key id. */
  k: string;
}

export type DecodedCode = DecodedToken<CodeClaims>;

const encoder = new TextEncoder();

export function codeSigningText(claims: CodeClaims): string {
  return `${CODE_PREFIX}.${toBase64Url(encoder.encode(JSON.stringify(claims)))}`;
}

export function codeToken(signingText: string, signature: Uint8Array): string {
  return `${signingText}.${toBase64Url(signature)}`;
}

function isClaims(x: unknown): x is CodeClaims {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  return (
    typeof c.p === 'string' &&
    typeof c.c === 'string' &&
    typeof c.n === 'string' &&
    typeof c.i === 'string' &&
    (c.o === 'green' || c.o === 'yellow' || c.o === 'red') &&
    Number.isInteger(c.t) &&
    Number.isInteger(c.x) &&
    typeof c.k === 'string'
  );
}

export function decodeCode(text: string): DecodedCode {
  return decodeSignedToken(text, CODE_PREFIX, isClaims);
}

export type CodeProblem =
  | { code: 'not_ours' }
  | { code: 'malformed' }
  | { code: 'unknown_key'; key: string }
  | { code: 'bad_signature' }
  | { code: 'code_expired'; at: number };

/** What a scanned code token proves offline: the colour at issue, if signed by us and fresh. */
export function checkCode(
  decoded: DecodedCode,
  input: { now: Date; signatureValid: boolean | null },
): { ok: boolean; problems: CodeProblem[]; claims: CodeClaims | null } {
  if (!decoded.ok) return { ok: false, problems: [{ code: decoded.reason }], claims: null };
  const c = decoded.claims;
  if (input.signatureValid === null)
    return { ok: false, problems: [{ code: 'unknown_key', key: c.k }], claims: null };
  if (!input.signatureValid) return { ok: false, problems: [{ code: 'bad_signature' }], claims: null };
  const now = Math.floor(input.now.getTime() / 1000);
  // A phone whose clock runs a little ahead may issue a moment "early": a minute of grace.
  if (now > c.x || now < c.t - 60)
    return { ok: false, problems: [{ code: 'code_expired', at: c.x }], claims: c };
  return { ok: true, problems: [], claims: c };
}
