/**
 * What staff do with backorder lines in the admin: read them (with their order's name and customer), put a line
 * ahead in the queue, reserve units for it by hand, and preview who a restock would serve. The writes run under the
 * engine's per-shop lock (index.ts), like every webhook, so a staff action never decides a pool from a stale read.
 */
import {
  allocationRoom,
  decideBackorders,
  transition,
  waitingUnits,
  type AllocationRules,
  type BackorderLine,
  type Cause,
  type LineHistoryEntry,
  type LineStatus,
  type StockLevel,
} from "../../domain/backorder/index.js";
import type { InventoryItemGid } from "../../domain/shared/gid.js";
import { ConflictError, NotFoundError } from "../../errors.js";
import { DEFAULT_SHOP_SETTINGS, type Clock, type ShopDomain, type ShopRepository } from "../ports.js";
import { createBulkLineActions, type BulkAction, type BulkOutcome } from "./bulk-actions.js";
import { aggregateLevels, ALL_LOCATIONS } from "./pools.js";
import type { BackorderRepository, EngineOrder, LineFilter, StoredLine } from "./ports.js";
import { redecide } from "./redecide.js";

const DAY_MS = 86_400_000;

export interface StaffActionsDeps {
  repository: BackorderRepository;
  shops: Pick<ShopRepository, "get">;
  clock: Clock;
}

/** The item a preview is about: a variant (resolved through the variant mirror) or its inventory item. */
export type PreviewTarget = { variantId: string } | { inventoryItemId: string };

export interface PreviewLineState {
  status: LineStatus;
  inStock: number;
  allocated: number;
  waiting: number;
}

export interface AllocationPreview {
  inventoryItemId: string;
  arriving: number;
  /** The pool's mirrored stock (all locations summed); null when no level was mirrored yet (taken as empty). */
  stock: { available: number; asOf: string } | null;
  /** Units the pool's open lines would share once the units arrive. */
  supply: number;
  /** Units the arrival would reserve, and what nobody could take under the rules. */
  allocated: number;
  leftover: number;
  /** Lines that wait now or that the arrival changes, first come first served. */
  lines: {
    lineItemId: string;
    orderId: string;
    orderName: string | null;
    variantId: string;
    priority: number | null;
    before: PreviewLineState;
    after: PreviewLineState;
    newlyAllocated: number;
  }[];
}

