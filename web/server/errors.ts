/**
 * One error hierarchy for the whole app. The HTTP error handler maps `status` to the response; `expose` decides
 * whether `message` may reach a client (internal messages never leak).
 */
export class WaitwellError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal_error";
  readonly expose: boolean = false;
  constructor(
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class ConfigError extends WaitwellError {
  override readonly code = "invalid_config";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export class ValidationError extends WaitwellError {
  override readonly status = 400;
  override readonly code = "invalid_request";
  override readonly expose = true;
}

export class UnauthorizedError extends WaitwellError {
  override readonly status = 401;
  override readonly code = "unauthorized";
  override readonly expose = true;
}

export class ForbiddenError extends WaitwellError {
  override readonly status = 403;
  override readonly code = "forbidden";
  override readonly expose = true;
}

export class NotFoundError extends WaitwellError {
  override readonly status = 404;
  override readonly code = "not_found";
  override readonly expose = true;
}

export class ConflictError extends WaitwellError {
  override readonly status = 409;
  override readonly code = "conflict";
  override readonly expose = true;
}

export class PayloadTooLargeError extends WaitwellError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
  override readonly expose = true;
}

/**
 * A request refused by a documented limit (a setting of config.ts): 413 for a body too large, 422 for content past a
 * limit (rows, columns), 429 for too much at once. The answer names the setting and its value (`limit`).
 */
export class LimitExceededError extends WaitwellError {
  override readonly expose = true;
  override readonly code = "limit_exceeded";
  constructor(
    override readonly status: 413 | 422 | 429,
    message: string,
    readonly limit: { name: string; max: number },
  ) {
    super(message);
  }
}

/** Shopify answered, but not with what we asked for (transport error, GraphQL `errors`). */
export class ShopifyApiError extends WaitwellError {
  override readonly status = 502;
  override readonly code: string = "shopify_error";
}

/** Shopify's cost-based limiter refused the request; `retryAfterMs` is derived from `throttleStatus`. */
export class ShopifyThrottledError extends ShopifyApiError {
  override readonly code = "shopify_throttled";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** A mutation came back with `userErrors`: Shopify understood and refused. */
export class ShopifyUserError extends ShopifyApiError {
  override readonly code = "shopify_user_error";
  constructor(
    readonly operation: string,
    readonly userErrors: ReadonlyArray<{
      field?: readonly string[] | null;
      message: string;
      code?: string | null;
    }>,
  ) {
    super(`${operation}: ${userErrors.map((e) => e.message).join("; ")}`, userErrors);
  }
}
