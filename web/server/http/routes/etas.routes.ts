import express, { Router, type Request, type Response } from "express";
import { NotFoundError, ValidationError } from "../../errors.js";
import type { AvailabilityRepository } from "../../use-cases/availability/ports.js";
import type { ImportRunRecord } from "../../use-cases/availability/supplier-import-ports.js";
import type { ImportSlipView, SupplierImports } from "../../use-cases/availability/supplier-imports.js";
import type { ErrorBody } from "../error-handler.js";
import { shopOf } from "../middleware/session-token-auth.js";
import {
  createImportBody,
  importJsonBody,
  importParams,
  importQuery,
  listImportsQuery,
  listSlipsQuery,
  type FeedImport,
  type FeedImportDetail,
} from "./etas.schemas.js";
import { parseRequest } from "./parse.js";

export interface EtasRoutesDeps {
  supplierImports: SupplierImports;
  slips: Pick<AvailabilityRepository, "listSlips">;
  /** FEED_MAX_BYTES: the JSON form of a one-request import is held in memory, so it gets the same cap. */
  maxBytes: number;
}

/** What a feed upload may be sent as (browsers send .csv as text/csv, or application/vnd.ms-excel on Windows). */
const CSV_TYPES = [
  "text/csv",
  "text/plain",
  "application/csv",
  "application/vnd.ms-excel",
  "application/octet-stream",
];

/**
 * Supplier ETA imports. The admin creates an import (`POST /etas/imports`), sends its file
 * (`PUT /etas/imports/:id/file`, read as it streams in, answered once read) and follows it
 * (`GET /etas/imports/:id`: status, progress, the first row errors, the slips). `POST /etas/import` does all three
 * in one request and answers with the finished import (201 applied, 200 dry run, 422 with its row errors).
 */
export function etasRoutes(deps: EtasRoutesDeps): Router {
  const router = Router();
  const imports = deps.supplierImports;
  const json = express.json({ limit: deps.maxBytes });

  router.post("/etas/imports", json, async (req, res) => {
    const body = parseRequest(createImportBody, req.body, "body");
    const run = await imports.create(shopOf(res), {
      filename: body.filename ?? null,
      dryRun: body.dryRun,
      bytes: body.bytes,
    });
    res.status(201).json({ import: presentImport(run) });
  });

  router.put("/etas/imports/:id/file", async (req, res) => {
    const { id } = parseRequest(importParams, req.params, "params");
    requireCsv(req);
    closeOnRefusal(req, res);
    const run = await imports.upload(shopOf(res), id, req);
    res.status(202).json({ import: presentImport(run) });
  });

  router.get("/etas/imports/:id", async (req, res) => {
    const { id } = parseRequest(importParams, req.params, "params");
    const found = await imports.get(shopOf(res), id);
    if (!found) throw new NotFoundError(`No import ${id}`);
    res.json({ import: presentDetail(found.run, found.slips) });
  });

  router.get("/etas/imports", async (req, res) => {
    const { limit } = parseRequest(listImportsQuery, req.query, "query");
    res.json({ imports: (await imports.list(shopOf(res), limit)).map(presentImport) });
  });

  router.post("/etas/import", json, async (req, res) => {
    const query = parseRequest(importQuery, req.query, "query");
    const shop = shopOf(res);
    let body: AsyncIterable<Uint8Array | string> | string[];
    let filename = query.filename ?? null;
    let bytes: number | undefined;
    if (req.is("application/json")) {
      const parsed = parseRequest(importJsonBody, req.body, "body");
      body = [parsed.csv];
      filename ??= parsed.filename ?? null;
    } else {
      requireCsv(req);
      closeOnRefusal(req, res);
      body = req;
      bytes = declaredLength(req);
    }
    const created = await imports.create(shop, { filename, dryRun: query.dryRun, bytes });
    await imports.upload(shop, created.id, body);
    await imports.finished(shop, created.id);
    const found = await imports.get(shop, created.id);
    const detail = presentDetail(found!.run, found!.slips);
    if (detail.status === "applied") res.status(201).json({ imported: true, import: detail });
    else if (detail.status === "checked") res.json({ imported: false, dryRun: true, import: detail });
    else {
      const message =
        detail.failure ??
        `${detail.errorCount} problem${detail.errorCount === 1 ? "" : "s"} in the file; nothing was imported`;
      res.status(detail.status === "failed" ? 500 : 422).json({
        error: { code: detail.status === "failed" ? "import_failed" : "rows_rejected", message },
        imported: false,
        import: detail,
      } satisfies ErrorBody & { imported: false; import: FeedImportDetail });
    }
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

function requireCsv(req: Request): void {
  if (!req.is(CSV_TYPES)) {
    throw new ValidationError(
      `Invalid body: send the file as text/csv${req.path.endsWith("/file") ? "" : ", or JSON {csv, filename}"}`,
    );
  }
}

function declaredLength(req: Request): number | undefined {
  const length = Number(req.headers["content-length"]);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * A refused upload is answered before its body is read to the end: the rest is discarded as it arrives (never
 * buffered) and the connection closes after the answer, so the client reads the refusal instead of a reset.
 */
function closeOnRefusal(req: Request, res: Response): void {
  res.on("finish", () => {
    if (!req.complete) req.resume();
  });
  const status = res.status.bind(res);
  res.status = (code: number) => {
    if (code >= 400) res.setHeader("Connection", "close");
    return status(code);
  };
}

/** 0–100 over the whole run: reading the file is most of a large import, then checking, slips and writing. */
function progressOf(run: ImportRunRecord): number {
  const part = run.total > 0 ? Math.min(1, run.done / run.total) : 0;
  switch (run.phase) {
    case "uploading":
      return 0;
    case "reading":
      return Math.round(5 + 45 * part);
    case "checking":
      return 55;
    case "slips":
      return 70;
    case "writing":
      return Math.round(80 + 15 * part);
    case "done":
      return 100;
  }
}

function presentImport(run: ImportRunRecord): FeedImport {
  return {
    id: run.id,
    filename: run.filename,
    dryRun: run.dryRun,
    status: run.status,
    phase: run.phase,
    progress: progressOf(run),
    bytes: run.bytes,
    rows: run.rows,
    matched: run.matched,
    variants: run.variants,
    errorCount: run.errorCount,
    failure: run.failure,
    slipCount: run.slipCount,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

function presentDetail(run: ImportRunRecord, slips: ImportSlipView[]): FeedImportDetail {
  return { ...presentImport(run), errors: run.errors, slips };
}
