/**
 * The uploaded file goes straight to disk — never into memory — while we learn on the way what we
 * need to know about it: size (refused past the limit), SHA-256, the first bytes (format), whether
 * it is valid UTF-8, and, for CSV, how many records it holds (a quote-aware line count, exact for
 * UTF-8 and GB18030 because neither uses the bytes of `"` or a line break inside a character).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

export interface UploadStats {
  size: number;
  sha256: string;
  /** The first 8 bytes (zip, OLE2, BOM signatures). */
  head: Buffer;
  utf8: boolean;
  /** A NUL byte outside UTF-16: a binary file, not text. */
  hasNul: boolean;
  /** Line breaks outside double quotes, plus one if the last line has no break. */
  lines: number;
}

export class TooLargeError extends Error {}

/** Bytes at the end of a chunk that may start a UTF-8 sequence completed by the next chunk. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/**
 * Writes `body` to `file`, refusing it past `limit` bytes: the partial file is deleted and the rest
 * of the body is read and discarded (not cut off), so that the client receives the 413 answer
 * instead of a reset connection. Resolves with what was learned on the way.
 */
export function receiveFile(body: Readable, file: string, limit: number): Promise<UploadStats> {
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let utf8 = true;
  let carry = Buffer.alloc(0);
  let hasNul = false;
  let lines = 0;
  let quoted = false;
  let lastByte = -1;

  const inspect = (chunk: Buffer): void => {
    hash.update(chunk);
    if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
    if (utf8) {
      const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(joined);
      utf8 = isUtf8(joined.subarray(0, joined.length - tail));
      carry = Buffer.from(joined.subarray(joined.length - tail));
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) lines++;
      else if (byte === 0) hasNul = true;
    }
    lastByte = chunk[chunk.length - 1] ?? lastByte;
  };

  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { mode: 0o600 });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      body.removeListener('data', onData);
      body.resume(); // discard the rest
      out.destroy();
      out.once('close', () => {
        fs.rmSync(file, { force: true });
        reject(error);
      });
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) return fail(new TooLargeError(`larger than ${limit} bytes`));
      inspect(chunk);
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('end', () => {
      if (settled) return;
      settled = true;
      out.end(() => {
        if (carry.length > 0) utf8 = false;
        if (size > 0 && lastByte !== 0x0a) lines++;
        resolve({ size, sha256: hash.digest('hex'), head, utf8, hasNul, lines });
      });
    });
    body.once('error', fail);
    body.once('close', () => {
      if (!body.readableEnded) fail(new Error('the upload was interrupted'));
    });
    out.once('error', fail);
  });
}

/** SHA-256 of a stored file: a resumed import must read the very file it started on. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type Refusal = 'no_bytes' | 'xls' | 'binary' | 'html';

export type Sniffed =
  | { ok: true; format: 'xlsx'; encoding: null }
  | { ok: true; format: 'csv'; encoding: 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be' }
  | { ok: false; refusal: Refusal };

/**
 * The format from the content, not the name: a zip is an .xlsx candidate, an OLE2 compound file
 * is an old .xls (or a password-protected .xlsx, which Excel also stores that way), anything else
 * is text in the encoding it decodes cleanly in.
 */
export function sniff(stats: UploadStats, firstText: string): Sniffed {
  const h = stats.head;
  if (stats.size === 0) return { ok: false, refusal: 'no_bytes' };
  if (h.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return { ok: true, format: 'xlsx', encoding: null };
  if (h.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    return { ok: false, refusal: 'xls' };
  if (h[0] === 0xff && h[1] === 0xfe) return { ok: true, format: 'csv', encoding: 'utf-16le' };
  if (h[0] === 0xfe && h[1] === 0xff) return { ok: true, format: 'csv', encoding: 'utf-16be' };
  if (stats.hasNul) return { ok: false, refusal: 'binary' };
  // Some systems export "Excel" files that are web pages; they open in Excel but are not tables we can read.
  if (/^\s*</.test(firstText.replace(/^\uFEFF/, ''))) return { ok: false, refusal: 'html' };
  return { ok: true, format: 'csv', encoding: stats.utf8 ? 'utf-8' : 'gb18030' };
}

/** The first bytes of a file as Latin-1 text: enough to see a leading "<". */
export function firstBytes(file: string, n = 64): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const read = fs.readSync(fd, buffer, 0, n, 0);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}
