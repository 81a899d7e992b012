import { describe, expect, it } from "vitest";
import { createGroupCommit } from "./group-commit.js";

describe("group commit", () => {
  it("writes calls that arrive together in one batch, and later ones in the next", async () => {
    const batches: number[][] = [];
    const write = createGroupCommit<number, string>({
      writeBatch: async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        return items.map((i) => `ok ${i}`);
      },
      writeOne: async () => {
        throw new Error("not used");
      },
    });
    const first = [1, 2, 3].map(write);
    await new Promise((r) => setImmediate(r));
    const second = [4, 5].map(write); // arrive while the first batch is being written
    expect(await Promise.all([...first, ...second])).toEqual(["ok 1", "ok 2", "ok 3", "ok 4", "ok 5"]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("splits at maxBatch", async () => {
    const sizes: number[] = [];
    const write = createGroupCommit<number, number>({
      writeBatch: async (items) => (sizes.push(items.length), items),
      writeOne: async (i) => i,
      maxBatch: 2,
    });
    expect(await Promise.all([1, 2, 3, 4, 5].map(write))).toEqual([1, 2, 3, 4, 5]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("retries a failed batch item by item, so only the bad item fails", async () => {
    const write = createGroupCommit<number, number>({
      writeBatch: async () => {
        throw new Error("batch refused");
      },
      writeOne: async (i) => {
        if (i === 2) throw new Error("bad item");
        return i * 10;
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map(write));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[0] as PromiseFulfilledResult<number>).value).toBe(10);
  });
});

describe("group commit with several writes in flight", () => {
  it("starts the next batch while one is being written, never more than maxInFlight at once", async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const write = createGroupCommit<number, number>({
      writeBatch: async (items) => {
        batches.push(items);
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return items;
      },
      writeOne: async (i) => i,
      maxInFlight: 2,
    });
    const first = [1, 2].map(write);
    await new Promise((r) => setImmediate(r));
    const second = [3].map(write); // the first batch is in flight: this one goes at once
    await new Promise((r) => setImmediate(r));
    const third = [4, 5].map(write); // two in flight: these wait for one to finish, then go together
    expect(await Promise.all([...first, ...second, ...third])).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3], [4, 5]]);
    expect(most).toBe(2);
  });
});
