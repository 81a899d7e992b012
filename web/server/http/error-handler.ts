import type { ErrorRequestHandler, RequestHandler } from "express";
import {
  LimitExceededError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
  WaitwellError,
} from "../errors.js";
import type { Logger } from "../use-cases/ports.js";

/** The one shape every error response has. */
export interface ErrorBody {
  /** `limit`: the setting a LimitExceededError names, e.g. `{ name: "FEED_MAX_ROWS", max: 50000 }`. */
  error: { code: string; message: string; limit?: { name: string; max: number } };
}

const GENERIC_MESSAGE = "Something went wrong on our side. Please try again.";

/**
 * Maps the error hierarchy to HTTP: a WaitwellError's status and code; its message only when `expose` says a client
 * may read it. Anything else is a bug: logged with its stack, answered with a 500 and a generic message.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const { status, body } = errorAnswer(err, logger, { method: req.method, path: req.path });
    res.status(status).json(body);
  };
}

/**
 * The status and body of the answer to an error, logged: what errorHandler sends, for the paths answered before
 * Express (http/webhook-listener.ts).
 */
export function errorAnswer(
  err: unknown,
  logger: Logger,
  request: { method: string | undefined; path: string },
): { status: number; body: ErrorBody } {
  const error = toWaitwellError(err);
  const status = error.status;
  const fields = { method: request.method, path: request.path, status, code: error.code };
  if (status >= 500) {
    logger.error(error.message, {
      ...fields,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
  } else {
    logger.info("request refused", { ...fields, message: error.message });
  }
  const body: ErrorBody = {
    error: { code: error.code, message: error.expose && status < 500 ? error.message : GENERIC_MESSAGE },
  };
  if (error instanceof LimitExceededError) body.error.limit = error.limit;
  return { status, body };
}

/** Unknown paths under a JSON API answer in the same shape as every other error. */
export function notFound(): RequestHandler {
  return (req) => {
    throw new NotFoundError(`No route for ${req.method} ${req.baseUrl}${req.path}`);
  };
}

/** body-parser reports its own failures as http-errors with a `type`; give them our codes. */
function toWaitwellError(err: unknown): WaitwellError {
  if (err instanceof WaitwellError) return err;
  const type = typeof err === "object" && err !== null ? (err as { type?: unknown }).type : undefined;
  if (type === "entity.too.large") {
    const limit = (err as { limit?: unknown }).limit;
    return new PayloadTooLargeError(
      typeof limit === "number"
        ? `Request body exceeds the limit of ${limit} bytes`
        : "Request body too large",
    );
  }
  if (type === "entity.parse.failed") return new ValidationError("Request body is not valid JSON");
  if (type === "request.aborted") return new ValidationError("Request aborted by the client");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ValidationError("Unsupported request body encoding");
  }
  if (type === "request.size.invalid")
    return new ValidationError("Request body does not match its Content-Length");
  // A body whose Content-Encoding (gzip, deflate, br) it does not follow: zlib's error, passed on with status 400.
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code === "string" && code.startsWith("Z_")) {
    return new ValidationError("Request body does not decode as its Content-Encoding says", undefined, {
      cause: err,
    });
  }
  // Express's router and static files report a malformed path (e.g. "/api/rules/%FF": "Failed to decode param")
  // as an http-error with status 400: the client's mistake, not ours.
  const status = typeof err === "object" && err !== null ? (err as { status?: unknown }).status : undefined;
  if (status === 400 || err instanceof URIError) {
    return new ValidationError("Malformed request path: invalid percent-encoding", undefined, { cause: err });
  }
  if (status === 404) return new NotFoundError("Not found");
  return new WaitwellError(err instanceof Error ? err.message : String(err), undefined, { cause: err });
}
