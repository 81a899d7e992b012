/**
 * FeedReader implementations: `threadFeedReader` reads each upload in a worker thread of its own (feed-worker.ts;
 * what the app uses), `inlineFeedReader` on the calling thread (use-case tests). Both run the same parser and checks
 * (supplier-feed.ts).
 */
import { Worker } from "node:worker_threads";
import type { CalendarDate, FeedVariant } from "../../domain/eta/index.js";
import type { SupplierFeedRow } from "../../domain/eta/supplier-feed.js";
import { LimitExceededError, ValidationError, WaitwellError } from "../../errors.js";
import type {
  FeedCheck,
  FeedLimits,
  FeedReader,
  FeedReaderFactory,
} from "../../use-cases/availability/ports.js";
import { threadEntryUrl } from "../threads/thread-entry.js";
import { checkFeedRows, createFeedParser } from "./supplier-feed.js";

export type FeedHostMessage =
  | { type: "chunk"; data: Uint8Array }
  | { type: "end" }
  | { type: "check"; variants: FeedVariant[]; today: CalendarDate };

export interface SerialisedError {
  name: string;
  message: string;
  status?: 413 | 422 | 429;
  limit?: { name: string; max: number };
  details?: unknown;
}

export type FeedThreadMessage =
  | { type: "ready" }
  | { type: "progress"; rows: number }
  | { type: "parsed"; rows: number }
  | { type: "checked"; result: FeedCheck }
  | { type: "failed"; error: SerialisedError };

/** The heap one feed thread may use: far above what FEED_MAX_ROWS rows need, far below what the process has. */
const THREAD_HEAP_MB = 512;

export const inlineFeedReader: FeedReaderFactory = (limits, onProgress) => {
  const parser = createFeedParser(limits, onProgress);
  let rows: SupplierFeedRow[] | null = null;
  return {
    write: (chunk) => parser.write(chunk),
    async end() {
      rows = await parser.end();
      return { rows: rows.length };
    },
    async check(variants, today) {
      if (!rows) throw new Error("check before the file was read");
      return checkFeedRows(rows, variants, today, limits.maxReportedErrors);
    },
    close: () => parser.destroy(),
  };
};

/** One worker thread per upload, with its own heap limit; `close` terminates it. */
export const threadFeedReader: FeedReaderFactory = (limits: FeedLimits, onProgress) => {
  const worker = new Worker(threadEntryUrl(new URL("./feed-worker.ts", import.meta.url)), {
    workerData: { limits },
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  let waiter: {
    expect: FeedThreadMessage["type"];
    resolve(m: FeedThreadMessage): void;
    reject(e: Error): void;
  } | null = null;
  let dead: Error | null = null;
  const settleWith = (error: Error) => {
    dead ??= error;
    waiter?.reject(error);
    waiter = null;
  };
  worker.on("message", (message: FeedThreadMessage) => {
    if (message.type === "progress") onProgress?.(message.rows);
    else if (message.type === "failed") settleWith(deserialise(message.error));
    else if (waiter && message.type === waiter.expect) {
      const w = waiter;
      waiter = null;
      w.resolve(message);
    }
  });
  worker.on("error", (e) => settleWith(new WaitwellError(`the feed reader failed: ${e.message}`)));
  worker.on("exit", () => settleWith(new WaitwellError("the feed reader stopped")));
  const ask = <T extends FeedThreadMessage["type"]>(message: FeedHostMessage, expect: T) =>
    new Promise<Extract<FeedThreadMessage, { type: T }>>((resolve, reject) => {
      if (dead) return reject(dead);
      waiter = { expect, resolve: resolve as (m: FeedThreadMessage) => void, reject };
      worker.postMessage(message);
    });

  return {
    write(chunk) {
      if (!dead) worker.postMessage({ type: "chunk", data: chunk } satisfies FeedHostMessage);
    },
    async end() {
      return { rows: (await ask({ type: "end" }, "parsed")).rows };
    },
    async check(variants, today) {
      return (await ask({ type: "check", variants, today }, "checked")).result;
    },
    close() {
      dead ??= new WaitwellError("the feed reader was closed");
      void worker.terminate();
    },
  } satisfies FeedReader;
};

function deserialise(error: SerialisedError): Error {
  if (error.status && error.limit) return new LimitExceededError(error.status, error.message, error.limit);
  if (error.name === "ValidationError") return new ValidationError(error.message, error.details);
  return new WaitwellError(error.message);
}
