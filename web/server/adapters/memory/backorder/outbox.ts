import type { QueuedWrite, ShopifyWriteRequest, WriteRetry } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { key, type MemoryState, type MemoryWrite } from "./state.js";

/** Queues each write once per target: a write already queued gets a new version, the higher urgency, due now. */
export function queueWrites(
  s: MemoryState,
  shop: ShopDomain,
  writes: ShopifyWriteRequest[],
  now: Date,
): void {
  for (const w of writes) {
    const k = writeKey(shop, w);
    const queued = s.writes.get(k);
    if (!queued) {
      s.writes.set(k, {
        ...w,
        shop,
        version: 1,
        dueAt: new Date(now),
        attempts: 0,
        lastError: null,
        lockedUntilMs: 0,
      });
      continue;
    }
    queued.version += 1;
    queued.urgency = Math.min(queued.urgency, w.urgency);
    if (queued.dueAt.getTime() > now.getTime()) queued.dueAt = new Date(now);
  }
}

export async function shopsWithDueWrites(s: MemoryState, now: Date): Promise<ShopDomain[]> {
  const shops = new Set<ShopDomain>();
  for (const w of s.writes.values()) if (isDue(w, now)) shops.add(w.shop);
  return [...shops].sort();
}

export async function claimWrites(
  s: MemoryState,
  shop: ShopDomain,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<QueuedWrite[]> {
  const due = [...s.writes.values()]
    .filter((w) => w.shop === shop && isDue(w, now))
    .sort(byUrgency)
    .slice(0, Math.max(1, Math.floor(limit)));
  for (const w of due) w.lockedUntilMs = now.getTime() + leaseMs;
  return due.map(publicWrite);
}

export async function finishWrites(s: MemoryState, writes: QueuedWrite[]): Promise<void> {
  for (const write of writes) {
    const k = writeKey(write.shop, write);
    const queued = s.writes.get(k);
    if (!queued) continue;
    if (queued.version === write.version) s.writes.delete(k);
    else queued.lockedUntilMs = 0;
  }
}

export async function retryWrites(s: MemoryState, retries: WriteRetry[]): Promise<void> {
  for (const { write, dueAt, error } of retries) {
    const queued = s.writes.get(writeKey(write.shop, write));
    if (!queued) continue;
    Object.assign(queued, {
      dueAt: new Date(dueAt),
      attempts: queued.attempts + 1,
      lastError: error.slice(0, 1000),
      lockedUntilMs: 0,
    });
  }
}

export async function pendingWrites(s: MemoryState, shop: ShopDomain): Promise<QueuedWrite[]> {
  return [...s.writes.values()]
    .filter((w) => w.shop === shop)
    .sort(byUrgency)
    .map(publicWrite);
}

function writeKey(shop: ShopDomain, w: { kind: string; targetId: string }): string {
  return `${key(shop, w.kind)}|${w.targetId}`;
}

function isDue(w: MemoryWrite, now: Date): boolean {
  return w.dueAt.getTime() <= now.getTime() && w.lockedUntilMs < now.getTime();
}

function publicWrite(w: MemoryWrite): QueuedWrite {
  const { lockedUntilMs: _, ...rest } = w;
  return { ...rest, dueAt: new Date(w.dueAt) };
}

function byUrgency(a: QueuedWrite, b: QueuedWrite): number {
  return (
    a.urgency - b.urgency ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0)
  );
}
