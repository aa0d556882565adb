/**
 * Pass tokens with real Ed25519 keys (node:crypto): a supply vehicle's pass on a route of three
 * Beijing-entry checkpoints, checked as a phone at a checkpoint would, with the network down.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type DecodedPass,
  type PassCheckInput,
  checkPass,
  decodePass,
  fromBase64Url,
  passClaims,
  passSigningText,
  passToken,
  toBase64Url,
} from './pass-token.js';

const keys = new Map([['k2022a', crypto.generateKeyPairSync('ed25519')]]);
const stranger = crypto.generateKeyPairSync('ed25519');

function sign(text: string, key = keys.get('k2022a')!.privateKey): Uint8Array {
  return new Uint8Array(crypto.sign(null, Buffer.from(text), key));
}
/** What a checkpoint's verifier does: the key by id, then the signature. */
function signatureValid(d: DecodedPass): boolean | null {
  if (!d.ok) return false;
  const key = keys.get(d.claims.k);
  if (!key) return null;
  return crypto.verify(null, Buffer.from(d.signed), key.publicKey, d.signature);
}
const check = (token: string, input: Partial<PassCheckInput> = {}) => {
  const decoded = decodePass(token);
  return checkPass(decoded, {
    now: new Date('2022-03-20T08:00:00+08:00'),
    checkpoint: 'JJ-02',
    signatureValid: signatureValid(decoded),
    revoked: new Set(),
    ...input,
  });
};

const claims = passClaims({
  id: '7d0c4f5e-1111-4a5b-9c3d-0123456789ab',
  keyId: 'k2022a',
  type: 'supply_vehicle',
  plate: '冀R·A1234',
  drivers: [{ name: '张师傅', idNumber: '13100219800401301X' }],
  route: ['JJ-01', 'JJ-02', 'JJ-05'],
  validFrom: new Date('2022-03-16T00:00:00+08:00'),
  validUntil: new Date('2022-03-31T23:59:59+08:00'),
});
const signingText = passSigningText(claims);
const token = passToken(signingText, sign(signingText));

/** The token with its claims changed and the old signature kept (what a forger can do). */
function tampered(change: (c: typeof claims) => void): string {
  const copy = structuredClone(claims);
  change(copy);
  return `${passSigningText(copy)}.${token.split('.')[2]!}`;
}

describe('pass tokens', () => {
  it('round-trips base64url for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.randomBytes(n);
      const text = toBase64Url(bytes);
      expect(text).toBe(bytes.toString('base64url'));
      expect(Buffer.from(fromBase64Url(text)!)).toEqual(bytes);
    }
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('a')).toBeNull();
  });

  it('fits a QR code and passes on the route, in its validity, with the named driver and plate', () => {
    expect(token.length).toBeLessThan(400);
    const decision = check(token, {
      seen: { plate: '冀RA1234', driverName: '张师傅', driverIdNumber: '13100219800401301x' },
    });
    expect(decision).toMatchObject({ verdict: 'pass', problems: [] });
    expect(decision.claims?.d).toEqual([{ n: '张师傅', i: '301X' }]);
  });

  it('turns back a changed plate, route, expiry or signature as a bad signature, and says nothing more', () => {
    for (const change of [
      (c: typeof claims) => void (c.p = '冀R·B9999'),
      (c: typeof claims) => void c.r.push('JJ-09'),
      (c: typeof claims) => void (c.u += 86_400 * 30),
      (c: typeof claims) => void (c.d[0]!.n = '李四'),
    ]) {
      expect(check(tampered(change))).toEqual({
        verdict: 'turn_back',
        problems: [{ code: 'bad_signature' }],
        claims: null,
      });
    }
    // One bit of the signature flipped.
    const signature = fromBase64Url(token.split('.')[2]!)!;
    signature[20] = signature[20]! ^ 0x01;
    expect(check(passToken(signingText, signature)).problems).toEqual([{ code: 'bad_signature' }]);
    // Signed by a key that is not ours but claiming ours.
    expect(check(passToken(signingText, sign(signingText, stranger.privateKey))).problems).toEqual([
      { code: 'bad_signature' },
    ]);
  });

  it('turns back an unknown key, a QR code that is not ours, and garbage, without throwing', () => {
    const other = { ...claims, k: 'k-unknown' };
    const text = passSigningText(other);
    expect(check(passToken(text, sign(text))).problems).toEqual([{ code: 'unknown_key', key: 'k-unknown' }]);
    expect(check('https://example.com/some-other-qr').problems).toEqual([{ code: 'not_ours' }]);
    for (const junk of [
      'CDP1.',
      'CDP1.abc',
      'CDP1.@@@.xyz',
      `CDP1.${toBase64Url(new TextEncoder().encode('{"id":1}'))}.${'A'.repeat(86)}`,
    ]) {
      expect(check(junk).problems).toEqual([{ code: 'malformed' }]);
    }
  });

  it('turns back a revoked pass, one used off its route, too early or too late, with every reason', () => {
    expect(check(token, { revoked: new Set([claims.id]) }).problems).toEqual([{ code: 'revoked' }]);
    expect(check(token, { checkpoint: 'JJ-09' }).problems).toEqual([
      { code: 'off_route', checkpoint: 'JJ-09', route: ['JJ-01', 'JJ-02', 'JJ-05'] },
    ]);
    expect(check(token, { now: new Date('2022-03-15T23:59:59+08:00') }).problems[0]!.code).toBe(
      'not_yet_valid',
    );
    expect(check(token, { now: new Date('2022-03-31T23:59:59+08:00') }).verdict).toBe('pass');
    const late = check(token, {
      now: new Date('2022-04-01T00:00:00+08:00'),
      checkpoint: 'JJ-09',
      revoked: new Set([claims.id]),
    });
    expect(late.problems.map((p) => p.code)).toEqual(['revoked', 'expired', 'off_route']);
  });

  it('turns back another plate or a driver the pass does not name', () => {
    expect(check(token, { seen: { plate: '京A00001' } }).problems[0]).toEqual({
      code: 'wrong_plate',
      plate: '冀R·A1234',
      seen: '京A00001',
    });
    expect(check(token, { seen: { driverName: '王五' } }).problems[0]!.code).toBe('driver_not_named');
    expect(check(token, { seen: { driverIdNumber: '131002198004013020' } }).problems[0]!.code).toBe(
      'driver_not_named',
    );
  });
});
