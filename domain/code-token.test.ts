import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CodeClaims, checkCode, codeSigningText, codeToken, decodeCode } from './code-token.js';
import { toBase64Url } from './pass-token.js';

const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const now = new Date('2022-03-20T08:00:00+08:00');
const t = Math.floor(now.getTime() / 1000);
const claims: CodeClaims = {
  p: 'a1',
  c: '131002',
  n: '张*三',
  i: '123X',
  o: 'green',
  t,
  x: t + 300,
  k: 'c1-abc',
};

function tokenOf(c: CodeClaims): string {
  const text = codeSigningText(c);
  return codeToken(text, new Uint8Array(crypto.sign(null, Buffer.from(text), privateKey)));
}
function verdict(token: string, at = now) {
  const decoded = decodeCode(token);
  const valid = decoded.ok
    ? crypto.verify(null, Buffer.from(decoded.signed), publicKey, decoded.signature)
    : false;
  return checkCode(decoded, { now: at, signatureValid: valid });
}

describe('code token', () => {
  it('reads back the colour of a fresh token signed by the key it names', () => {
    expect(verdict(tokenOf(claims))).toEqual({ ok: true, problems: [], claims });
  });

  it('expires after its five minutes (to the second), with a minute of grace for a fast clock', () => {
    const token = tokenOf(claims);
    expect(verdict(token, new Date(now.getTime() + 300_000)).ok).toBe(true);
    expect(verdict(token, new Date(now.getTime() + 301_000)).problems).toEqual([
      { code: 'code_expired', at: t + 300 },
    ]);
    expect(verdict(token, new Date(now.getTime() - 60_000)).ok).toBe(true);
    expect(verdict(token, new Date(now.getTime() - 61_000)).ok).toBe(false);
  });

  it('refuses a token whose colour was changed after signing', () => {
    const [prefix, , signature] = tokenOf(claims).split('.');
    const red = toBase64Url(new TextEncoder().encode(JSON.stringify({ ...claims, o: 'red' })));
    const green = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...claims, o: 'green', x: t + 9999 })),
    );
    expect(verdict(`${prefix}.${red}.${signature}`).problems).toEqual([{ code: 'bad_signature' }]);
    expect(verdict(`${prefix}.${green}.${signature}`).problems).toEqual([{ code: 'bad_signature' }]);
    expect(verdict(`${prefix}.${red}.${signature}`).claims).toBeNull();
  });

  it('tells a key it does not know, another QR code, and garbage apart', () => {
    const decoded = decodeCode(tokenOf(claims));
    expect(checkCode(decoded, { now, signatureValid: null }).problems).toEqual([
      { code: 'unknown_key', key: 'c1-abc' },
    ]);
    expect(verdict('https://example.com/qr').problems).toEqual([{ code: 'not_ours' }]);
    expect(verdict('CDP1.abc.def').problems).toEqual([{ code: 'not_ours' }]);
    expect(verdict('CDH1.@@@.xyz').problems).toEqual([{ code: 'malformed' }]);
    expect(verdict('CDH1.e30.' + toBase64Url(new Uint8Array(64))).problems).toEqual([{ code: 'malformed' }]);
    expect(verdict('CDH1.only-two').problems).toEqual([{ code: 'malformed' }]);
  });
});
