import type { KeyedLock } from "./ports.js";

/**
 * The shop lock of one process: tasks of one shop run one after another, in call order; a failure does not block
 * the next task. Enough on SQLite (one process by design); the PostgreSQL lock queues on it before it takes a
 * connection.
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const run = previous.then(task, task);
      const tail = run.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return run;
    },
  };
}
