/**
 * The checkpoint phone's offline decision with real Ed25519: tokens signed as the server signs them
 * (node:crypto over the ASCII signing text), verified with WebCrypto as the browser does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { beijingEntryPolicy } from '../../../../../../domain/checkpoint-policy.js';
import { codeSigningText, codeToken, type CodeClaims } from '../../../../../../domain/code-token.js';
import {
  fromBase64Url,
  passClaims,
  passSigningText,
  passToken,
  toBase64Url,
  type PassClaims,
} from '../../../../../../domain/pass-token.js';
import { decideOffline, importKeys, type KeyRing, newClientId, rawKeyBytes } from './offline';

/** The part of node:crypto the test signs with (the web program has no Node types). */
interface NodeCrypto {
  generateKeyPairSync(type: 'ed25519'): {
    privateKey: object;
    publicKey: { export(o: { format: 'der'; type: 'spki' }): Uint8Array };
  };
  sign(algorithm: null, data: Uint8Array, key: object): Uint8Array;
}
const nodeCrypto = (await import(/* @vite-ignore */ `node:${'crypto'}`)) as NodeCrypto;

const SPKI_ED25519_PREFIX = 12; // bytes of the SPKI header before the raw 32-byte key

function keyPair() {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX);
  return { privateKey, raw: new Uint8Array(raw) };
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromB64u = (text: string) => fromBase64Url(text)!;

const passKey = keyPair();
const codeKey = keyPair();
const otherKey = keyPair();
const NOW = new Date('2022-03-20T02:00:00Z');
const A = 'AC-BJ-01';
const B = 'AC-BJ-02';
const C = 'AC-BJ-03';

function signPass(claims: PassClaims, key = passKey.privateKey): string {
  const text = passSigningText(claims);
  return passToken(text, new Uint8Array(nodeCrypto.sign(null, ascii(text), key)));
}

function signCode(claims: CodeClaims, key = codeKey.privateKey): string {
  const text = codeSigningText(claims);
  return codeToken(text, new Uint8Array(nodeCrypto.sign(null, ascii(text), key)));
}

const claims = (over: Partial<Parameters<typeof passClaims>[0]> = {}) =>
  passClaims({
    id: '7b0e0c1e-8a4f-4c55-9a51-2f7c1d6c0a01',
    keyId: 'p1-test',
    type: 'supply_vehicle',
    plate: '冀R·12345',
    drivers: [{ name: '王师傅', idNumber: '13100219800506811X' }],
    route: [A, C],
    validFrom: new Date('2022-03-19T00:00:00Z'),
    validUntil: new Date('2022-03-26T00:00:00Z'),
    ...over,
  });

let ring: KeyRing;
const checkpointA = { code: A, policy: beijingEntryPolicy() };
// The Beijing-entry rule: employer and residence certificates; a supply vehicle's pass stands for the employer's.

beforeAll(async () => {
  ring = await importKeys([
    { id: 'p1-test', purpose: 'pass', publicKey: toBase64Url(passKey.raw), retired: false },
    { id: 'c1-test', purpose: 'code', publicKey: base64(codeKey.raw), retired: false },
    { id: 'p0-old', purpose: 'pass', publicKey: hex(otherKey.raw), retired: true },
  ]);
});

const base = () => ({ now: NOW, checkpoint: checkpointA, ring, revoked: new Set<string>() });

