/**
 * The `both` role with the worker in a worker thread (what `npm start` runs): webhooks are acknowledged by the web
 * thread and processed by the thread, on its own connection to the same SQLite file, under the shop lock both share.
 */
import { describe, expect, it } from "vitest";
import { createThreadLockBuffer, createThreadShopLock } from "../web/server/adapters/thread-shop-lock.js";
import { devStoreControl, eventually, startTestStack } from "./support/stack.js";

describe("inbox worker in a worker thread", () => {
  it("processes what the web thread records, and drains on request", async () => {
    const stack = await startTestStack({ env: { INBOX_WORKER_THREAD: "on" } });
    try {
      const state = await (await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`)).json();
      const variant = (state as { products: { variants: { id: string; sku: string }[] }[] }).products
        .flatMap((p) => p.variants)
        .find((v) => v.sku === "TB-BOOT-09")!;
      await devStoreControl(stack, "/orders", { lines: [{ variantId: variant.id, quantity: 1 }] });
      const rows = await eventually(async () => {
        const all = await stack.app.db.webhookEvent.findMany({ where: { shop: stack.shop } });
        const created = all.filter((r) => r.topic === "orders/create");
        return created.length === 1 && all.every((r) => r.status === "PROCESSED") ? all : null;
      }, 30_000);
      expect(rows.length).toBeGreaterThan(0);
      expect(await stack.app.worker.drain()).toBe(0);
      const lines = await stack.app.db.backorderLine.findMany({ where: { shop: stack.shop } });
      expect(lines.map((l) => l.status)).toEqual(["backordered"]);
    } finally {
      await stack.close();
    }
  }, 60_000);
});

describe("thread shop lock", () => {
  it("runs the tasks of one shop one at a time across lock instances sharing a buffer", async () => {
    const buffer = createThreadLockBuffer();
    const [a, b] = [createThreadShopLock(buffer), createThreadShopLock(buffer)];
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`${name} end`);
    };
    await Promise.all([a.run("s.myshopify.com", task("a")), b.run("s.myshopify.com", task("b"))]);
    expect(log).toEqual(["a start", "a end", "b start", "b end"]);
  });

  it("lets other shops run at the same time", async () => {
    const buffer = createThreadLockBuffer();
    const [a, b] = [createThreadShopLock(buffer), createThreadShopLock(buffer)];
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`${name} end`);
    };
    // Two shops whose slots differ (checked by the order of events).
    await Promise.all([a.run("one.myshopify.com", task("a")), b.run("two.myshopify.com", task("b"))]);
    expect(log.slice(0, 2).sort()).toEqual(["a start", "b start"]);
  });
});
