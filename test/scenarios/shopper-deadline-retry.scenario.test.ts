/**
 * The automatic cancel at the legal deadline (US rules) when an attempt failed (e.g. a transient refundCreate error
 * from Shopify): the action is recorded "failed" with its attempt count, and a later care pass, once the back-off has
 * passed, claims it again and cancels and refunds the waiting units, on SQLite and (when reachable) PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { api, day, start, state, variantBySku } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";

const pgAvailable = await postgresAvailable();

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`a failed deadline cancel (${kind})`, () => {
    it("is tried again by a pass after the back-off, which cancels and refunds the line", async () => {
      let offsetMs = 0;
      const { stack, mailbox } = await start(kind, { clock: { now: () => new Date(Date.now() + offsetMs) } });
      const pack = await variantBySku(stack, "RDP-24-EMB");
      await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "supplier_feed" }, handlingDays: 1 },
      });
      await api(stack, "POST", "/api/etas/import", `sku,eta,quantity\nRDP-24-EMB,${day(7)},10\n`, "text/csv");
      await stack.app.availabilitySync.idle();
      const placed = await devStoreControl<{ id: string; lineItems: { id: string }[] }>(stack, "/orders", {
        lines: [{ variantId: pack, quantity: 1 }],
        customer: { email: "di@example.com", firstName: "Di" },
      });
      const line = placed.lineItems[0]!;
      await eventually(async () => mailbox.to("di@example.com")[0], 30_000); // confirmation, promised day 8
      const slip = `sku,eta,quantity\nRDP-24-EMB,${day(45)},10\n`;
      await api(stack, "POST", "/api/etas/import", slip, "text/csv");
      await eventually(async () => mailbox.to("di@example.com")[1], 30_000); // the first delay notice
      // In "ask_me" mode (the default) the pass names the deadline's day on the to-do list; the failed attempt of a
      // previous automatic pass is recorded under the key the pass uses (line and deadline day).
      offsetMs = Date.parse(day(40)) - Date.now();
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ toDo: 1 });
      const tasks = await api(stack, "GET", "/api/customer-care/tasks");
      const dueOn = (tasks.body.tasks as { dueOn: string }[])[0]!.dueOn;
      await api(stack, "PATCH", "/api/customer-care/settings", { law: { mode: "automatic" } });
      const key = `deadline:${line.id}:${dueOn}`;
      const failedAt = (minutesAgo: number) => new Date(Date.now() + offsetMs - minutesAgo * 60_000);
      await stack.app.db.customerAction.create({
        data: {
          shop: stack.shop,
          orderId: placed.id,
          lineItemId: line.id,
          kind: "cancel",
          key,
          status: "failed",
          detail: JSON.stringify({
            jurisdiction: "US",
            attempts: 1,
            transient: true,
            gaveUp: false,
            error: "503",
          }),
          at: failedAt(10),
        },
      });
      // Too soon after the failure: the pass waits.
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, toDo: 0 });
      await stack.app.db.customerAction.update({
        where: { shop_key: { shop: stack.shop, key } },
        data: { at: failedAt(60) },
      });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 1 });
      const order = (await state(stack)) as unknown as {
        orders: { id: string; lineItems: { id: string; currentQuantity: number }[] }[];
      };
      expect(order.orders.find((o) => o.id === placed.id)!.lineItems[0]).toMatchObject({
        currentQuantity: 0,
      });
      const action = await stack.app.db.customerAction.findUnique({
        where: { shop_key: { shop: stack.shop, key } },
      });
      expect(action?.status).toBe("done");
      expect(JSON.parse(action!.detail as string)).toMatchObject({ attempts: 2 });
      expect(await stack.app.care.runDeadlines(stack.shop)).toMatchObject({ cancelled: 0, lines: 0 });
    }, 180_000);
  });
}
