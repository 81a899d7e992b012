import {
  compareFirstComeFirstServed,
  TERMINAL_STATUSES,
  type LineHistoryEntry,
  type StockLevel,
} from "../../domain/backorder/index.js";
import { compareGids } from "../../domain/shared/gid.js";
import type { Clock, ShopDomain } from "../ports.js";
import { ALL_LOCATIONS } from "./pools.js";
import type {
  BackorderRepository,
  DecisionChange,
  EngineOrder,
  ShopifyWriteRequest,
  StoredLine,
  VariantInfo,
} from "./ports.js";

/** What one engine step reads and writes: ingest-order.ts, apply-inventory-level.ts and redecide.ts need no more. */
export type EngineStore = Pick<
  BackorderRepository,
  | "getOrder"
  | "getOrders"
  | "linesOfOrder"
  | "lineHistory"
  | "openLinesOfPools"
  | "levelsOfItem"
  | "upsertLevel"
  | "saveDecision"
  | "getVariants"
  | "upsertVariants"
>;

/**
 * The engine's storage for one batch of events of a shop (decide-batch.ts): the events run one after another through
 * the same steps as one by one, against this store, which reads each row from the database once, keeps every write
 * in memory, and stores them all at the end in one `saveDecision` (one transaction, multi-row statements). Because the
 * steps and their order are the same, the lines, history and Shopify writes are those of one-by-one processing
 * (decide-batch.property.test.ts); only the reads and the round trips are shared.
 */
export interface BatchStore extends EngineStore {
  /** Reads, in a few statements, what the batch will need: its orders with their lines, and the open pools. */
  prefetch(input: { orderIds: string[]; items: string[] }): Promise<void>;
  /** Runs one event: what it writes is kept if it succeeds and forgotten if it throws (the event fails alone). */
  attempt<T>(event: () => Promise<T>): Promise<T>;
  /** Stores every kept write: levels (each guarded by its asOf), then one decision. */
  flush(): Promise<{ lines: number; history: number; orders: number }>;
}

interface Layer {
  orders: Map<string, EngineOrder>;
  lines: Map<string, StoredLine>;
  history: LineHistoryEntry[];
  writes: ShopifyWriteRequest[];
  levels: Map<string, StockLevel & { asOf: Date }>;
}

const emptyLayer = (): Layer => ({
  orders: new Map(),
  lines: new Map(),
  history: [],
  writes: [],
  levels: new Map(),
});

