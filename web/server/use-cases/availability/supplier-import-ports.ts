/**
 * Supplier feed imports as records the admin follows (status, progress, result, history) and the ETA slips each one
 * causes. Storage: adapters/prisma/supplier-import-runs.ts and adapters/memory/supplier-import-runs.ts (one contract,
 * test/contracts/supplier-import-runs.contract.ts).
 */
import type { Eta, FeedRowError } from "../../domain/eta/index.js";
import type { ShopDomain } from "../ports.js";

/**
 * uploading: created, waiting for its file · running: read, being checked or written · checked: a dry run that
 * passed (nothing written) · applied: its ETAs are stored · rejected: the file or a row failed (nothing written) ·
 * failed: something else went wrong, or the run was abandoned (nothing written).
 */
export type ImportRunStatus = "uploading" | "running" | "checked" | "applied" | "rejected" | "failed";
export type ImportRunPhase = "uploading" | "reading" | "checking" | "slips" | "writing" | "done";

export const IN_FLIGHT_STATUSES: readonly ImportRunStatus[] = ["uploading", "running"];

export interface ImportRunRecord {
  id: string;
  filename: string | null;
  dryRun: boolean;
  status: ImportRunStatus;
  phase: ImportRunPhase;
  /** Progress within the phase: bytes while reading, rows while writing. */
  done: number;
  total: number;
  bytes: number;
  /** Data rows of the file (0 until read). */
  rows: number;
  /** Rows that match a variant and pass every check. */
  matched: number;
  /** Distinct variants the valid rows name. */
  variants: number;
  /** Every row problem found; `errors` keeps the first FEED_MAX_REPORTED_ERRORS. */
  errorCount: number;
  errors: FeedRowError[];
  /** Why the whole file was refused or the run failed (not a row's problem). */
  failure: string | null;
  slipCount: number;
  /** The SupplierImport an applied run wrote. */
  importId: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A waiting line whose ETA the import moves later than it was, and past what the customer was promised. */
export interface ImportSlipRecord {
  lineItemId: string;
  orderId: string;
  variantId: string;
  promised: Eta;
  previous: Eta;
  revised: Eta;
}

export type ImportRunPatch = Partial<
  Pick<
    ImportRunRecord,
    | "status"
    | "phase"
    | "done"
    | "total"
    | "bytes"
    | "rows"
    | "matched"
    | "variants"
    | "errorCount"
    | "errors"
  > &
    Pick<ImportRunRecord, "failure" | "importId" | "finishedAt" | "slipCount">
>;

export interface SupplierImportRunRepository {
  createRun(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes: number },
    at: Date,
  ): Promise<ImportRunRecord>;
  /** null when the shop has no such run. */
  updateRun(shop: ShopDomain, id: string, patch: ImportRunPatch): Promise<ImportRunRecord | null>;
  /** The run's final state and its slips, in one transaction. */
  finishRun(
    shop: ShopDomain,
    id: string,
    patch: ImportRunPatch,
    slips: ImportSlipRecord[],
  ): Promise<ImportRunRecord>;
  getRun(shop: ShopDomain, id: string): Promise<ImportRunRecord | null>;
  /** Newest first. */
  listRuns(shop: ShopDomain, limit: number): Promise<ImportRunRecord[]>;
  /** In the order they were recorded. */
  runSlips(shop: ShopDomain, runId: string, limit: number): Promise<ImportSlipRecord[]>;
  /**
   * A new run, unless the shop already has `maxInFlight` runs uploading or running (null then). The check and the
   * insert are one step for every process sharing the database (PostgreSQL: a per-shop advisory lock), so the limit
   * holds across processes, not only within one.
   */
  createRunWithin(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes: number },
    at: Date,
    maxInFlight: number,
  ): Promise<ImportRunRecord | null>;
  /** Runs of the shop still uploading or running. */
  countInFlight(shop: ShopDomain): Promise<number>;
  /** Runs of the shop in flight since before `before` (their process died, or the upload never came): failed. */
  failStale(shop: ShopDomain, before: Date, at: Date): Promise<number>;
  deleteByShop(shop: ShopDomain): Promise<void>;
}

/** Who placed an order, for the slips the admin shows (the backorder engine's orders). */
export type OrderDirectory = (
  shop: ShopDomain,
  orderIds: string[],
) => Promise<Map<string, { name: string; customerName: string | null; customerEmail: string | null }>>;