describe('offline pass verification', () => {
  it('passes a good token on its route, and says what it could not check', async () => {
    const d = await decideOffline(signPass(claims()), { ...base(), certificates: ['residence'] });
    expect(d).toMatchObject({ kind: 'decided', subject: 'pass', verdict: 'pass', problems: [] });
    if (d.kind !== 'decided') throw new Error('not decided');
    expect(d.pass?.p).toBe('冀R·12345');
    expect(d.unchecked).toEqual(['driver_code', 'negative_test']);
  });

  it('asks for the certificates the pass does not stand for, and refuses a crossing not allowed', async () => {
    const token = signPass(claims());
    expect(await decideOffline(token, base())).toMatchObject({
      verdict: 'turn_back',
      problems: [{ code: 'certificate_missing', certificate: 'residence' }],
    });
    expect(await decideOffline(token, { ...base(), crossing: 'leave_city' })).toMatchObject({
      problems: [{ code: 'crossing_not_allowed', crossing: 'leave_city' }],
    });
    // A medical pass asks for the medical crossing by itself, and stands for the community's certificate.
    const medical = signPass(claims({ type: 'medical', plate: null, route: [] }));
    const d = await decideOffline(medical, base());
    expect(d).toMatchObject({ verdict: 'pass', problems: [] });
    if (d.kind !== 'decided') throw new Error('not decided');
    expect(d.unchecked).toEqual(['driver_code']);
  });

  it('turns back off the route, naming the checkpoint and the route', async () => {
    const open = {
      into_beijing: { negativeWithinHours: null, certificates: [], colours: ['green' as const] },
    };
    const d = await decideOffline(signPass(claims()), { ...base(), checkpoint: { code: B, policy: open } });
    expect(d).toMatchObject({
      verdict: 'turn_back',
      problems: [{ code: 'off_route', checkpoint: B, route: [A, C] }],
    });
  });

  it('turns back a tampered token (bad signature) and believes none of its claims', async () => {
    const token = signPass(claims());
    const [prefix, body, sig] = token.split('.');
    const forged = JSON.parse(new TextDecoder().decode(fromB64u(body!))) as PassClaims;
    forged.r = [B];
    const tampered = `${prefix}.${toBase64Url(new TextEncoder().encode(JSON.stringify(forged)))}.${sig}`;
    const d = await decideOffline(tampered, { ...base(), checkpoint: { code: B, policy: {} } });
    expect(d).toMatchObject({
      verdict: 'turn_back',
      problems: [{ code: 'bad_signature' }],
      pass: null,
      unchecked: [],
    });
    // One flipped bit in the signature too.
    const bytes = fromB64u(sig!);
    bytes[0] = bytes[0]! ^ 1;
    const flipped = `${prefix}.${body}.${toBase64Url(bytes)}`;
    expect(await decideOffline(flipped, base())).toMatchObject({ problems: [{ code: 'bad_signature' }] });
  });

  it('turns back a token signed by a key that is not published, or is retired', async () => {
    const unknown = signPass(claims({ keyId: 'p9-nobody' }), otherKey.privateKey);
    expect(await decideOffline(unknown, base())).toMatchObject({
      problems: [{ code: 'unknown_key', key: 'p9-nobody' }],
    });
    const retired = signPass(claims({ keyId: 'p0-old' }), otherKey.privateKey);
    expect(await decideOffline(retired, base())).toMatchObject({
      problems: [{ code: 'unknown_key', key: 'p0-old' }],
    });
    // Signed by another key than the one it names.
    const wrong = signPass(claims(), otherKey.privateKey);
    expect(await decideOffline(wrong, base())).toMatchObject({ problems: [{ code: 'bad_signature' }] });
  });

  it('turns back a pass on the cached revocation list', async () => {
    const c = claims();
    const d = await decideOffline(signPass(c), {
      ...base(),
      certificates: ['residence'],
      revoked: new Set([c.id]),
    });
    expect(d).toMatchObject({ verdict: 'turn_back', problems: [{ code: 'revoked' }] });
  });

  it('decides validity at its boundaries', async () => {
    const c = claims();
    const token = signPass(c);
    const at = (s: number) =>
      decideOffline(token, { ...base(), certificates: ['residence'], now: new Date(s * 1000) });
    expect(await at(c.u)).toMatchObject({ verdict: 'pass' });
    expect(await at(c.u + 1)).toMatchObject({ problems: [{ code: 'expired', until: c.u }] });
    expect(await at(c.f)).toMatchObject({ verdict: 'pass' });
    expect(await at(c.f - 1)).toMatchObject({ problems: [{ code: 'not_yet_valid', from: c.f }] });
  });

  it('checks the plate and the driver the officer sees', async () => {
    const token = signPass(claims());
    const seen = { ...base(), certificates: ['residence' as const] };
    expect(await decideOffline(token, { ...seen, plate: '冀R12345' })).toMatchObject({ verdict: 'pass' });
    expect(await decideOffline(token, { ...seen, plate: '冀R54321' })).toMatchObject({
      problems: [{ code: 'wrong_plate', seen: '冀R54321' }],
    });
    expect(
      await decideOffline(token, { ...seen, driver: { name: '王师傅', idNumber: '13100219800506811x' } }),
    ).toMatchObject({ verdict: 'pass' });
    expect(await decideOffline(token, { ...seen, driver: { name: '李四' } })).toMatchObject({
      problems: [{ code: 'driver_not_named', seen: '李四' }],
    });
  });

  it('turns back a malformed token and leaves anything else to the server', async () => {
    expect(await decideOffline('CDP1.???.x', base())).toMatchObject({
      verdict: 'turn_back',
      problems: [{ code: 'malformed' }],
    });
    expect(await decideOffline('冀R12345', base())).toEqual({ kind: 'needs_network' });
    expect(await decideOffline('https://example.com/qr', base())).toEqual({ kind: 'needs_network' });
  });
});

