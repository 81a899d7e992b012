import express, { Router, type Request } from "express";
import { ValidationError } from "../../errors.js";
import type { AvailabilityRepository, SupplierImportRecord } from "../../use-cases/availability/ports.js";
import type { SupplierFeed } from "../../use-cases/availability/supplier-feed.js";
import { shopOf } from "../middleware/session-token-auth.js";
import { importJsonBody, importQuery, listImportsQuery, listSlipsQuery } from "./etas.schemas.js";
import { parseRequest } from "./parse.js";

/** A supplier file of a few thousand rows is a few hundred kilobytes; this leaves room and refuses a mistake. */
const MAX_FEED_BYTES = "5mb";

export interface EtasRoutesDeps {
  supplierFeed: SupplierFeed;
  slips: Pick<AvailabilityRepository, "listSlips">;
}

/**
 * Supplier ETA imports. The file comes as `text/csv` (or JSON `{csv, filename}`). A file with any bad row writes
 * nothing and answers 422 with every row's problems; `?dryRun=1` only checks.
 */
export function etasRoutes(deps: EtasRoutesDeps): Router {
  const router = Router();
  const text = express.text({ type: ["text/csv", "text/plain", "application/csv"], limit: MAX_FEED_BYTES });
  const json = express.json({ limit: MAX_FEED_BYTES });

  router.post("/etas/import", text, json, async (req, res) => {
    const query = parseRequest(importQuery, req.query, "query");
    const file = csvOf(req);
    const filename = query.filename ?? file.filename ?? null;
    const result = await deps.supplierFeed.import(shopOf(res), {
      csv: file.csv,
      filename,
      dryRun: query.dryRun,
    });
    if (!result.ok) {
      res
        .status(422)
        .json({ imported: false, rows: result.rows, matched: result.matched, errors: result.errors });
      return;
    }
    const matched = result.matched.map((r) => ({ ...r }));
    if (result.dryRun) res.json({ imported: false, dryRun: true, rows: result.rows, matched });
    else
      res
        .status(201)
        .json({ imported: true, import: presentImport(result.import), rows: result.rows, matched });
  });

  router.get("/etas/imports", async (req, res) => {
    const { limit } = parseRequest(listImportsQuery, req.query, "query");
    res.json({ imports: (await deps.supplierFeed.list(shopOf(res), limit)).map(presentImport) });
  });

  router.get("/etas/slips", async (req, res) => {
    const { lineItemId, unnotified, limit } = parseRequest(listSlipsQuery, req.query, "query");
    const slips = await deps.slips.listSlips(shopOf(res), {
      ...(lineItemId ? { lineItemId } : {}),
      unnotified,
      limit,
    });
    res.json({ slips });
  });

  return router;
}

function csvOf(req: Request): { csv: string; filename: string | null } {
  if (typeof req.body === "string") {
    if (req.body.trim() === "") throw new ValidationError("Invalid body: the CSV file is empty");
    return { csv: req.body, filename: null };
  }
  if (!req.is("application/json")) {
    throw new ValidationError("Invalid body: send the file as text/csv, or JSON {csv, filename}");
  }
  const { csv, filename } = parseRequest(importJsonBody, req.body, "body");
  return { csv, filename: filename ?? null };
}

function presentImport(record: SupplierImportRecord | null) {
  return (
    record && { id: record.id, filename: record.filename, rows: record.rows, createdAt: record.createdAt }
  );
}
