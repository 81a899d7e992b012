import { comparePlaces, queuePlace, type QueueKey, type QueuePlace } from "./queue-order.js";

interface Entry<T> {
  place: QueuePlace;
  line: T;
}

/**
 * Lines kept in first come, first served order as they come and change, one per line id: a line's place is
 * computed once when it is put (its order time parsed once), a put or a delete is a binary search, and reading the
 * queue sorts nothing. It reads as `[...lines].sort(compareFirstComeFirstServed)` would, without sorting a pool of
 * hundreds of lines for every event of a flash sale (use-cases/backorder/batch-store.ts).
 */
export class FirstComeQueue<T extends QueueKey> {
  private readonly entries: Entry<T>[] = [];
  private readonly places = new Map<string, QueuePlace>();

  get size(): number {
    return this.entries.length;
  }

  /** Adds the line, or replaces the one with its line id (at its new place if its order time changed). */
  put(line: T): void {
    const place = queuePlace(line);
    const before = this.places.get(line.lineItemId);
    if (before && comparePlaces(before, place) === 0) {
      this.entries[this.indexOf(line.lineItemId, before)] = { place, line };
      this.places.set(line.lineItemId, place);
      return;
    }
    if (before) this.delete(line.lineItemId);
    this.entries.splice(this.lowerBound(place), 0, { place, line });
    this.places.set(line.lineItemId, place);
  }

  /** put, for many lines at once (a pool read from the database): one sort rather than a splice per line. */
  putMany(lines: readonly T[]): void {
    const ids = new Set(lines.map((l) => l.lineItemId));
    if (ids.size < lines.length || lines.some((l) => this.places.has(l.lineItemId))) {
      for (const line of lines) this.put(line);
      return;
    }
    for (const line of lines) {
      const place = queuePlace(line);
      this.entries.push({ place, line });
      this.places.set(line.lineItemId, place);
    }
    this.entries.sort((a, b) => comparePlaces(a.place, b.place));
  }

  delete(lineItemId: string): boolean {
    const place = this.places.get(lineItemId);
    if (!place) return false;
    this.entries.splice(this.indexOf(lineItemId, place), 1);
    this.places.delete(lineItemId);
    return true;
  }

  /** The lines in queue order. */
  lines(): T[] {
    return this.entries.map((e) => e.line);
  }

  /**
   * The lines of several queues that `keep` accepts, with `extra` lines (not in any of them), in queue order: what
   * sorting them all together would give.
   */
  static merge<T extends QueueKey>(
    queues: readonly FirstComeQueue<T>[],
    keep: (line: T) => boolean,
    extra: readonly T[] = [],
  ): T[] {
    const entries: Entry<T>[] = [];
    for (const q of queues) for (const e of q.entries) if (keep(e.line)) entries.push(e);
    for (const line of extra) entries.push({ place: queuePlace(line), line });
    // Each queue is a sorted run: the sort only merges them (one comparison per line for a single queue).
    return entries.sort((a, b) => comparePlaces(a.place, b.place)).map((e) => e.line);
  }

  /** The first entry not before `place`. */
  private lowerBound(place: QueuePlace): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePlaces(this.entries[mid]!.place, place) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(lineItemId: string, place: QueuePlace): number {
    const at = this.lowerBound(place);
    if (this.entries[at]?.line.lineItemId === lineItemId) return at;
    // An order time that is not an instant (NaN) has no place in the order: found by walking.
    return this.entries.findIndex((e) => e.line.lineItemId === lineItemId);
  }
}
