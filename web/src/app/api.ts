/**
 * The one API client: JSON in and out, the CSRF token on every state-changing request, errors
 * parsed into ApiError (the server's stable code, details and request id). A lost session and a
 * required password change are reported to the auth context, which redirects.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface Hooks {
  /** 401 AUTH_REQUIRED / SESSION_EXPIRED from anything but the login itself. */
  onSessionLost?: () => void;
  /** 403 PASSWORD_CHANGE_REQUIRED. */
  onPasswordChangeRequired?: () => void;
}

// The CSRF token lives in memory only; after a reload it comes back from GET /api/auth/me.
let csrfToken: string | null = null;
let hooks: Hooks = {};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiHooks(next: Hooks): void {
  hooks = next;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string };
}

async function toError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page): keep the HTTP status.
  }
  const e = body.error;
  return new ApiError(
    response.status,
    e?.code ?? `HTTP_${response.status}`,
    e?.message ?? response.statusText,
    e?.details,
    e?.requestId ?? response.headers.get('x-request-id') ?? undefined,
  );
}

interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (application/octet-stream) instead of a JSON body. */
  raw?: Blob;
  signal?: AbortSignal;
  fresh?: boolean;
  /** 'blob': the answer is a file (an Excel download), not JSON. */
  as?: 'json' | 'blob';
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.as === 'blob' ? '*/*' : 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = options.raw ? 'application/octet-stream' : 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : (options.raw ?? JSON.stringify(options.body ?? {})),
      signal: options.signal ?? null,
      // Some answers may be cached briefly (the county map: max-age=60); a reload asks again.
      ...(options.fresh ? { cache: 'no-cache' as const } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', (cause as Error).message);
  }
  if (!response.ok) {
    const error = await toError(response);
    const isLogin = path.startsWith('/api/auth/login');
    if (error.status === 401 && !isLogin && /^(AUTH_REQUIRED|SESSION_EXPIRED)$/.test(error.code)) {
      hooks.onSessionLost?.();
    }
    if (error.code === 'PASSWORD_CHANGE_REQUIRED') hooks.onPasswordChangeRequired?.();
    throw error;
  }
  if (options.as === 'blob') {
    return { blob: await response.blob(), fileName: fileNameOf(response) } as T;
  }
  return (await response.json()) as T;
}

export interface Download {
  blob: Blob;
  /** From Content-Disposition (filename* first), when the server names the file. */
  fileName: string | null;
}

function fileNameOf(response: Response): string | null {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // A malformed name: fall back to the plain one.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

export const api = {
  get: <T>(path: string, query?: Query, options: { signal?: AbortSignal; fresh?: boolean } = {}) =>
    request<T>('GET', withQuery(path, query), options),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path, { body: {} }),
  /** POSTs a file as the raw body (imports). */
  upload: <T>(path: string, file: Blob) => request<T>('POST', path, { raw: file }),
  /** GETs a file (Excel exports, error reports) with the same error handling as JSON calls. */
  download: (path: string, query?: Query) => request<Download>('GET', withQuery(path, query), { as: 'blob' }),
};