describe('offline code verification', () => {
  const code = (over: Partial<CodeClaims> = {}): CodeClaims => ({
    p: 'a1b2',
    c: '131002',
    n: '张*三',
    i: '811X',
    o: 'green',
    t: Math.floor(NOW.getTime() / 1000) - 60,
    x: Math.floor(NOW.getTime() / 1000) + 240,
    k: 'c1-test',
    ...over,
  });

  it('reads a fresh signed green code, applies the crossing rule, and names what needs the server', async () => {
    const d = await decideOffline(signCode(code()), {
      ...base(),
      crossing: 'into_beijing',
      certificates: ['employer', 'residence'],
    });
    expect(d).toMatchObject({ kind: 'decided', subject: 'person_code', verdict: 'pass', problems: [] });
    if (d.kind !== 'decided') throw new Error('not decided');
    expect(d.unchecked).toEqual(['live_code', 'negative_test']);
    expect(d.person?.n).toBe('张*三');
  });

  it('turns back a missing certificate and a colour the crossing does not allow', async () => {
    const d = await decideOffline(signCode(code({ o: 'yellow' })), {
      ...base(),
      crossing: 'into_beijing',
      certificates: ['residence'],
    });
    expect(d).toMatchObject({
      verdict: 'turn_back',
      problems: [
        { code: 'code_colour', colour: 'yellow' },
        { code: 'certificate_missing', certificate: 'employer' },
      ],
    });
    const closed = await decideOffline(signCode(code()), { ...base(), crossing: 'leave_city' });
    expect(closed).toMatchObject({ problems: [{ code: 'crossing_not_allowed', crossing: 'leave_city' }] });
  });

  it('turns back a stale code (a screenshot) and a forged one', async () => {
    const now = Math.floor(NOW.getTime() / 1000);
    const stale = signCode(code({ t: now - 600, x: now - 1 }));
    expect(
      await decideOffline(stale, { ...base(), crossing: 'medical', certificates: ['community'] }),
    ).toMatchObject({
      verdict: 'turn_back',
      problems: [{ code: 'code_expired', at: now - 1 }],
    });
    const forged = signCode(code(), otherKey.privateKey);
    expect(await decideOffline(forged, base())).toMatchObject({
      problems: [{ code: 'bad_signature' }],
      person: null,
    });
  });
});

describe('helpers', () => {
  it('reads a published key in base64url, base64 or hex', () => {
    const raw = passKey.raw;
    expect(rawKeyBytes(toBase64Url(raw))).toEqual(raw);
    expect(rawKeyBytes(base64(raw))).toEqual(raw);
    expect(rawKeyBytes(hex(raw))).toEqual(raw);
    expect(rawKeyBytes('abc')).toBeNull();
  });

  it('makes uuids the check log accepts', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newClientId()));
    expect(ids.size).toBe(50);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
