/**
 * Group commit: calls that arrive while a write is in flight (or in the same turn of the event loop) are written
 * together by the next one, so N concurrent webhook deliveries cost one statement and one commit instead of N, and
 * none waits for more than the write before it plus its own. A failed batch is retried item by item, so one bad
 * item fails alone.
 *
 * `maxInFlight` writes may run at once (default 1): a database with several connections (PostgreSQL) takes the
 * next batch while the previous one's commit is on its way; SQLite has one writer, so one is all it can use.
 */
export function createGroupCommit<I, O>(options: {
  writeBatch: (items: I[]) => Promise<O[]>;
  writeOne: (item: I) => Promise<O>;
  /** Items per write at most (statement size); the rest go in the next write. */
  maxBatch?: number;
  /** Writes running at once at most. Default 1. */
  maxInFlight?: number;
}): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  type Waiting = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  async function write(batch: Waiting[]): Promise<void> {
    try {
      const results = await options.writeBatch(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch {
      await Promise.all(batch.map((b) => options.writeOne(b.item).then(b.resolve, b.reject)));
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void write(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (scheduled || inFlight >= maxInFlight) return;
      scheduled = true;
      // The next turn: deliveries whose bodies finished arriving in this one join the same write.
      setImmediate(() => {
        scheduled = false;
        pump();
      });
    });
}
