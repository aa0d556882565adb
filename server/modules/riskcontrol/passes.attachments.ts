/**
 * A pass application's attachments (the employer's certificate, a driving licence, a medical
 * appointment): PDF, JPEG or PNG only — told by the file's first bytes, never its name or the
 * Content-Type header, so an executable renamed .pdf is refused — at most 5 MB each and 10 per
 * pass, while the application is still submitted. Downloads are audited like any personal read.
 */
import type { Readable } from 'node:stream';
import { Permission } from '../../../domain/access.js';
import { type RequestContext, requirePermission } from '../../platform/context.js';
import { Errors } from '../../platform/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { passInScope, requirePassReader } from './passes.read.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type of a file by its magic bytes: PDF, JPEG or PNG; null for anything else. */
export function sniffMime(bytes: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  return null;
}

/** Reads a raw body whole; past the limit it stops reading and refuses (a cut file is no file). */
export async function readLimited(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw Errors.attachmentTooLarge(max, `${Math.round(max / 1024 / 1024)} MB`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface AttachmentMeta {
  filename: string;
  kind: string;
}

/** The x-filename (URI-encoded) and x-attachment-kind headers, checked. */
export function attachmentMeta(filenameHeader: string, kindHeader: string | undefined): AttachmentMeta {
  let filename: string;
  try {
    filename = decodeURIComponent(filenameHeader).trim();
  } catch {
    throw Errors.validation([{ field: 'x-filename', in: 'headers', message: 'is not URI-encoded' }]);
  }
  // Only the last path segment, with no control characters: it goes into a download header later.
  filename = filename
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}"]/gu, '');
  if (!filename || filename.length > 200)
    throw Errors.validation([
      { field: 'x-filename', in: 'headers', message: 'needs a name of 1–200 characters' },
    ]);
  const kind = (kindHeader ?? 'other').trim() || 'other';
  if (!/^[a-z_]{1,40}$/.test(kind))
    throw Errors.validation([
      {
        field: 'x-attachment-kind',
        in: 'headers',
        message: 'lower-case letters and _ (e.g. employer_certificate)',
      },
    ]);
  return { filename, kind };
}

/** Refuses before the body is read when the pass is not the actor's to attach to. */
export async function attachablePass(ctx: RequestContext, passId: string) {
  requirePermission(ctx.actor, Permission.PassApply);
  const pass = await passInScope(ctx, passId);
  if (pass.status !== 'submitted') throw Errors.passWrongState(pass.number, pass.status, 'take attachments');
  return pass;
}

export async function addAttachment(
  ctx: RequestContext,
  passId: string,
  meta: AttachmentMeta,
  content: Buffer,
): Promise<{ id: string; kind: string; filename: string; mime: string; size: number; uploadedAt: string }> {
  const pass = await attachablePass(ctx, passId);
  if (content.length === 0) throw Errors.validation([{ field: 'body', message: 'the file is empty' }]);
  const mime = sniffMime(content);
  if (!mime) throw Errors.attachmentType();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const { n } = await tx
      .selectFrom('pass_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_code', '=', pass.county_code)
      .where('pass_id', '=', pass.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_ATTACHMENTS) throw Errors.attachmentLimit(MAX_ATTACHMENTS);
    const inserted = await tx
      .insertInto('pass_attachments')
      .values({
        county_code: pass.county_code,
        pass_id: pass.id,
        kind: meta.kind,
        filename: meta.filename,
        mime,
        size: content.length,
        content,
        uploaded_by: ctx.actor.userId,
      })
      .returning(['id', 'kind', 'filename', 'mime', 'size', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'risk.pass_attachment_added',
        resourceType: 'pass',
        resourceId: pass.id,
        jpath: pass.jpath,
        detail: {
          number: pass.number,
          attachmentId: inserted.id,
          kind: meta.kind,
          mime,
          size: content.length,
        },
      },
      tx,
    );
    return inserted;
  });
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    mime: row.mime,
    size: row.size,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

export async function getAttachment(
  ctx: RequestContext,
  passId: string,
  attachmentId: string,
): Promise<{ filename: string; mime: string; content: Buffer }> {
  requirePassReader(ctx.actor);
  const pass = await passInScope(ctx, passId);
  const row = await ctx.db
    .selectFrom('pass_attachments')
    .select(['filename', 'mime', 'content', 'kind'])
    .where('county_code', '=', pass.county_code)
    .where('pass_id', '=', pass.id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!row) throw Errors.notFound('Attachment', attachmentId);
  await recordAudit(ctx, {
    action: 'risk.pass_attachment_viewed',
    resourceType: 'pass',
    resourceId: pass.id,
    jpath: pass.jpath,
    detail: { number: pass.number, attachmentId, kind: row.kind },
  });
  return { filename: row.filename, mime: row.mime, content: Buffer.from(row.content) };
}