export function createStaffActions(deps: StaffActionsDeps) {
  const { repository: repo, clock } = deps;
  const rulesOf = async (shop: ShopDomain): Promise<AllocationRules> =>
    ((await deps.shops.get(shop))?.settings ?? DEFAULT_SHOP_SETTINGS).allocation;
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
      const waiting = waitingUnits(line);
      const waits = line.status === "backordered" || line.status === "partially_allocated";
      if (waits && units > waiting) {
        throw new ConflictError(`Cannot allocate ${units} units to ${lineItemId}: only ${waiting} wait`, {
          units,
          waiting,
        });
      }
      const cause = staff(staffRef);
      const result = transition(line, { type: "allocate", units }, clock.now(), cause);
      if (!result.ok) throw result.error;

      const rules = await rulesOf(shop);
      const level = aggregateLevels(
        line.inventoryItemId,
        await repo.levelsOfItem(shop, line.inventoryItemId),
      );
      const pool = await repo.openLinesOfPools(shop, [
        { inventoryItemId: line.inventoryItemId, locationId: ALL_LOCATIONS },
      ]);
      const room = level
        ? allocationRoom({ stock: [level], lines: pool.filter((l) => l.tracked), rules }, line.lineItemId)
        : { supply: 0, claimedByOthers: 0, free: 0 };
      if (units > room.free) {
        throw new ConflictError(
          `Cannot allocate ${units} units to ${lineItemId}: only ${room.free} of the ${room.supply} units in stock ` +
            `are free (${room.claimedByOthers} held by other lines)`,
          { units, free: room.free, supply: room.supply, claimedByOthers: room.claimedByOthers },
        );
      }
      // A transition that changes nothing returns no entry; `allocate` of ≥ 1 unit always changes the line.
      if (!result.entry) return line;
      return store(shop, result.line, result.entry, cause, true);
    },

    /** What `decideBackorders` would do if `arriving` more units were available to the item's pool. Writes nothing. */
    async previewAllocation(
      shop: ShopDomain,
      target: PreviewTarget,
      arriving: number,
    ): Promise<AllocationPreview> {
      const inventoryItemId = await itemOf(repo, shop, target);
      const rules = await rulesOf(shop);
      const mirrored = aggregateLevels(inventoryItemId, await repo.levelsOfItem(shop, inventoryItemId));
      // Without a mirrored level the pool is taken as empty: only the arriving units are shared.
      const level: StockLevel = mirrored ?? {
        inventoryItemId,
        locationId: ALL_LOCATIONS,
        available: 0,
        asOf: new Date(0),
      };
      const lines = (
        await repo.openLinesOfPools(shop, [{ inventoryItemId, locationId: ALL_LOCATIONS }])
      ).filter((l) => l.tracked);
      const decision = decideBackorders({
        stock: [{ ...level, available: level.available + arriving }],
        lines,
        rules,
      });
      const shown = lines
        .map((line, i) => ({ line, d: decision.lines[i]! }))
        .filter(({ line, d }) => waitingUnits(line) > 0 || d.changed);
      const orders = await ordersById(
        repo,
        shop,
        shown.map(({ line }) => line.orderId),
      );
      const pool = decision.pools[0];
      const unclaimed = Math.max(0, level.available + arriving); // no open line shares the pool
      return {
        inventoryItemId,
        arriving,
        stock: mirrored
          ? { available: mirrored.available, asOf: new Date(mirrored.asOf).toISOString() }
          : null,
        supply: pool ? Math.max(0, pool.supply) : unclaimed,
        allocated: shown.reduce((sum, { d }) => sum + d.newlyAllocated, 0),
        leftover: pool?.leftover ?? unclaimed,
        lines: shown.map(({ line, d }) => ({
          lineItemId: line.lineItemId,
          orderId: line.orderId,
          orderName: orders.get(line.orderId)?.name ?? null,
          variantId: line.variantId,
          priority: line.priority,
          before: {
            status: line.status,
            inStock: line.inStock,
            allocated: line.allocated,
            waiting: waitingUnits(line),
          },
          after: { status: d.status, inStock: d.inStock, allocated: d.allocated, waiting: d.waiting },
          newlyAllocated: d.newlyAllocated,
        })),
      };
    },
  };
}

export type StaffActions = ReturnType<typeof createStaffActions>;

// ---------------------------------------------------------------- the admin's view

/** A line as the admin lists it: the stored line joined with its order's name and customer. */
export interface LineView {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  orderCreatedAt: string;
  customer: { id: string; name: string | null; email: string | null } | null;
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus;
  quantity: number;
  inStock: number;
  allocated: number;
  waiting: number;
  priority: number | null;
  updatedAt: Date;
}

export type LineQuery = Omit<LineFilter, "createdBefore"> & {
  /** Lines of orders placed more than this many days ago. */
  olderThanDays?: number;
};

/** Lines read per query while exporting: big enough for few round trips, small enough to stream. */
export const EXPORT_PAGE_SIZE = 500;

export interface BackorderAdmin {
  listLines(
    shop: ShopDomain,
    query: LineQuery,
  ): Promise<{ lines: LineView[]; nextCursor: string | null; searchTruncated?: boolean }>;
  /** Every line the query matches, in its sort, a page at a time (for a streamed export). */
  exportLines(shop: ShopDomain, query: Omit<LineQuery, "limit" | "cursor">): AsyncGenerator<LineView[]>;
  getLine(shop: ShopDomain, lineItemId: string): Promise<{ line: LineView; history: LineHistoryEntry[] }>;
  stats(shop: ShopDomain): ReturnType<BackorderRepository["stats"]>;
  reprioritise(
    shop: ShopDomain,
    lineItemId: string,
    priority: number | null,
    staffRef: string,
  ): Promise<LineView>;
  allocate(shop: ShopDomain, lineItemId: string, units: number, staffRef: string): Promise<LineView>;
  previewAllocation(shop: ShopDomain, target: PreviewTarget, arriving: number): Promise<AllocationPreview>;
  /** One action on many lines; `dryRun` says what it would do and writes nothing (bulk-actions.ts). */
  bulk(
    shop: ShopDomain,
    lineItemIds: string[],
    action: BulkAction,
    options: { dryRun: boolean; staffRef: string },
  ): Promise<BulkOutcome>;
}

/**
 * The admin API's use cases: reads straight from the repository (one order read per page, not per line), writes
 * through the engine, whose lock serialises them with the webhooks of the shop.
 */
