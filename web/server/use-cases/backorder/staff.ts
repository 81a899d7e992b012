/**
 * What staff do with backorder lines in the admin: put a line ahead in the queue, reserve units for it by hand, and
 * preview who a restock would serve (allocation-preview.ts); the admin's reads are in backorder-admin.ts. The writes
 * run under the engine's per-shop lock (index.ts), like every webhook, so a staff action never decides a pool from a
 * stale read.
 */
import {
  allocationRoom,
  transition,
  waitingUnits,
  type AllocationRules,
  type BackorderLine,
  type Cause,
  type LineHistoryEntry,
} from "../../domain/backorder/index.js";
import { ConflictError } from "../../errors.js";
import type { Clock, ShopDomain, ShopRepository } from "../ports.js";
import { shopSettingsOf } from "../shop-settings.js";
import { previewAllocation, type PreviewTarget } from "./allocation-preview.js";
import { requireLine } from "./line-reads.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, StoredLine } from "./ports.js";
import { redecide } from "./redecide.js";

export interface StaffActionsDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
}

export function createStaffActions(deps: StaffActionsDeps) {
  const { repository: repo, clock } = deps;
  const rulesOf = async (shop: ShopDomain): Promise<AllocationRules> =>
    (await shopSettingsOf(deps.shops, shop)).allocation;
  const staff = (ref: string): Cause => ({ kind: "staff", ref });

  /** Stores a staff transition of one line, re-decides its pool and syncs what changed. */
  async function store(
    shop: ShopDomain,
    line: BackorderLine,
    entry: LineHistoryEntry,
    cause: Cause,
    syncOwnOrder: boolean,
  ): Promise<StoredLine> {
    const order = syncOwnOrder ? await repo.getOrder(shop, line.orderId) : null;
    await redecide(repo, shop, {
      items: new Set([line.inventoryItemId]),
      changedLines: [line],
      history: [entry],
      orders: order ? [{ ...order, needsSync: true }] : [],
      cause,
      at: new Date(entry.at),
      rules: await rulesOf(shop),
      // The line's own variant always: a new priority moves its place in the ETA queue without changing any units.
      variants: [line.variantId],
    });
    return requireLine(repo, shop, line.lineItemId);
  }

  return {
    /**
     * A staff priority puts the line before every tag rule (lowest number first); null gives its place back to the
     * rules. Reservations already made stay; the pool is re-decided, since a rule that kept stock back (no partials,
     * a minimum) may now let the line ahead take it.
     */
    async reprioritise(
      shop: ShopDomain,
      lineItemId: string,
      priority: number | null,
      staffRef: string,
    ): Promise<StoredLine> {
      const line = await requireLine(repo, shop, lineItemId);
      const cause = staff(staffRef);
      const result = transition(line, { type: "reprioritise", priority }, clock.now(), cause);
      if (!result.ok) throw result.error;
      if (!result.entry) return line;
      return store(shop, result.line, result.entry, cause, false);
    },

    /**
     * Reserves units for the line by hand, overriding the merchant's rules but never taking stock another line
     * holds: at most what waits, at most the pool's free supply. The order's hold shrinks, or is released once
     * nothing waits.
     */
    async allocate(
      shop: ShopDomain,
      lineItemId: string,
      units: number,
      staffRef: string,
    ): Promise<StoredLine> {
      const line = await requireLine(repo, shop, lineItemId);
      requireWaitingUnits(line, units);
      const cause = staff(staffRef);
      const result = transition(line, { type: "allocate", units }, clock.now(), cause);
      if (!result.ok) throw result.error;

      await requireFreeUnits(repo, shop, line, units, await rulesOf(shop));
      // A transition that changes nothing returns no entry; `allocate` of ≥ 1 unit always changes the line.
      if (!result.entry) return line;
      return store(shop, result.line, result.entry, cause, true);
    },

    /** What `decideBackorders` would do if `arriving` more units were available to the item's pool. Writes nothing. */
    previewAllocation: async (shop: ShopDomain, target: PreviewTarget, arriving: number) =>
      previewAllocation(repo, shop, await rulesOf(shop), target, arriving),
  };
}

export type StaffActions = ReturnType<typeof createStaffActions>;

/** A waiting line takes at most the units it waits for. */
function requireWaitingUnits(line: StoredLine, units: number): void {
  const waiting = waitingUnits(line);
  const waits = line.status === "backordered" || line.status === "partially_allocated";
  if (waits && units > waiting) {
    throw new ConflictError(`Cannot allocate ${units} units to ${line.lineItemId}: only ${waiting} wait`, {
      units,
      waiting,
    });
  }
}

/** Staff never take stock another line holds: at most the pool's free supply under the shop's rules. */
async function requireFreeUnits(
  repo: BackorderRepository,
  shop: ShopDomain,
  line: StoredLine,
  units: number,
  rules: AllocationRules,
): Promise<void> {
  const level = aggregateLevels(line.inventoryItemId, await repo.levelsOfItem(shop, line.inventoryItemId));
  const pool = await repo.openLinesOfPools(shop, [
    { inventoryItemId: line.inventoryItemId, locationId: ALL_LOCATIONS },
  ]);
  const room = level
    ? allocationRoom({ stock: [level], lines: pool.filter((l) => l.tracked), rules }, line.lineItemId)
    : { supply: 0, claimedByOthers: 0, free: 0 };
  if (units > room.free) {
    throw new ConflictError(
      `Cannot allocate ${units} units to ${line.lineItemId}: only ${room.free} of the ${room.supply} units in ` +
        `stock are free (${room.claimedByOthers} held by other lines)`,
      { units, free: room.free, supply: room.supply, claimedByOthers: room.claimedByOthers },
    );
  }
}
