/**
 * Group commit: calls that arrive while a write is in flight (or in the same turn of the event loop) are written
 * together by the next one, so N concurrent webhook deliveries cost one statement and one commit instead of N, and
 * none waits for more than the write before it plus its own. A failed batch is retried item by item, so one bad
 * item fails alone.
 */
export function createGroupCommit<I, O>(options: {
  writeBatch: (items: I[]) => Promise<O[]>;
  writeOne: (item: I) => Promise<O>;
  /** Items per write at most (statement size); the rest go in the next write. */
  maxBatch?: number;
}): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 500;
  let queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let writing = false;

  async function writeAll(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await options.writeBatch(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch {
        await Promise.all(batch.map((b) => options.writeOne(b.item).then(b.resolve, b.reject)));
      }
    }
    writing = false;
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (writing) return;
      writing = true;
      // The next turn: deliveries whose bodies finished arriving in this one join the same write.
      setImmediate(() => void writeAll());
    });
}
