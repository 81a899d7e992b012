import type { Eta, FeedRowError } from "../../domain/eta/index.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import {
  IN_FLIGHT_STATUSES,
  type ImportRunPatch,
  type ImportRunRecord,
  type ImportSlipRecord,
  type SupplierImportRunRepository,
} from "../../use-cases/availability/supplier-import-ports.js";
import { providerOf, type Db } from "./client.js";
import { advisoryLockKey } from "./shop-lock.js";
import type { SupplierImportRun as RunRow } from "./generated/sqlite/client.js";

/** Supplier import runs and their slips, in Prisma (SQLite and PostgreSQL). */
export class PrismaSupplierImportRuns implements SupplierImportRunRepository {
  constructor(private readonly db: Db) {}

  async createRun(shop: ShopDomain, input: RunInput, at: Date): Promise<ImportRunRecord> {
    return toRun(await this.db.supplierImportRun.create({ data: newRun(shop, input, at) }));
  }

  async createRunWithin(
    shop: ShopDomain,
    input: RunInput,
    at: Date,
    maxInFlight: number,
  ): Promise<ImportRunRecord | null> {
    return this.db.$transaction(
      async (tx) => {
        // PostgreSQL: the shop's imports are counted and created one process at a time (the lock goes with the
        // transaction, and with a dropped connection). SQLite has one writer: a second process's insert on a stale
        // count fails (SQLITE_BUSY) rather than passing the limit.
        // https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
        if (providerOf(this.db) === "postgresql")
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${advisoryLockKey("supplier-imports", shop)}::bigint)`;
        const inFlight = await tx.supplierImportRun.count({
          where: { shop, status: { in: [...IN_FLIGHT_STATUSES] } },
        });
        if (inFlight >= maxInFlight) return null;
        return toRun(await tx.supplierImportRun.create({ data: newRun(shop, input, at) }));
        // Creations of one shop queue on the lock: longer than Prisma's 2 s wait for a connection and 5 s in all.
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  }

  async updateRun(shop: ShopDomain, id: string, patch: ImportRunPatch): Promise<ImportRunRecord | null> {
    const { count } = await this.db.supplierImportRun.updateMany({
      where: { shop, id },
      data: columns(patch),
    });
    return count === 0 ? null : this.getRun(shop, id);
  }

  async finishRun(
    shop: ShopDomain,
    id: string,
    patch: ImportRunPatch,
    slips: ImportSlipRecord[],
  ): Promise<ImportRunRecord> {
    const row = await this.db.$transaction(async (tx) => {
      for (let i = 0; i < slips.length; i += 500) {
        await tx.supplierImportSlip.createMany({
          data: slips.slice(i, i + 500).map((s) => ({
            shop,
            runId: id,
            lineItemId: s.lineItemId,
            orderId: s.orderId,
            variantId: s.variantId,
            promised: JSON.stringify(s.promised),
            previous: JSON.stringify(s.previous),
            revised: JSON.stringify(s.revised),
          })),
        });
      }
      await tx.supplierImportRun.updateMany({ where: { shop, id }, data: columns(patch) });
      return tx.supplierImportRun.findFirstOrThrow({ where: { shop, id } });
    });
    return toRun(row);
  }

  async getRun(shop: ShopDomain, id: string): Promise<ImportRunRecord | null> {
    const row = await this.db.supplierImportRun.findFirst({ where: { shop, id } });
    return row ? toRun(row) : null;
  }

  async listRuns(shop: ShopDomain, limit: number): Promise<ImportRunRecord[]> {
    const rows = await this.db.supplierImportRun.findMany({
      where: { shop },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map(toRun);
  }

  async runSlips(shop: ShopDomain, runId: string, limit: number): Promise<ImportSlipRecord[]> {
    const rows = await this.db.supplierImportSlip.findMany({
      where: { shop, runId },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => ({
      lineItemId: r.lineItemId,
      orderId: r.orderId,
      variantId: r.variantId,
      promised: JSON.parse(r.promised) as Eta,
      previous: JSON.parse(r.previous) as Eta,
      revised: JSON.parse(r.revised) as Eta,
    }));
  }

  countInFlight(shop: ShopDomain): Promise<number> {
    return this.db.supplierImportRun.count({ where: { shop, status: { in: [...IN_FLIGHT_STATUSES] } } });
  }

  async failStale(shop: ShopDomain, before: Date, at: Date): Promise<number> {
    const { count } = await this.db.supplierImportRun.updateMany({
      where: { shop, status: { in: [...IN_FLIGHT_STATUSES] }, createdAt: { lt: before } },
      data: {
        status: "failed",
        phase: "done",
        failure: "interrupted: the import did not finish",
        finishedAt: at,
      },
    });
    return count;
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    await this.db.$transaction([
      this.db.supplierImportSlip.deleteMany({ where: { shop } }),
      this.db.supplierImportRun.deleteMany({ where: { shop } }),
    ]);
  }
}

type RunInput = { filename: string | null; dryRun: boolean; bytes: number };

function newRun(shop: ShopDomain, input: RunInput, at: Date) {
  return {
    shop,
    filename: input.filename,
    dryRun: input.dryRun,
    status: "uploading",
    phase: "uploading",
    total: input.bytes,
    bytes: input.bytes,
    rows: 0,
    createdAt: at,
  };
}

function columns(patch: ImportRunPatch) {
  const { errors, ...rest } = patch;
  return { ...rest, ...(errors ? { errors: JSON.stringify(errors) } : {}) };
}

function toRun(row: RunRow): ImportRunRecord {
  return {
    id: row.id,
    filename: row.filename,
    dryRun: row.dryRun,
    status: row.status as ImportRunRecord["status"],
    phase: row.phase as ImportRunRecord["phase"],
    done: row.done,
    total: row.total,
    bytes: row.bytes,
    rows: row.rows,
    matched: row.matched,
    variants: row.variants,
    errorCount: row.errorCount,
    errors: JSON.parse(row.errors) as FeedRowError[],
    failure: row.failure,
    slipCount: row.slipCount,
    importId: row.importId,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}
