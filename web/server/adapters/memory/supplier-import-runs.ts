import type { ShopDomain } from "../../use-cases/ports.js";
import {
  IN_FLIGHT_STATUSES,
  type ImportRunPatch,
  type ImportRunRecord,
  type ImportSlipRecord,
  type SupplierImportRunRepository,
} from "../../use-cases/availability/supplier-import-ports.js";

/** In memory, for use-case and HTTP tests; the same contract as the Prisma repository. */
export class MemorySupplierImportRuns implements SupplierImportRunRepository {
  private readonly runs: (ImportRunRecord & { shop: ShopDomain })[] = [];
  private readonly slips = new Map<string, ImportSlipRecord[]>();
  private seq = 0;

  async createRun(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes: number },
    at: Date,
  ): Promise<ImportRunRecord> {
    const run: ImportRunRecord & { shop: ShopDomain } = {
      shop,
      id: `run_${String(++this.seq).padStart(8, "0")}`,
      filename: input.filename,
      dryRun: input.dryRun,
      status: "uploading",
      phase: "uploading",
      done: 0,
      total: input.bytes,
      bytes: input.bytes,
      rows: 0,
      matched: 0,
      variants: 0,
      errorCount: 0,
      errors: [],
      failure: null,
      slipCount: 0,
      importId: null,
      createdAt: new Date(at),
      finishedAt: null,
    };
    this.runs.push(run);
    return copy(run);
  }

  async updateRun(shop: ShopDomain, id: string, patch: ImportRunPatch): Promise<ImportRunRecord | null> {
    const run = this.find(shop, id);
    if (!run) return null;
    Object.assign(run, structuredClone(patch));
    return copy(run);
  }

  async finishRun(
    shop: ShopDomain,
    id: string,
    patch: ImportRunPatch,
    slips: ImportSlipRecord[],
  ): Promise<ImportRunRecord> {
    const run = this.find(shop, id);
    if (!run) throw new Error(`no run ${id}`);
    this.slips.set(id, [...(this.slips.get(id) ?? []), ...structuredClone(slips)]);
    Object.assign(run, structuredClone(patch));
    return copy(run);
  }

  async getRun(shop: ShopDomain, id: string): Promise<ImportRunRecord | null> {
    const run = this.find(shop, id);
    return run ? copy(run) : null;
  }

  async listRuns(shop: ShopDomain, limit: number): Promise<ImportRunRecord[]> {
    return this.runs
      .filter((r) => r.shop === shop)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map(copy);
  }

  async runSlips(shop: ShopDomain, runId: string, limit: number): Promise<ImportSlipRecord[]> {
    if (!this.find(shop, runId)) return [];
    return structuredClone((this.slips.get(runId) ?? []).slice(0, limit));
  }

  async createRunWithin(
    shop: ShopDomain,
    input: { filename: string | null; dryRun: boolean; bytes: number },
    at: Date,
    maxInFlight: number,
  ): Promise<ImportRunRecord | null> {
    // No await between the count and the insert: one step for this process, the only one memory has.
    const inFlight = this.runs.filter((r) => r.shop === shop && IN_FLIGHT_STATUSES.includes(r.status)).length;
    return inFlight >= maxInFlight ? null : this.createRun(shop, input, at);
  }

  async countInFlight(shop: ShopDomain): Promise<number> {
    return this.runs.filter((r) => r.shop === shop && IN_FLIGHT_STATUSES.includes(r.status)).length;
  }

  async failStale(shop: ShopDomain, before: Date, at: Date): Promise<number> {
    const stale = this.runs.filter(
      (r) => r.shop === shop && IN_FLIGHT_STATUSES.includes(r.status) && r.createdAt < before,
    );
    for (const run of stale) {
      Object.assign(run, {
        status: "failed",
        phase: "done",
        failure: "interrupted: the import did not finish",
        finishedAt: new Date(at),
      });
    }
    return stale.length;
  }

  async deleteByShop(shop: ShopDomain): Promise<void> {
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const run = this.runs[i]!;
      if (run.shop !== shop) continue;
      this.slips.delete(run.id);
      this.runs.splice(i, 1);
    }
  }

  private find(shop: ShopDomain, id: string) {
    return this.runs.find((r) => r.shop === shop && r.id === id);
  }
}

function copy({ shop: _shop, ...run }: ImportRunRecord & { shop: ShopDomain }): ImportRunRecord {
  return structuredClone(run);
}
