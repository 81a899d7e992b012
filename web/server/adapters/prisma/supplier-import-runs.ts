import type { Eta, FeedRowError } from "../../domain/eta/index.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import {
  IN_FLIGHT_STATUSES,
  type ImportRunPatch,
  type ImportRunRecord,
  type ImportSlipRecord,
  type SupplierImportRunRepository,
} from "../../use-cases/availability/supplier-import-ports.js";
import type { Db } from "./client.js";
import type { SupplierImportRun as RunRow } from "./generated/sqlite/client.js";

/** Supplier import runs and their slips, in Prisma (SQLite and PostgreSQL). */
export class PrismaSupplierImportRuns implements SupplierImportRunRepository {
  constructor(private readonly db: Db) {}

  async createRun(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes: number },
    at: Date,
  ): Promise<ImportRunRecord> {
    const row = await this.db.supplierImportRun.create({
      data: {
        shop,
        filename: input.filename,
        dryRun: input.dryRun,
        status: "uploading",
        phase: "uploading",
        total: input.bytes,
        bytes: input.bytes,
        rows: 0,
        createdAt: at,
      },
    });
    return toRun(row);
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
