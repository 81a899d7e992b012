import { Router } from "express";
import type { ReorderLine } from "../../domain/insights/index.js";
import type { Insights } from "../../use-cases/insights/index.js";
import { streamCsv } from "../csv-writer.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { accuracyQuery, noQuery } from "./insights.schemas.js";
import { parseRequest } from "./parse.js";

/** The dashboard's figures for the authenticated shop, and the reorder list as CSV. */
export function insightsRoutes(insights: Insights): Router {
  const router = Router();

  router.get("/insights/overview", async (req, res) => {
    parseRequest(noQuery, req.query, "query");
    res.json(await insights.overview(shopOf(res)));
  });

  router.get("/insights/demand", async (req, res) => {
    parseRequest(noQuery, req.query, "query");
    res.json(await insights.demand(shopOf(res)));
  });

  router.get("/insights/reorder", async (req, res) => {
    parseRequest(noQuery, req.query, "query");
    res.json(await insights.reorder(shopOf(res)));
  });

  router.get("/insights/reorder.csv", async (req, res) => {
    parseRequest(noQuery, req.query, "query");
    const { lines } = await insights.reorder(shopOf(res));
    await streamCsv(
      res,
      `reorder-${new Date().toISOString().slice(0, 10)}.csv`,
      REORDER_CSV_HEADER,
      once(lines.map(reorderRow)),
    );
  });

  router.get("/insights/accuracy", async (req, res) => {
    const { days } = parseRequest(accuracyQuery, req.query, "query");
    res.json(await insights.accuracy(shopOf(res), days));
  });

  return router;
}

const REORDER_CSV_HEADER = [
  "SKU",
  "Product",
  "Waiting units",
  "Ordered (last 28 days)",
  "Lead time (days)",
  "Lead time from",
  "Expected demand",
  "Incoming",
  "Suggested reorder",
  "Variant ID",
];

function reorderRow(l: ReorderLine) {
  return [
    l.sku,
    l.title,
    l.waitingUnits,
    l.orderedInWindow,
    l.leadTime.days,
    l.leadTime.source,
    l.expectedDemand,
    l.incoming,
    l.suggested,
    l.variantId,
  ];
}

async function* once<T>(batch: T) {
  yield batch;
}
