import type { AllocationRules, Cause } from "../../domain/backorder/index.js";
import type { Clock, Logger, ShopDomain } from "../ports.js";
import type { createIngestOrder } from "./ingest-order.js";
import { ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, ShopLock, StoredLine } from "./ports.js";
import type { BackorderReconcileShopify } from "./shopify-port.js";
import type { createSyncOrder } from "./sync-order.js";

/** How many orders one repository read or one sync round takes. */
export const SYNC_PAGE = 100;

export interface ReconcileReport {
  since: string;
  /** Orders whose change stamp was read from Shopify (listed, or checked by id). */
  ordersRead: number;
  /** Orders re-ingested: unknown to us, or changed on Shopify since our copy (a missed or late webhook). */
  ordersFixed: number;
  /** Inventory levels read (item × location). */
  levelsRead: number;
  /** Mirrored levels whose `available` differed from Shopify's (or were missing). */
  levelsChanged: number;
  /** Lines whose status or units changed in this run. */
  linesChanged: number;
  /** Orders whose sync ran (Shopify now shows our decision). */
  ordersSynced: number;
  /**
   * Orders Waitwell believed shown on Shopify whose state there differed (a lost write, or a hold, tag or metafield
   * changed by someone else) and that this run wrote again.
   */
  ordersRepaired: number;
  /** Orders whose sync failed; they keep needsSync and the next run or webhook retries them. */
  syncFailures: number;
  /** Admin API requests made by this run (reads, and the sync's read and writes). */
  adminCalls: number;
}

/** One reconciliation of one shop: what its three steps share. */
export interface ReconcileRun {
  shop: ShopDomain;
  cause: Cause;
  repo: BackorderRepository;
  /** The Admin API reads, each call counted in the report. */
  api: BackorderReconcileShopify;
  lock: ShopLock;
  clock: Clock;
  logger: Logger;
  ingestOrder: ReturnType<typeof createIngestOrder>;
  syncOrder: ReturnType<typeof createSyncOrder>;
  rules(): Promise<AllocationRules>;
  report: ReconcileReport;
}

/** Each open line of the pools, keyed by line id, as a comparable state string. */
export async function snapshot(run: ReconcileRun, pools: ReadonlySet<string>): Promise<Map<string, string>> {
  if (pools.size === 0) return new Map();
  const lines = await run.repo.openLinesOfPools(
    run.shop,
    [...pools].map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS })),
  );
  return new Map(lines.map((l) => [l.lineItemId, lineState(l)]));
}

function lineState(l: StoredLine): string {
  return `${l.status}:${l.quantity}:${l.inStock}:${l.allocated}`;
}

/** Lines whose state differs, counting lines that joined or left the open set. */
export function countChanged(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [id, state] of after) if (before.get(id) !== state) n++;
  for (const id of before.keys()) if (!after.has(id)) n++;
  return n;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}
