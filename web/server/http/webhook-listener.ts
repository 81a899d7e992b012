/**
 * POST /webhooks answered before Express. Under a burst nearly every request is a webhook, and Express's work per
 * request (prototype swaps, routing, body-parser's stream plumbing) was ~10% of the web thread's CPU per delivery
 * (BENCHMARKS.md, intake). The checks and answers are the route's own (routes/webhooks.routes.ts acceptWebhook and
 * the error handler's errorAnswer); only the reading of the body differs.
 *
 * It takes what Shopify sends: POST to exactly /webhooks with a Content-Length within the limit and no
 * Content-Encoding. Everything else (a chunked or compressed body, one over the limit, another spelling of the path,
 * every other route) goes to Express unchanged, whose webhook route answers it as before.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Express, NextFunction } from "express";
import { ValidationError } from "../errors.js";
import { errorAnswer } from "./error-handler.js";
import { acceptWebhook, writeAccepted, type WebhookRouteDeps } from "./routes/webhooks.routes.js";

/** Answers the request and returns true, or returns false and leaves it untouched. */
export type RequestTaker = (req: IncomingMessage, res: ServerResponse) => boolean;

export function webhookListener(deps: WebhookRouteDeps): RequestTaker {
  const request = { method: "POST", path: "/webhooks" };
  const header = (req: IncomingMessage) => (name: string) => {
    const value = req.headers[name.toLowerCase()];
    return typeof value === "string" ? value : undefined;
  };
  const refuse = (res: ServerResponse, error: unknown) => {
    if (res.headersSent) return void res.destroy();
    const { status, body } = errorAnswer(error, deps.logger, request);
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  };

  return function takeWebhook(req, res) {
    const length = plainBodyLength(req, deps.maxBodyBytes);
    if (length === null) return false;
    readBody(req, length, (bytes) => {
      if (!bytes) return refuse(res, new ValidationError("Request body does not match its Content-Length"));
      acceptWebhook(deps, header(req), bytes).then(
        (answer) => writeAccepted(res, answer),
        (error: unknown) => refuse(res, error),
      );
    });
    return true;
  };
}

/** The declared length of a webhook delivery this listener takes, or null to leave the request to Express. */
function plainBodyLength(req: IncomingMessage, maxBodyBytes: number): number | null {
  if (req.method !== "POST" || req.url !== "/webhooks") return null;
  const { "content-encoding": encoding, "content-length": declared } = req.headers;
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return null;
  if (declared === undefined || req.headers["transfer-encoding"] !== undefined) return null;
  const length = /^[0-9]+$/.test(declared) ? Number(declared) : Number.NaN;
  return Number.isSafeInteger(length) && length <= maxBodyBytes ? length : null;
}

/**
 * The body's bytes (the one chunk itself when it came in one), or null when they do not add up to `length`. A
 * request the client abandons never calls back: there is no one to answer, and nothing is written.
 */
function readBody(req: IncomingMessage, length: number, done: (bytes: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  req.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  req.on("end", () => {
    if (received !== length) return done(null);
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
  });
  // An aborted request emits "error": handled here, so that it does not become an uncaught exception.
  req.on("error", () => undefined);
}

/**
 * Puts `take` in front of the app: Express calls `app.handle(req, res, next)` for every request
 * (express/lib/application.js), for the server main.ts starts and for supertest in the HTTP tests alike.
 */
export function inFrontOf(app: Express, take: RequestTaker): Express {
  const inner = app as unknown as {
    handle(req: IncomingMessage, res: ServerResponse, next?: NextFunction): void;
  };
  const handle = inner.handle.bind(app);
  inner.handle = (req, res, next) => {
    if (!take(req, res)) handle(req, res, next);
  };
  return app;
}
