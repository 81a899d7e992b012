/**
 * Typed fetch for Waitwell's admin API. Every request carries a fresh Shopify session token (they live one minute,
 * and App Bridge caches and renews them), errors come back as one ApiError type, and a 401 is retried once with a
 * new token: the token may have expired between `idToken()` and the server checking it.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens/set-up-session-tokens
 */

/** Sent on the retry so the server (and its logs) can tell a second attempt from a first one. */
export const RETRY_INVALID_SESSION_HEADER = "X-Shopify-Retry-Invalid-Session-Request";

/** Codes the client itself produces; any other code comes from the server's `{ error: { code, message } }`. */
export type ClientErrorCode =
  "NETWORK_ERROR" | "SESSION_TOKEN_UNAVAILABLE" | "INVALID_RESPONSE" | "HTTP_ERROR";

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** Whatever else the server's error object carried (e.g. per-field problems); undefined when nothing. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** True when code and message come from the server's error envelope (and may be shown as they are). */
    readonly fromServer: boolean,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A body sent as it is (a file), with its content type; instead of the JSON `body`. */
  raw?: { data: Blob | string; type: string };
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  /** A non-JSON answer (a CSV export) as a Blob; errors come back as ApiError like any request. */
  download(path: string, options?: RequestOptions): Promise<Blob>;
}

export interface ApiClientOptions {
  /** Returns a session token; in the browser this is `window.shopify.idToken`. */
  idToken: () => Promise<string>;
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  /** Prefix for request paths; defaults to the page's origin. */
  baseUrl?: string;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseUrl = options.baseUrl ?? "";

  async function send(url: string, request: RequestOptions, retry: boolean): Promise<Response> {
    let token: string;
    try {
      token = await options.idToken();
    } catch (cause) {
      throw new ApiError(0, "SESSION_TOKEN_UNAVAILABLE", "App Bridge did not return a session token", false, {
        cause,
      });
    }
    const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${token}` };
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    if (request.raw) headers["Content-Type"] = request.raw.type;
    if (retry) headers[RETRY_INVALID_SESSION_HEADER] = "1";
    try {
      return await doFetch(url, {
        method: request.method ?? "GET",
        headers,
        body: request.raw
          ? request.raw.data
          : request.body === undefined
            ? undefined
            : JSON.stringify(request.body),
        signal: request.signal,
      });
    } catch (cause) {
      if (request.signal?.aborted) throw cause;
      throw new ApiError(0, "NETWORK_ERROR", `request to ${url} failed`, false, { cause });
    }
  }

  return {
    async request<T>(path: string, request: RequestOptions = {}): Promise<T> {
      const url = baseUrl + path + queryString(request.query);
      let response = await send(url, request, false);
      if (response.status === 401) response = await send(url, request, true);
      return readResponse<T>(response);
    },
    async download(path: string, request: RequestOptions = {}): Promise<Blob> {
      const url = baseUrl + path + queryString(request.query);
      let response = await send(url, request, false);
      if (response.status === 401) response = await send(url, request, true);
      if (response.ok) return response.blob();
      return readResponse<never>(response);
    },
  };
}

function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : "";
}

async function readResponse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    if (response.ok) {
      throw new ApiError(response.status, "INVALID_RESPONSE", "response body is not JSON", false);
    }
  }
  if (response.ok) return body as T;
  const envelope = errorEnvelope(body);
  if (envelope) {
    const { code, message, details } = envelope;
    throw new ApiError(response.status, code, message, true, details ? { details } : undefined);
  }
  throw new ApiError(response.status, "HTTP_ERROR", `HTTP ${response.status}`, false);
}

function errorEnvelope(
  body: unknown,
): { code: string; message: string; details: Record<string, unknown> | undefined } | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, ...rest } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return null;
  return { code, message, details: Object.keys(rest).length > 0 ? rest : undefined };
}
