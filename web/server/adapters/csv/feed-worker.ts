/**
 * A supplier feed's worker thread (feed-reader.ts starts one per upload): the CSV is tokenised and checked here, on
 * this thread's event loop, so a large or hostile file never delays the thread that answers HTTP and webhooks.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SupplierFeedRow } from "../../domain/eta/supplier-feed.js";
import { LimitExceededError } from "../../errors.js";
import type { FeedLimits } from "../../use-cases/availability/ports.js";
import { checkFeedRows, createFeedParser } from "./supplier-feed.js";
import type { FeedHostMessage, FeedThreadMessage, SerialisedError } from "./feed-reader.js";

const port = parentPort!;
const { limits } = workerData as { limits: FeedLimits };
const send = (message: FeedThreadMessage) => port.postMessage(message);
const parser = createFeedParser(limits, (rows) => send({ type: "progress", rows }));
let rows: SupplierFeedRow[] | null = null;

port.on("message", (message: FeedHostMessage) => {
  if (message.type === "chunk") parser.write(message.data);
  else if (message.type === "end") {
    parser.end().then(
      (read) => {
        rows = read;
        send({ type: "parsed", rows: read.length });
      },
      (e: unknown) => send({ type: "failed", error: serialise(e) }),
    );
  } else if (message.type === "check") {
    try {
      if (!rows) throw new Error("check before the file was read");
      send({
        type: "checked",
        result: checkFeedRows(rows, message.variants, message.today, limits.maxReportedErrors),
      });
    } catch (e) {
      send({ type: "failed", error: serialise(e) });
    }
  }
});
send({ type: "ready" });

function serialise(e: unknown): SerialisedError {
  const error = e instanceof Error ? e : new Error(String(e));
  return {
    name: error.name,
    message: error.message,
    ...(error instanceof LimitExceededError ? { status: error.status, limit: error.limit } : {}),
    details: (error as { details?: unknown }).details,
  };
}
