import express, { Router, type Request } from "express";
import type { z } from "zod";
import type {
  allocationPreview,
  backorderStats,
  bulkOutcome,
  lineAnswer,
  lineDetail,
  linesPage,
} from "../../../shared/api/backorders.js";
import type { LineHistoryEntry } from "../../domain/backorder/index.js";
import type { BackorderAdmin, LineView } from "../../use-cases/backorder/index.js";
import type { LineCareRecord } from "../../use-cases/customer-care/line-record.js";
import { shopOf } from "../middleware/session-token-auth.js";
import {
  allocateBody,
  bulkBody,
  exportLinesQuery,
  lineParams,
  listLinesQuery,
  previewQuery,
  priorityBody,
} from "./backorders.schemas.js";
import { streamCsv } from "../csv-writer.js";
import { parseRequest } from "./parse.js";

/**
 * Backorder lines of the authenticated shop: list, detail with history, staff priority and manual allocation, the
 * restock preview and the dashboard counts. Another shop's line is a 404; a state that refuses the action a 409.
 */
export function backordersRoutes(
  admin: BackorderAdmin,
  /** Customer care's side of a line (its promise, what the customer agreed to, the emails), shown with the line. */
  care?: { lineRecord(shop: string, lineItemId: string): Promise<LineCareRecord | null> },
): Router {
  const router = Router();
  const json = express.json({ limit: "4kb" });

  router.get("/backorders/lines", async (req, res) => {
    const { q, ...query } = parseRequest(listLinesQuery, req.query, "query");
    const page = await admin.listLines(shopOf(res), { ...query, ...(q ? { search: q } : {}) });
    res.json({
      lines: page.lines.map(presentLine),
      nextCursor: page.nextCursor,
      searchTruncated: page.searchTruncated ?? false,
    } satisfies z.input<typeof linesPage>);
  });

  router.get("/backorders/lines.csv", async (req, res) => {
    const { q, ...query } = parseRequest(exportLinesQuery, req.query, "query");
    const pages = admin.exportLines(shopOf(res), { ...query, ...(q ? { search: q } : {}) });
    await streamCsv(
      res,
      `backorders-${new Date().toISOString().slice(0, 10)}.csv`,
      LINE_CSV_HEADER,
      csvRows(pages),
    );
  });

  router.post("/backorders/lines/bulk", express.json({ limit: "64kb" }), async (req, res) => {
    const { lineItemIds, action, dryRun } = parseRequest(bulkBody, req.body, "body");
    const outcome = await admin.bulk(shopOf(res), lineItemIds, action, { dryRun, staffRef: staffRef(req) });
    res.json(outcome satisfies z.input<typeof bulkOutcome>);
  });

  router.get("/backorders/lines/:lineItemId", async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { line, history } = await admin.getLine(shopOf(res), lineItemId);
    const record = care ? await care.lineRecord(shopOf(res), lineItemId) : null;
    res.json({
      line: presentLine(line),
      history: history.map(presentHistory),
      ...(record ?? {}),
    } satisfies z.input<typeof lineDetail>);
  });

  router.post("/backorders/lines/:lineItemId/priority", json, async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { priority } = parseRequest(priorityBody, req.body, "body");
    const line = await admin.reprioritise(shopOf(res), lineItemId, priority, staffRef(req));
    res.json({ line: presentLine(line) } satisfies z.input<typeof lineAnswer>);
  });

  router.post("/backorders/lines/:lineItemId/allocate", json, async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { units } = parseRequest(allocateBody, req.body, "body");
    const line = await admin.allocate(shopOf(res), lineItemId, units, staffRef(req));
    res.json({ line: presentLine(line) } satisfies z.input<typeof lineAnswer>);
  });

  router.get("/backorders/preview", async (req, res) => {
    const { target, arriving } = parseRequest(previewQuery, req.query, "query");
    const preview = await admin.previewAllocation(shopOf(res), target, arriving);
    res.json(preview satisfies z.input<typeof allocationPreview>);
  });

  router.get("/backorders/stats", async (_req, res) => {
    res.json((await admin.stats(shopOf(res))) satisfies z.input<typeof backorderStats>);
  });

  return router;
}

const LINE_CSV_HEADER = [
  "Order",
  "Order date",
  "Customer",
  "Email",
  "Product",
  "Variant",
  "SKU",
  "Status",
  "Quantity",
  "Ships now",
  "Reserved",
  "Waiting",
  "Priority",
  "Promised",
  "Line ID",
  "Updated",
];

async function* csvRows(pages: AsyncIterable<LineView[]>) {
  for await (const lines of pages) {
    yield lines.map((l) => [
      l.orderName ?? l.orderId,
      l.orderCreatedAt,
      l.customer?.name,
      l.customer?.email,
      l.productTitle,
      l.variantTitle,
      l.sku,
      l.status,
      l.quantity,
      l.inStock,
      l.allocated,
      l.waiting,
      l.priority,
      l.promisedDay,
      l.lineItemId,
      l.updatedAt.toISOString(),
    ]);
  }
}

function presentLine(line: LineView): z.input<typeof lineAnswer>["line"] {
  return { ...line, updatedAt: line.updatedAt.toISOString() };
}

function presentHistory(entry: LineHistoryEntry) {
  return {
    at: entry.at,
    cause: entry.cause,
    event: entry.event,
    from: entry.from,
    to: entry.to,
    before: entry.before,
    after: entry.after,
  };
}

/**
 * Who did it, for the line's history: the staff member's user id (`sub`) from the session token, which
 * sessionTokenAuth has already verified; the token is only read here, never trusted for anything else.
 */
function staffRef(req: Request): string {
  const payload = /^Bearer [^.\s]+\.([^.\s]+)\./i.exec(req.get("Authorization") ?? "")?.[1];
  try {
    const sub: unknown = payload
      ? (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown }).sub
      : undefined;
    if (typeof sub === "string" && sub) return `user:${sub}`;
  } catch {
    // unreadable: the history still says a staff member did it
  }
  return "staff";
}