export function createBackorderAdmin(deps: {
  engine: Pick<StaffActions, "reprioritise" | "allocate" | "previewAllocation">;
  repository: BackorderRepository;
  clock: Clock;
  /** The shop's allocation rules, for what a bulk "allocate from stock" would hand out. */
  shops: Pick<ShopRepository, "get">;
}): BackorderAdmin {
  const { repository: repo, engine } = deps;
  const view = async (shop: ShopDomain, line: StoredLine): Promise<LineView> =>
    lineView(line, await repo.getOrder(shop, line.orderId));

  const admin: BackorderAdmin = {
    async listLines(shop, { olderThanDays, ...query }) {
      const filter: LineFilter = { ...query };
      if (olderThanDays !== undefined) {
        filter.createdBefore = new Date(deps.clock.now().getTime() - olderThanDays * DAY_MS);
      }
      const page = await repo.listLines(shop, filter);
      const orders = await ordersById(
        repo,
        shop,
        page.lines.map((l) => l.orderId),
      );
      return {
        lines: page.lines.map((l) => lineView(l, orders.get(l.orderId) ?? null)),
        nextCursor: page.nextCursor,
        ...(page.searchTruncated !== undefined ? { searchTruncated: page.searchTruncated } : {}),
      };
    },
    async *exportLines(shop, query) {
      let cursor: string | undefined;
      do {
        const page = await admin.listLines(shop, {
          ...query,
          limit: EXPORT_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        });
        if (page.lines.length > 0) yield page.lines;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    async getLine(shop, lineItemId) {
      const line = await requireLine(repo, shop, lineItemId);
      return { line: await view(shop, line), history: await repo.lineHistory(shop, lineItemId) };
    },
    stats: (shop) => repo.stats(shop),
    reprioritise: async (shop, lineItemId, priority, staffRef) =>
      view(shop, await engine.reprioritise(shop, lineItemId, priority, staffRef)),
    allocate: async (shop, lineItemId, units, staffRef) =>
      view(shop, await engine.allocate(shop, lineItemId, units, staffRef)),
    previewAllocation: (shop, target, arriving) => engine.previewAllocation(shop, target, arriving),
    bulk: (shop, lineItemIds, action, options) => bulk.run(shop, lineItemIds, action, options),
  };
  const bulk = createBulkLineActions({
    repository: repo,
    shops: deps.shops,
    clock: deps.clock,
    staff: engine,
  });
  return admin;
}

function lineView(line: StoredLine, order: EngineOrder | null): LineView {
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    orderName: order?.name ?? null,
    orderCreatedAt: new Date(line.orderCreatedAt).toISOString(),
    customer:
      order?.customerId != null
        ? { id: order.customerId, name: order.customerName, email: order.customerEmail }
        : null,
    variantId: line.variantId,
    productTitle: line.productTitle,
    variantTitle: line.variantTitle,
    sku: line.sku,
    status: line.status,
    quantity: line.quantity,
    inStock: line.inStock,
    allocated: line.allocated,
    waiting: waitingUnits(line),
    priority: line.priority,
    updatedAt: line.updatedAt,
  };
}

// ---------------------------------------------------------------- helpers

/** The shop's line, or a 404: another shop's line is as unknown as a line that never existed. */
async function requireLine(
  repo: BackorderRepository,
  shop: ShopDomain,
  lineItemId: string,
): Promise<StoredLine> {
  const line = await repo.getLine(shop, lineItemId);
  if (!line) throw new NotFoundError(`No backorder line ${lineItemId} in this shop`);
  return line;
}

async function ordersById(
  repo: BackorderRepository,
  shop: ShopDomain,
  orderIds: string[],
): Promise<Map<string, EngineOrder>> {
  if (orderIds.length === 0) return new Map();
  return new Map((await repo.getOrders(shop, orderIds)).map((o) => [o.orderId, o]));
}

async function itemOf(
  repo: BackorderRepository,
  shop: ShopDomain,
  target: PreviewTarget,
): Promise<InventoryItemGid> {
  if ("inventoryItemId" in target) return target.inventoryItemId as InventoryItemGid;
  const [variant] = await repo.getVariants(shop, [target.variantId]);
  if (!variant)
    throw new NotFoundError(`No variant ${target.variantId} known to the backorder engine in this shop`);
  return variant.inventoryItemId as InventoryItemGid;
}
