/**
 * An attachment upload with progress: XMLHttpRequest (fetch reports no upload progress), the raw
 * file as the body, its name and kind in headers, the session's CSRF token (read from /api/auth/me:
 * the API client keeps it to itself). Failures become the API's errors.
 */
import { ApiError, api } from '../../../../app/api';
import type { PassAttachment } from '../api-types';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export function attachmentProblem(file: File): 'tooBig' | 'badType' | null {
  const typed = ATTACHMENT_TYPES.includes(file.type) || /\.(pdf|jpe?g|png)$/i.test(file.name);
  if (!typed) return 'badType';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'tooBig';
  return null;
}

export async function uploadAttachment(
  passId: string,
  file: File,
  kind: string,
  onProgress: (percent: number) => void,
): Promise<PassAttachment> {
  const { csrfToken } = await api.get<{ csrfToken: string }>('/api/auth/me');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/risk/passes/${passId}/attachments`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('x-filename', encodeURIComponent(file.name));
    xhr.setRequestHeader('x-attachment-kind', kind);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as PassAttachment);
      const e = (
        body as {
          error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string };
        } | null
      )?.error;
      reject(
        new ApiError(
          xhr.status,
          e?.code ?? `HTTP_${xhr.status}`,
          e?.message ?? xhr.statusText,
          e?.details,
          e?.requestId,
        ),
      );
    };
    xhr.send(file);
  });
}
