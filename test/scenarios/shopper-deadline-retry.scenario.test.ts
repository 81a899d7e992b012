/**
 * The automatic cancel at the legal deadline (US rules) when an attempt failed (e.g. a transient refundCreate error
 * from Shopify): the action is recorded "failed" with its attempt count, and a later care pass, once the back-off has
 * passed, claims it again and cancels and refunds the waiting units, on SQLite and (when reachable) PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { api, day, firstLineQuantity, recordDeadlineCancel, slippedOrder } from "../support/shopper.js";

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`a failed deadline cancel (${kind})`, () => {
    it("is tried again by a pass after the back-off, which cancels and refunds the line", async () => {
      const { stack, placed, line, now, moveTo } = await slippedOrder(kind, "di@example.com");
      // In "ask_me" mode (the default) the pass names the deadline's day on the to-do list; the failed attempt of a
      // previous automatic pass is recorded under the key the pass uses (line and deadline day).
      moveTo(day(40));
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ toDo: 1 });
      const tasks = await api(stack, "GET", "/api/customer-care/tasks");
      const dueOn = (tasks.body.tasks as { dueOn: string }[])[0]!.dueOn;
      await api(stack, "PATCH", "/api/customer-care/settings", { law: { mode: "automatic" } });
      const key = `deadline:${line.id}:${dueOn}`;
      const failedAt = (minutesAgo: number) => new Date(now().getTime() - minutesAgo * 60_000);
      const at = { orderId: placed.id, lineItemId: line.id, key, when: failedAt(10) };
      const detail = { jurisdiction: "US", attempts: 1, transient: true, gaveUp: false, error: "503" };
      await recordDeadlineCancel(stack, at, "failed", detail);
      // Too soon after the failure: the pass waits.
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, toDo: 0 });
      await stack.app.db.customerAction.update({
        where: { shop_key: { shop: stack.shop, key } },
        data: { at: failedAt(60) },
      });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 1 });
      expect(await firstLineQuantity(stack, placed.id)).toBe(0);
      const action = await stack.app.db.customerAction.findUnique({
        where: { shop_key: { shop: stack.shop, key } },
      });
      expect(action?.status).toBe("done");
      expect(JSON.parse(action!.detail as string)).toMatchObject({ attempts: 2 });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, lines: 0 });
    }, 180_000);
  });
}
