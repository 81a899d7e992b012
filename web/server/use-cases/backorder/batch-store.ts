import {
  FirstComeQueue,
  TERMINAL_STATUSES,
  withoutUndoneDecisions,
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
 * (decide-batch.property.test.ts); only the reads and the round trips are shared, and what the batch undid itself is
 * not stored: decisions a later one of the batch reversed (a stock level just before the order it counts,
 * flip-flop.test.ts) leave no history, and a line back as it was read is not written again.
 */
export interface BatchStore extends EngineStore {
  /** Reads, in a few statements, what the batch will need: its orders with their lines, the open pools, their levels. */
  prefetch(input: { orderIds: string[]; items: string[] }): Promise<void>;
  /** Runs one event: what it writes is kept if it succeeds and forgotten if it throws (the event fails alone). */
  attempt<T>(event: () => Promise<T>): Promise<T>;
  /** Stores every kept write in one decision: levels (each guarded by its asOf), orders, lines, history, writes. */
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
  /** How the open lines of pools are read (decide-batch.ts: through the lines kept from the last batch). */
  readOpenLines: BackorderRepository["openLinesOfPools"] = (s, pools) => repo.openLinesOfPools(s, pools),
): BatchStore {
  // What the database holds, as far as read (null: no such order), under what the batch changed.
  const orders = new Map<string, EngineOrder | null>();
  // Every line held here is frozen: openLinesOfPools hands them out uncloned (redecide.ts only reads them).
  const lines = new Map<string, StoredLine>();
  // The lines as the database gave them: a line the batch changed and changed back is not written again.
  const asRead = new Map<string, StoredLine>();
  // The open lines of each pool, in first come, first served order, kept up to date as lines are known and changed.
  const queues = new Map<string, FirstComeQueue<StoredLine>>();
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
  const levelKey = (item: string, location: string) => `${item}\u0000${location}`;
  const poolOf = (line: StoredLine) => levelKey(line.inventoryItemId, line.locationId);
  const isOpen = (line: StoredLine) => !TERMINAL_STATUSES.has(line.status);
  /** The line becomes what is known of it; its pool's queue follows (a closed line leaves it). */
  const queueOf = (pool: string) => {
    let queue = queues.get(pool);
    if (!queue) queues.set(pool, (queue = new FirstComeQueue()));
    return queue;
  };
  const hold = (line: StoredLine) => {
    const before = lines.get(line.lineItemId);
    if (before && poolOf(before) !== poolOf(line)) queues.get(poolOf(before))?.delete(line.lineItemId);
    lines.set(line.lineItemId, line);
    if (isOpen(line)) queueOf(poolOf(line)).put(line);
    else queues.get(poolOf(line))?.delete(line.lineItemId);
    index(linesByOrder, line.orderId, line.lineItemId);
  };
  /** Rows read from the database join what is known, but for lines the batch already has (as read, or newer). */
  const known = (read: readonly StoredLine[]) => {
    const openByPool = new Map<string, StoredLine[]>();
    for (const row of read) {
      if (lines.has(row.lineItemId)) continue;
      const line = frozen(row);
      lines.set(line.lineItemId, line);
      asRead.set(line.lineItemId, line);
      index(linesByOrder, line.orderId, line.lineItemId);
      if (!isOpen(line)) continue;
      const pool = poolOf(line);
      const open = openByPool.get(pool);
      if (open) open.push(line);
      else openByPool.set(pool, [line]);
    }
    for (const [pool, open] of openByPool) queueOf(pool).putMany(open);
  };
  const lineNow = (id: string): StoredLine | undefined => current?.lines.get(id) ?? lines.get(id);
  const orderNow = (id: string): EngineOrder | null | undefined => current?.orders.get(id) ?? orders.get(id);

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
    known(await readOpenLines(shop, pools));
    for (const item of missing) poolsRead.add(item);
  }

  async function readLevels(items: readonly string[]): Promise<void> {
    const missing = [...new Set(items)].filter((item) => !levels.has(item));
    if (missing.length === 0) return;
    for (const item of missing) levels.set(item, new Map());
    for (const l of await repo.levelsOfItems(shop, missing))
      levels.get(l.inventoryItemId)?.set(l.locationId, l);
  }

  async function levelsRead(item: string): Promise<Map<string, StockLevel>> {
    await readLevels([item]);
    return levels.get(item)!;
  }

  function mergeLine(layer: Layer, line: DecisionChange["lines"][number], now: Date): void {
    const before = layer.lines.get(line.lineItemId) ?? lineNow(line.lineItemId);
    // Display fields left undefined keep what is stored (as saveDecision does).
    layer.lines.set(
      line.lineItemId,
      frozen({
        ...line,
        productTitle: line.productTitle !== undefined ? line.productTitle : (before?.productTitle ?? null),
        variantTitle: line.variantTitle !== undefined ? line.variantTitle : (before?.variantTitle ?? null),
        sku: line.sku !== undefined ? line.sku : (before?.sku ?? null),
        updatedAt: now,
      }),
    );
  }

  function keep(layer: Layer): void {
    for (const [id, o] of layer.orders) {
      orders.set(id, o);
      kept.orders.set(id, o);
    }
    for (const [id, line] of layer.lines) {
      hold(line);
      kept.lines.set(id, line);
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
      // Every order's lines, stored or not (one statement either way): after the batch, the lines of each of its
      // orders are known without another read (linesOfOrder), for customer care (decide-batch.ts).
      const unread = [...new Set(orderIds)].filter((id) => !ordersRead.has(id));
      if (unread.length > 0) {
        known(await repo.linesOfOrders(shop, unread));
        for (const id of unread) ordersRead.add(id);
      }
      await readPools(items);
      await readLevels(items);
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
        known(await repo.linesOfOrder(shop, orderId));
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
      // What the event in progress changed stands in for the kept versions.
      const pending = [...(current?.lines.values() ?? [])];
      const replaced = new Set(pending.map((l) => l.lineItemId));
      return FirstComeQueue.merge(
        [...wanted].flatMap((k) => queues.get(k) ?? []),
        (line) => !replaced.has(line.lineItemId),
        pending.filter((l) => isOpen(l) && wanted.has(poolOf(l))),
      );
    },

    async levelsOfItem(_shop, item) {
      const byLocation = new Map(await levelsRead(item));
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
        current?.levels.get(k) ?? (await levelsRead(level.inventoryItemId)).get(level.locationId);
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
      // The levels go in the decision's transaction (each still guarded by its asOf).
      // A decision the batch undid itself (a level a moment before the order it counts) is not history.
      const change: DecisionChange = {
        orders: [...kept.orders.values()],
        lines: [...kept.lines.values()].filter((l) => !sameLine(l, asRead.get(l.lineItemId))),
        history: withoutUndoneDecisions(kept.history),
        writes: mostUrgent(kept.writes),
        levels: [...kept.levels.values()],
      };
      const rows = [change.orders, change.lines, change.history, change.writes!, change.levels!];
      if (rows.some((r) => r.length > 0)) await repo.saveDecision(shop, change);
      return { lines: change.lines.length, history: change.history.length, orders: change.orders.length };
    },
  };
}

/** The line as stored, but for when it was written. */
function sameLine(line: StoredLine, stored: StoredLine | undefined): boolean {
  if (!stored) return false;
  const { updatedAt: _a, ...a } = line;
  const { updatedAt: _b, ...b } = stored;
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}

/** Lines are handed out uncloned: freezing them makes a caller that would change one fail at once. */
function frozen(line: StoredLine): StoredLine {
  Object.freeze(line.tags);
  return Object.freeze(line);
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
