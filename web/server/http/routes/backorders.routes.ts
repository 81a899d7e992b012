import express, { Router, type Request } from "express";
import type { LineHistoryEntry } from "../../domain/backorder/index.js";
import type { BackorderAdmin, LineView } from "../../use-cases/backorder/index.js";
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
  /** Customer care's consents per line (what the customer was shown and agreed to), shown with the line. */
  consents?: { consentsOf(shop: string, lineItemId: string): Promise<unknown[]> },
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
    });
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
    res.json(await admin.bulk(shopOf(res), lineItemIds, action, { dryRun, staffRef: staffRef(req) }));
  });

  router.get("/backorders/lines/:lineItemId", async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { line, history } = await admin.getLine(shopOf(res), lineItemId);
    res.json({
      line: presentLine(line),
      history: history.map(presentHistory),
      ...(consents ? { consents: await consents.consentsOf(shopOf(res), lineItemId) } : {}),
    });
  });

  router.post("/backorders/lines/:lineItemId/priority", json, async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { priority } = parseRequest(priorityBody, req.body, "body");
    const line = await admin.reprioritise(shopOf(res), lineItemId, priority, staffRef(req));
    res.json({ line: presentLine(line) });
  });

  router.post("/backorders/lines/:lineItemId/allocate", json, async (req, res) => {
    const { lineItemId } = parseRequest(lineParams, req.params, "params");
    const { units } = parseRequest(allocateBody, req.body, "body");
    const line = await admin.allocate(shopOf(res), lineItemId, units, staffRef(req));
    res.json({ line: presentLine(line) });
  });

  router.get("/backorders/preview", async (req, res) => {
    const { target, arriving } = parseRequest(previewQuery, req.query, "query");
    res.json(await admin.previewAllocation(shopOf(res), target, arriving));
  });

  router.get("/backorders/stats", async (_req, res) => {
    res.json(await admin.stats(shopOf(res)));
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
      l.lineItemId,
      l.updatedAt.toISOString(),
    ]);
  }
}

function presentLine(line: LineView) {
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
