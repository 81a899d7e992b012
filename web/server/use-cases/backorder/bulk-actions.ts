/**
 * Bulk actions on lines chosen in the admin's list: set (or clear) a staff priority, allocate from free stock. A dry
 * run says what each line would get and writes nothing (the confirmation the merchant reads); the real run does it
 * line by line through the same staff actions as the line page, so every line keeps its own history, and reports
 * what happened to each (one refused line does not undo the others: each is a complete action of its own).
 */
import {
  planStockAllocation,
  TERMINAL_STATUSES,
  waitingUnits,
  type LineStatus,
} from "../../domain/backorder/index.js";
import type { LineItemGid } from "../../domain/shared/gid.js";
import { WaitwellError } from "../../errors.js";
import { type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { shopSettingsOf } from "../shop-settings.js";

export const BULK_MAX_LINES = 250;

export type BulkAction = { kind: "set_priority"; priority: number | null } | { kind: "allocate_from_stock" };

/** Why a chosen line is left alone. */
export type BulkSkipReason = "not_found" | "not_waiting" | "unchanged" | "no_free_stock";

export interface BulkLineOutcome {
  lineItemId: string;
  orderId: string | null;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus | null;
  waiting: number;
  priority: number | null;
  /** What the action does to this line: the new priority, or the units it reserves; null when skipped. */
  change: { priority: number | null } | { units: number } | null;
  skipped: BulkSkipReason | null;
  /** After a real run: done, or failed with the reason the server gave (a dry run leaves both null). */
  result: "done" | "failed" | null;
  error: string | null;
}

export interface BulkOutcome {
  action: BulkAction["kind"];
  dryRun: boolean;
  lines: BulkLineOutcome[];
  summary: { chosen: number; changing: number; skipped: number; done: number; failed: number; units: number };
}

export interface BulkActionsDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
  staff: {
    reprioritise(
      shop: ShopDomain,
      lineItemId: string,
      priority: number | null,
      staffRef: string,
    ): Promise<unknown>;
    allocate(shop: ShopDomain, lineItemId: string, units: number, staffRef: string): Promise<unknown>;
  };
}

const isWaiting = (l: StoredLine) => l.status === "backordered" || l.status === "partially_allocated";

export function createBulkLineActions(deps: BulkActionsDeps) {
  const { repository: repo } = deps;

  async function plan(shop: ShopDomain, ids: LineItemGid[], action: BulkAction): Promise<BulkLineOutcome[]> {
    const unique = [...new Set(ids)];
    const found = new Map<LineItemGid, StoredLine>();
    for (const id of unique) {
      const line = await repo.getLine(shop, id);
      if (line) found.set(id, line);
    }
    const units = action.kind === "allocate_from_stock" ? await stockPlan(shop, [...found.values()]) : null;
    return unique.map((id) => {
      const line = found.get(id);
      if (!line) return outcome(id, null, null, "not_found");
      if (!isWaiting(line)) return outcome(id, line, null, "not_waiting");
      if (action.kind === "set_priority") {
        return line.priority === action.priority
          ? outcome(id, line, null, "unchanged")
          : outcome(id, line, { priority: action.priority }, null);
      }
      const n = units?.get(id) ?? 0;
      return n > 0 ? outcome(id, line, { units: n }, null) : outcome(id, line, null, "no_free_stock");
    });
  }

  /** Units each waiting line would get, pool by pool, as planStockAllocation hands them out. */
  async function stockPlan(shop: ShopDomain, lines: StoredLine[]): Promise<Map<LineItemGid, number>> {
    const rules = (await shopSettingsOf(deps.shops, shop)).allocation;
    const result = new Map<LineItemGid, number>();
    const items = new Set(lines.filter((l) => l.tracked && isWaiting(l)).map((l) => l.inventoryItemId));
    for (const item of items) {
      const level = aggregateLevels(item, await repo.levelsOfItem(shop, item));
      if (!level) continue;
      const pool = await repo.openLinesOfPools(shop, [{ inventoryItemId: item, locationId: ALL_LOCATIONS }]);
      const chosen = lines.filter((l) => l.inventoryItemId === item).map((l) => l.lineItemId);
      const plan = planStockAllocation(
        { stock: [level], lines: pool.filter((l) => l.tracked), rules },
        chosen,
        deps.clock.now(),
        { kind: "staff", ref: "plan" },
      );
      for (const [id, units] of plan) result.set(id, units);
    }
    return result;
  }

  return {
    async run(
      shop: ShopDomain,
      lineItemIds: LineItemGid[],
      action: BulkAction,
      options: { dryRun: boolean; staffRef: string },
    ): Promise<BulkOutcome> {
      const lines = await plan(shop, lineItemIds, action);
      if (!options.dryRun) {
        for (const line of lines) {
          if (!line.change) continue;
          try {
            if ("priority" in line.change) {
              await deps.staff.reprioritise(shop, line.lineItemId, line.change.priority, options.staffRef);
            } else {
              await deps.staff.allocate(shop, line.lineItemId, line.change.units, options.staffRef);
            }
            line.result = "done";
          } catch (error) {
            // A refusal the staff action explains (stock taken meanwhile, the line closed): reported per line.
            if (!(error instanceof WaitwellError) || error.status >= 500) throw error;
            line.result = "failed";
            line.error = error.expose ? error.message : error.code;
          }
        }
      }
      return { action: action.kind, dryRun: options.dryRun, lines, summary: summarise(lines) };
    },
  };
}

export type BulkLineActions = ReturnType<typeof createBulkLineActions>;

function outcome(
  lineItemId: string,
  line: StoredLine | null,
  change: BulkLineOutcome["change"],
  skipped: BulkSkipReason | null,
): BulkLineOutcome {
  return {
    lineItemId,
    orderId: line?.orderId ?? null,
    productTitle: line?.productTitle ?? null,
    variantTitle: line?.variantTitle ?? null,
    sku: line?.sku ?? null,
    status: line?.status ?? null,
    waiting: line && !TERMINAL_STATUSES.has(line.status) ? waitingUnits(line) : 0,
    priority: line?.priority ?? null,
    change,
    skipped,
    result: null,
    error: null,
  };
}

function summarise(lines: BulkLineOutcome[]): BulkOutcome["summary"] {
  return {
    chosen: lines.length,
    changing: lines.filter((l) => l.change).length,
    skipped: lines.filter((l) => l.skipped).length,
    done: lines.filter((l) => l.result === "done").length,
    failed: lines.filter((l) => l.result === "failed").length,
    units: lines.reduce((sum, l) => sum + (l.change && "units" in l.change ? l.change.units : 0), 0),
  };
}
