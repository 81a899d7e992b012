import { inQueueOrder, TERMINAL_STATUSES } from "../../domain/backorder/index.js";
import type { ShopDomain } from "../ports.js";
import type { BackorderRepository, StoredLine } from "./ports.js";

type Pool = { inventoryItemId: string; locationId: string };
type CacheRepository = Pick<BackorderRepository, "openLinesOfPools" | "openLineVersionsOfPools" | "getLines">;

export interface OpenLineCacheOptions {
  /** Lines kept at most, over every shop and pool; the pools read longest ago go first. Default 50,000. */
  maxLines?: number;
}

/**
 * The open lines of pools, kept between batches by the process that decides them (decide-batch.ts): a flash sale's
 * hot pool has hundreds of open lines, and each batch decides the pool again with all of them. Each read asks the
 * database only for the row version of each open line (openLineVersionsOfPools) and reads in full only the lines
 * that are new or whose version moved: the ones the last batch wrote, or another process. What it returns is what
 * `openLinesOfPools` returns at that moment, line for line. Without row versions (SQLite) it reads the lines.
 *
 * The lines handed out are frozen and shared between callers: they must not be changed (batch-store.ts only reads).
 */
export function createOpenLineCache(repo: CacheRepository, options: OpenLineCacheOptions = {}) {
  const maxLines = options.maxLines ?? 50_000;
  // shop and pool → line id → the line and its version; in the order last read (the oldest first).
  const pools = new Map<string, Map<string, { version: string; line: StoredLine }>>();
  let size = 0;
  const keyOf = (shop: ShopDomain, pool: Pool) =>
    `${shop}\u0000${pool.inventoryItemId}\u0000${pool.locationId}`;

  function remember(key: string, entries: Map<string, { version: string; line: StoredLine }>): void {
    size -= pools.get(key)?.size ?? 0;
    pools.delete(key);
    pools.set(key, entries);
    size += entries.size;
    for (const [oldest, kept] of pools) {
      if (size <= maxLines || oldest === key) break;
      pools.delete(oldest);
      size -= kept.size;
    }
  }

  return async function openLinesOfPools(shop: ShopDomain, wanted: Pool[]): Promise<StoredLine[]> {
    if (wanted.length === 0) return [];
    const versions = await repo.openLineVersionsOfPools(shop, wanted);
    if (!versions) return repo.openLinesOfPools(shop, wanted);
    const keys = new Map(wanted.map((p) => [`${p.inventoryItemId}\u0000${p.locationId}`, keyOf(shop, p)]));
    const known = new Map<string, { version: string; line: StoredLine }>();
    for (const key of new Set(keys.values()))
      for (const [id, entry] of pools.get(key) ?? []) known.set(id, entry);
    const stale = [...versions]
      .filter(([id, version]) => known.get(id)?.version !== version)
      .map(([id]) => id);
    const fresh = new Map<string, StoredLine>();
    for (const line of stale.length > 0 ? await repo.getLines(shop, stale) : [])
      fresh.set(line.lineItemId, line);

    const byPool = new Map<string, Map<string, { version: string; line: StoredLine }>>();
    for (const key of keys.values()) byPool.set(key, new Map());
    const lines: StoredLine[] = [];
    for (const [id, version] of versions) {
      const line = fresh.get(id);
      const entry = line ? { version, line: frozen(line) } : known.get(id);
      // A line written between the two reads is taken as read now: its version no longer matches, and the next
      // read takes it again. One that closed, left the pool or went meanwhile is not open in it.
      if (!entry || entry.version !== version || TERMINAL_STATUSES.has(entry.line.status)) continue;
      const key = keys.get(`${entry.line.inventoryItemId}\u0000${entry.line.locationId}`);
      if (!key) continue;
      byPool.get(key)!.set(id, entry);
      lines.push(entry.line);
    }
    for (const [key, entries] of byPool) remember(key, entries);
    return inQueueOrder(lines);
  };
}

function frozen(line: StoredLine): StoredLine {
  Object.freeze(line.tags);
  return Object.freeze(line);
}
