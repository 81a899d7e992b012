import { FirstComeQueue, TERMINAL_STATUSES } from "../../domain/backorder/index.js";
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
  // shop and pool → its open lines (with their versions) and their queue; in the order last read (the oldest first).
  const pools = new Map<string, Kept>();
  let size = 0;
  const poolKey = (line: Pool) => `${line.inventoryItemId}\u0000${line.locationId}`;

  function remember(key: string, kept: Kept): void {
    pools.delete(key);
    pools.set(key, kept);
    for (const [oldest, other] of pools) {
      if (size <= maxLines || oldest === key) break;
      pools.delete(oldest);
      size -= other.versions.size;
    }
  }

  return async function openLinesOfPools(shop: ShopDomain, wanted: Pool[]): Promise<StoredLine[]> {
    if (wanted.length === 0) return [];
    const versions = await repo.openLineVersionsOfPools(shop, wanted);
    if (!versions) return repo.openLinesOfPools(shop, wanted);
    // pool → its cache key; each pool's kept lines, new and empty for a pool not read before.
    const keys = new Map(wanted.map((p) => [poolKey(p), `${shop}\u0000${poolKey(p)}`]));
    const kept = new Map<string, Kept>();
    for (const key of new Set(keys.values()))
      kept.set(key, pools.get(key) ?? { versions: new Map(), queue: new FirstComeQueue() });
    // Lines written since (another version) or no longer open in the pool leave it; the rest stay as they are.
    const unchanged = new Set<string>();
    for (const pool of kept.values()) {
      for (const [id, version] of pool.versions) {
        if (versions.get(id) === version) unchanged.add(id);
        else {
          pool.versions.delete(id);
          pool.queue.delete(id);
          size--;
        }
      }
    }
    const stale = [...versions.keys()].filter((id) => !unchanged.has(id));
    for (const line of stale.length > 0 ? await repo.getLines(shop, stale) : []) {
      const key = keys.get(poolKey(line));
      // A line that closed or left the pool between the two reads is not open in it; one written between them is
      // kept under the version read first, so the next read takes it again.
      if (!key || TERMINAL_STATUSES.has(line.status) || !versions.has(line.lineItemId)) continue;
      const pool = kept.get(key)!;
      pool.versions.set(line.lineItemId, versions.get(line.lineItemId)!);
      pool.queue.put(frozen(line));
      size++;
    }
    for (const [key, pool] of kept) remember(key, pool);
    // Each queue is in order already: the merge only interleaves them.
    return FirstComeQueue.merge(
      [...kept.values()].map((p) => p.queue),
      () => true,
    );
  };
}

interface Kept {
  /** line id → the version its line was read at */
  versions: Map<string, string>;
  queue: FirstComeQueue<StoredLine>;
}

function frozen(line: StoredLine): StoredLine {
  Object.freeze(line.tags);
  return Object.freeze(line);
}
