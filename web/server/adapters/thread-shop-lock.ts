/**
 * The shop lock across the threads of one process (SQLite: the web thread and the inbox worker's thread each have
 * their own connection to the same file, and both run engine steps). Shops hash onto the slots of a
 * SharedArrayBuffer; a slot holds 0 when free, or the id of the thread holding it (+1). Within a thread, tasks first
 * queue behind their shop's earlier tasks (the keyed lock), so each thread contends for a slot with at most one task
 * per shop. Two shops on one slot merely wait for each other. A thread that exits while holding slots is released by
 * `releaseThread` (the parent calls it on the worker's `exit`).
 * https://nodejs.org/docs/latest-v20.x/api/worker_threads.html, Atomics.waitAsync (ECMAScript 2024)
 */
import { createHash } from "node:crypto";
import { threadId } from "node:worker_threads";
import { createKeyedLock } from "../use-cases/backorder/keyed-lock.js";
import type { ShopLock } from "../use-cases/backorder/ports.js";

export const THREAD_LOCK_SLOTS = 256;

export function createThreadLockBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(THREAD_LOCK_SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

export function createThreadShopLock(buffer: SharedArrayBuffer): ShopLock {
  const slots = new Int32Array(buffer);
  const local = createKeyedLock();
  const me = threadId + 1;

  async function acquire(slot: number): Promise<void> {
    for (;;) {
      const holder = Atomics.compareExchange(slots, slot, 0, me);
      if (holder === 0) return;
      // Wakes on notify, or re-checks after 100 ms in case a notify fell between the exchange and the wait.
      const wait = waitAsync(slots, slot, holder, 100);
      if (wait.async) await wait.value;
    }
  }

  return {
    run(shop, task) {
      return local.run(shop, async () => {
        const slot = slotOf(shop);
        await acquire(slot);
        try {
          return await task();
        } finally {
          Atomics.store(slots, slot, 0);
          Atomics.notify(slots, slot);
        }
      });
    },
  };
}

/** Frees every slot a (dead) thread still holds. */
export function releaseThread(buffer: SharedArrayBuffer, deadThreadId: number): void {
  const slots = new Int32Array(buffer);
  for (let slot = 0; slot < slots.length; slot++) {
    if (Atomics.compareExchange(slots, slot, deadThreadId + 1, 0) === deadThreadId + 1)
      Atomics.notify(slots, slot);
  }
}

/** Atomics.waitAsync (V8, Node ≥ 16) is in TypeScript's ES2024 lib; this project compiles against ES2023. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

function slotOf(shop: string): number {
  return createHash("sha1").update(shop).digest().readUInt32BE(0) % THREAD_LOCK_SLOTS;
}
