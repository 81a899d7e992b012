/**
 * Bulk actions on lines chosen in the admin's list: set (or clear) a staff priority, allocate from free stock, send
 * the customers a delay notice, cancel the waiting units (the last two through customer care's staff actions). A dry
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
import { ConflictError, ShopifyApiError, WaitwellError } from "../../errors.js";
import { type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { shopSettingsOf } from "../shop-settings.js";

export { BULK_MAX_LINES } from "../../../shared/api/line-enums.js";

export type BulkAction =
  | { kind: "set_priority"; priority: number | null }
  | { kind: "allocate_from_stock" }
  | { kind: "send_delay_notice" }
  | { kind: "cancel_waiting" };

/** Why a chosen line is left alone. */
export type BulkSkipReason =
  | "not_found"
  | "not_waiting"
  | "unchanged"
  | "no_free_stock"
  | "no_promise"
  | "no_contact"
  | "message_off"
  | "already_notified";

/** Customer care's staff actions (customer-care/staff-care.ts), seen from here. */
export interface CustomerActions {
  plan(
    shop: ShopDomain,
    action: "delay_notice" | "cancel_waiting",
    lineItemId: string,
  ): Promise<{ units: number; email: string | null; skipped: BulkSkipReason | null }>;
  run(
    shop: ShopDomain,
    action: "delay_notice" | "cancel_waiting",
    lineItemId: string,
    staffRef: string,
  ): Promise<void>;
}

export interface BulkLineOutcome {
  lineItemId: string;
  orderId: string | null;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus | null;
  waiting: number;
  priority: number | null;
  /**
   * What the action does to this line: the new priority, the units it reserves, the waiting units a delay notice
   * tells about, or the units it cancels; null when skipped.
   */
  change:
    | { priority: number | null }
    | { units: number }
    | { notice: "delay"; units: number }
    | { cancelled: number }
    | null;
  /** Who gets an email because of it (the delay notice, the cancellation); null: nobody. */
  email: string | null;
  skipped: BulkSkipReason | null;
  /** After a real run: done, or failed with the reason the server gave (a dry run leaves both null). */
  result: "done" | "failed" | null;
  error: string | null;
}

export interface BulkOutcome {
  action: BulkAction["kind"];
  dryRun: boolean;
  lines: BulkLineOutcome[];
  summary: {
    chosen: number;
    changing: number;
    skipped: number;
    done: number;
    failed: number;
    /** Units reserved (allocate), told about (delay notice) or cancelled. */
    units: number;
    /** Orders the changing lines belong to. */
    orders: number;
    /** Emails that go out (one per line told or cancelled, when the customer has an address). */
    emails: number;
  };
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
  /** Needed for the delay notice and the cancel; without it those actions are refused (409). */
  customers?: CustomerActions;
}

const CARE_ACTION = { send_delay_notice: "delay_notice", cancel_waiting: "cancel_waiting" } as const;

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
    if (action.kind === "send_delay_notice" || action.kind === "cancel_waiting") {
      return Promise.all(unique.map((id) => careOutcome(shop, id, found.get(id), CARE_ACTION[action.kind])));
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

  async function careOutcome(
    shop: ShopDomain,
    id: string,
    line: StoredLine | undefined,
    kind: "delay_notice" | "cancel_waiting",
  ): Promise<BulkLineOutcome> {
    if (!line) return outcome(id, null, null, "not_found");
    if (!isWaiting(line)) return outcome(id, line, null, "not_waiting");
    if (!deps.customers) throw new ConflictError("customer care is not running: no notices or cancels");
    const planned = await deps.customers.plan(shop, kind, id);
    if (planned.skipped) return outcome(id, line, null, planned.skipped);
    const change =
      kind === "delay_notice"
        ? { notice: "delay" as const, units: planned.units }
        : { cancelled: planned.units };
    return { ...outcome(id, line, change, null), email: planned.email };
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

  async function apply(
    shop: ShopDomain,
    lineItemId: string,
    change: NonNullable<BulkLineOutcome["change"]>,
    staffRef: string,
  ): Promise<void> {
    if ("priority" in change) await deps.staff.reprioritise(shop, lineItemId, change.priority, staffRef);
    else if ("notice" in change) await deps.customers?.run(shop, "delay_notice", lineItemId, staffRef);
    else if ("cancelled" in change) await deps.customers?.run(shop, "cancel_waiting", lineItemId, staffRef);
    else await deps.staff.allocate(shop, lineItemId, change.units, staffRef);
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
            await apply(shop, line.lineItemId, line.change, options.staffRef);
            line.result = "done";
          } catch (error) {
            // A refusal the staff action explains (stock taken meanwhile, the line closed, Shopify refusing a
            // refund): reported per line.
            if (
              !(error instanceof WaitwellError) ||
              (error.status >= 500 && !(error instanceof ShopifyApiError))
            ) {
              throw error;
            }
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
    email: null,
    skipped,
    result: null,
    error: null,
  };
}

function summarise(lines: BulkLineOutcome[]): BulkOutcome["summary"] {
  const changing = lines.filter((l) => l.change);
  return {
    chosen: lines.length,
    changing: lines.filter((l) => l.change).length,
    skipped: lines.filter((l) => l.skipped).length,
    done: lines.filter((l) => l.result === "done").length,
    failed: lines.filter((l) => l.result === "failed").length,
    units: changing.reduce((sum, l) => sum + unitsOf(l.change), 0),
    orders: new Set(changing.map((l) => l.orderId)).size,
    emails: changing.filter((l) => l.email).length,
  };
}

function unitsOf(change: BulkLineOutcome["change"]): number {
  if (!change || "priority" in change) return 0;
  return "cancelled" in change ? change.cancelled : change.units;
}