export function createBatchStore(
  repo: BackorderRepository,
  shop: ShopDomain,
  clock: Clock,
  /** The batch's variants, read before the shop's lock was taken (mirrorVariants). */
  variants: ReadonlyMap<string, VariantInfo> = new Map(),
): BatchStore {
  // What the database holds, as far as read (null: no such order), under what the batch changed.
  const orders = new Map<string, EngineOrder | null>();
  const lines = new Map<string, StoredLine>();
  const linesByItem = new Map<string, Set<string>>();
  const linesByOrder = new Map<string, Set<string>>();
  const ordersRead = new Set<string>();
  const poolsRead = new Set<string>();
  const levels = new Map<string, Map<string, StockLevel>>();
  const historyRead = new Map<string, LineHistoryEntry[]>();
  // What the batch changed: kept across events, and the event in progress.
  const kept = emptyLayer();
  let current: Layer | null = null;

  const index = (map: Map<string, Set<string>>, key: string, id: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(id);
    map.set(key, set);
  };
  /** A row read from the database joins what is known, unless the batch already has a newer version of it. */
  const known = (line: StoredLine) => {
    if (!lines.has(line.lineItemId)) lines.set(line.lineItemId, line);
    index(linesByItem, line.inventoryItemId, line.lineItemId);
    index(linesByOrder, line.orderId, line.lineItemId);
  };
  const lineNow = (id: string): StoredLine | undefined => current?.lines.get(id) ?? lines.get(id);
  const orderNow = (id: string): EngineOrder | null | undefined => current?.orders.get(id) ?? orders.get(id);
  const levelKey = (item: string, location: string) => `${item}\u0000${location}`;

  async function readOrders(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !orders.has(id));
    if (missing.length === 0) return;
    for (const id of missing) orders.set(id, null);
    for (const o of await repo.getOrders(shop, missing)) orders.set(o.orderId, o);
  }

  async function readPools(items: readonly string[]): Promise<void> {
    const missing = [...new Set(items)].filter((item) => !poolsRead.has(item));
    if (missing.length === 0) return;
    const pools = missing.map((inventoryItemId) => ({ inventoryItemId, locationId: ALL_LOCATIONS }));
    for (const line of await repo.openLinesOfPools(shop, pools)) known(line);
    for (const item of missing) poolsRead.add(item);
  }

  async function readLevels(item: string): Promise<Map<string, StockLevel>> {
    let byLocation = levels.get(item);
    if (!byLocation) {
      byLocation = new Map((await repo.levelsOfItem(shop, item)).map((l) => [l.locationId, l]));
      levels.set(item, byLocation);
    }
    return byLocation;
  }

  function mergeLine(layer: Layer, line: DecisionChange["lines"][number], now: Date): void {
    const before = layer.lines.get(line.lineItemId) ?? lineNow(line.lineItemId);
    // Display fields left undefined keep what is stored (as saveDecision does).
    layer.lines.set(line.lineItemId, {
      ...line,
      productTitle: line.productTitle !== undefined ? line.productTitle : (before?.productTitle ?? null),
      variantTitle: line.variantTitle !== undefined ? line.variantTitle : (before?.variantTitle ?? null),
      sku: line.sku !== undefined ? line.sku : (before?.sku ?? null),
      updatedAt: now,
    });
  }

  function keep(layer: Layer): void {
    for (const [id, o] of layer.orders) {
      orders.set(id, o);
      kept.orders.set(id, o);
    }
    for (const [id, line] of layer.lines) {
      lines.set(id, line);
      kept.lines.set(id, line);
      index(linesByItem, line.inventoryItemId, id);
      index(linesByOrder, line.orderId, id);
    }
    kept.history.push(...layer.history);
    kept.writes.push(...layer.writes);
    for (const [k, level] of layer.levels) {
      kept.levels.set(k, level);
      levels.get(level.inventoryItemId)?.set(level.locationId, level);
    }
  }

  const layer = (): Layer => current ?? kept;

  return {
    async prefetch({ orderIds, items }) {
      await readOrders(orderIds);
      const stored = orderIds.filter((id) => orders.get(id));
      if (stored.length > 0) {
        for (const line of await repo.linesOfOrders(shop, stored)) known(line);
        for (const id of stored) ordersRead.add(id);
      }
      await readPools(items);
    },

    async attempt(event) {
      current = emptyLayer();
      try {
        const result = await event();
        keep(current);
        return result;
      } finally {
        current = null;
      }
    },

    async getOrder(_shop, orderId) {
      await readOrders([orderId]);
      const o = orderNow(orderId);
      return o ? structuredClone(o) : null;
    },

    async getOrders(_shop, orderIds) {
      await readOrders(orderIds);
      return [...new Set(orderIds)].flatMap((id) => {
        const o = orderNow(id);
        return o ? [structuredClone(o)] : [];
      });
    },

    async linesOfOrder(_shop, orderId) {
      if (!ordersRead.has(orderId)) {
        for (const line of await repo.linesOfOrder(shop, orderId)) known(line);
        ordersRead.add(orderId);
      }
      const ids = new Set([...(linesByOrder.get(orderId) ?? [])]);
      for (const line of current?.lines.values() ?? [])
        if (line.orderId === orderId) ids.add(line.lineItemId);
      return [...ids]
        .map((id) => lineNow(id)!)
        .sort((a, b) => compareGids(a.lineItemId, b.lineItemId))
        .map((l) => structuredClone(l));
    },

    async lineHistory(_shop, lineItemId) {
      let read = historyRead.get(lineItemId);
      if (!read) {
        read = await repo.lineHistory(shop, lineItemId);
        historyRead.set(lineItemId, read);
      }
      const added = [...kept.history, ...(current?.history ?? [])].filter((h) => h.lineItemId === lineItemId);
      return structuredClone([...read, ...added]);
    },

    async openLinesOfPools(_shop, pools) {
      await readPools(pools.map((p) => p.inventoryItemId));
      const wanted = new Set(pools.map((p) => levelKey(p.inventoryItemId, p.locationId)));
      const ids = new Set<string>();
      for (const p of pools) for (const id of linesByItem.get(p.inventoryItemId) ?? []) ids.add(id);
      for (const line of current?.lines.values() ?? []) ids.add(line.lineItemId);
      return [...ids]
        .map((id) => lineNow(id)!)
        .filter(
          (l) => !TERMINAL_STATUSES.has(l.status) && wanted.has(levelKey(l.inventoryItemId, l.locationId)),
        )
        .sort(compareFirstComeFirstServed)
        .map((l) => structuredClone(l));
    },

    async levelsOfItem(_shop, item) {
      const byLocation = new Map(await readLevels(item));
      for (const level of current?.levels.values() ?? [])
        if (level.inventoryItemId === item) byLocation.set(level.locationId, level);
      return [...byLocation.values()]
        .map(({ inventoryItemId, locationId, available, asOf }) => ({
          inventoryItemId,
          locationId,
          available,
          asOf,
        }))
        .sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0));
    },

    async upsertLevel(_shop, level) {
      const k = levelKey(level.inventoryItemId, level.locationId);
      const stored =
        current?.levels.get(k) ?? (await readLevels(level.inventoryItemId)).get(level.locationId);
      // An equal asOf is the same information delivered again: applying it again is harmless (as the repository).
      if (stored && new Date(stored.asOf).getTime() > level.asOf.getTime()) return false;
      layer().levels.set(k, { ...level, asOf: level.asOf });
      return true;
    },

    async saveDecision(_shop, change) {
      const target = layer();
      const now = clock.now();
      for (const o of change.orders) target.orders.set(o.orderId, structuredClone(o));
      for (const line of change.lines) mergeLine(target, structuredClone(line), now);
      target.history.push(...structuredClone(change.history));
      // Orders saved with needsSync are queued by the repository (writesOf); the final rows carry the flag.
      target.writes.push(...(change.writes ?? []));
    },

    async getVariants(_shop, ids) {
      const found = ids.flatMap((id) => (variants.has(id) ? [variants.get(id)!] : []));
      const missing = ids.filter((id) => !variants.has(id));
      return missing.length > 0 ? [...found, ...(await repo.getVariants(shop, missing))] : found;
    },

    async upsertVariants(_shop, read) {
      await repo.upsertVariants(shop, read);
    },

    async flush() {
      for (const level of kept.levels.values()) await repo.upsertLevel(shop, level);
      const change: DecisionChange = {
        orders: [...kept.orders.values()],
        lines: [...kept.lines.values()],
        history: kept.history,
        writes: mostUrgent(kept.writes),
      };
      if (change.orders.length + change.lines.length + change.history.length + change.writes!.length > 0)
        await repo.saveDecision(shop, change);
      return { lines: change.lines.length, history: change.history.length, orders: change.orders.length };
    },
  };
}

/** One write per target, at the most urgent of the urgencies asked for (what the outbox keeps when they coalesce). */
function mostUrgent(writes: readonly ShopifyWriteRequest[]): ShopifyWriteRequest[] {
  const byTarget = new Map<string, ShopifyWriteRequest>();
  for (const w of writes) {
    const key = `${w.kind} ${w.targetId}`;
    const seen = byTarget.get(key);
    if (!seen || w.urgency < seen.urgency) byTarget.set(key, w);
  }
  return [...byTarget.values()];
}
