/**
 * Merchant alerts over the dev store, end to end, on SQLite and (when reachable) PostgreSQL, with a real SMTP server
 * in the test process: the same outbox and mailer as the customer messages.
 *
 * 1. At once: orders placed on the dev store fill a variant's backorder cap; the alert reaches both recipients once.
 *    More syncs, a restock that frees the cap and new orders that fill it again within the hour change nothing: one
 *    alert, one email each. Bad settings are a 400 naming the field.
 * 2. Daily digest: a cap reached, a webhook dead-lettered (its redelivery too) and a promise due in a day are recorded
 *    without email; the scheduled pass sends one digest per recipient listing all of them, and a second pass the
 *    same day sends nothing.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../http/harness.js";
import { postgresAvailable } from "../support/db.js";
import { api, expectEventually, start, variantBySku, type Stack } from "../support/shopper.js";
import { devStoreControl, eventually } from "../support/stack.js";

const pgAvailable = await postgresAvailable();

const ALL_KINDS = { cap_reached: true, promise_at_risk: true, legal_deadline: true, webhook_dead: true };

async function order(stack: Stack, variantId: string, quantity: number) {
  return devStoreControl<{ id: string }>(stack, "/orders", {
    lines: [{ variantId, quantity }],
    customer: { email: "ada@example.com" },
  });
}

async function policy(stack: Stack, variantId: string): Promise<string> {
  const res = await fetch(`${stack.devStoreUrl}/_devstore/state?shop=${stack.shop}`);
  const state = (await res.json()) as { products: { variants: { id: string; inventoryPolicy: string }[] }[] };
  return state.products.flatMap((p) => p.variants).find((v) => v.id === variantId)!.inventoryPolicy;
}

async function alerts(stack: Stack) {
  return (await api(stack, "GET", "/api/alerts")).body.alerts as {
    id: string;
    kind: string;
    resolvedAt: string | null;
    emailedAt: string | null;
    detail: Record<string, unknown>;
  }[];
}

/** Every job of the pipeline settled: webhooks, the availability sync, the outbox. */
async function settle(stack: Stack) {
  await stack.devStore.webhooksIdle();
  await stack.app.worker.drain();
  await stack.app.availabilitySync.idle();
  await stack.app.careJob.idle();
}

/** A capped rule on the jacket (1 in stock, DENY): it sells on backorder until `cap` units wait. */
async function capJacket(stack: Stack, cap: number): Promise<string> {
  const jacket = await variantBySku(stack, "SDJ-XL");
  const rule = await api(stack, "POST", "/api/rules", {
    scope: { kind: "variant", variantId: jacket },
    settings: {
      mode: "when_out_of_stock",
      cap,
      etaSource: { kind: "lead_time", minBusinessDays: 10, maxBusinessDays: 10 },
    },
  });
  expect(rule.status).toBe(201);
  await stack.app.availabilitySync.idle();
  return jacket;
}

for (const kind of ["sqlite", "postgresql"] as const) {
  describe.skipIf(kind === "postgresql" && !pgAvailable)(`merchant alerts (${kind})`, () => {
    it("a cap reached through dev-store orders is emailed at once, once per recipient, however often it repeats", async () => {
      const { stack, mailbox } = await start(kind);
      const bad = await api(stack, "PUT", "/api/alerts/settings", {
        kinds: ALL_KINDS,
        recipients: ["ops@shop.example", "not-an-address"],
        delivery: "immediate",
        digestHour: 8,
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain("alerts.recipients.1");
      const saved = await api(stack, "PUT", "/api/alerts/settings", {
        kinds: ALL_KINDS,
        recipients: ["ops@shop.example", "owner@shop.example"],
        delivery: "immediate",
        digestHour: 8,
      });
      expect(saved.status).toBe(200);

      const jacket = await capJacket(stack, 2);
      await order(stack, jacket, 1); // the one in stock
      await order(stack, jacket, 2); // two wait: the cap
      await expectEventually(async () => ({ policy: await policy(stack, jacket) }), { policy: "DENY" });

      const mail = await eventually(async () => mailbox.to("ops@shop.example")[0], 60_000);
      expect(mail.subject).toMatch(/^Waitwell alert for .+: Backorder cap reached$/);
      expect(mail.text).toContain("SDJ-XL");
      expect(mail.text).toContain("2 waiting, the cap of 2 is reached");
      expect(mail.text).toContain("#/alerts");
      await eventually(async () => mailbox.to("owner@shop.example")[0], 60_000);

      // More evaluations of the same state: nothing new.
      await stack.app.availability.onVariantsChanged(stack.shop, [jacket]);
      await settle(stack);
      // A restock frees the cap (the alert clears), two more orders fill it again within the hour: the same alert.
      await devStoreControl(stack, "/stock/receive", { variantId: jacket, quantity: 2 });
      await expectEventually(async () => ({ policy: await policy(stack, jacket) }), { policy: "CONTINUE" });
      await expectEventually(async () => ({ resolved: (await alerts(stack))[0]?.resolvedAt !== null }), {
        resolved: true,
      });
      await order(stack, jacket, 2);
      await expectEventually(async () => ({ policy: await policy(stack, jacket) }), { policy: "DENY" });
      await settle(stack);
      const listed = await alerts(stack);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ kind: "cap_reached", resolvedAt: null });
      expect(listed[0]!.emailedAt).not.toBeNull();
      expect(mailbox.to("ops@shop.example")).toHaveLength(1);
      expect(mailbox.to("owner@shop.example")).toHaveLength(1);

      // Acknowledge keeps it listed; dismiss hides it; another shop's id or a wrong action is a 4xx.
      const id = listed[0]!.id;
      expect((await api(stack, "POST", `/api/alerts/${id}/acknowledge`)).status).toBe(200);
      expect((await alerts(stack))[0]).toMatchObject({ id });
      expect((await api(stack, "POST", `/api/alerts/${id}/snooze`)).status).toBe(400);
      expect((await api(stack, "POST", `/api/alerts/nope/dismiss`)).status).toBe(404);
      expect((await api(stack, "POST", `/api/alerts/${id}/dismiss`)).status).toBe(200);
      expect(await alerts(stack)).toEqual([]);
      const all = (await api(stack, "GET", "/api/alerts?dismissed=1")).body.alerts as unknown[];
      expect(all).toHaveLength(1);
    }, 180_000);

    it("a daily digest collects a cap, a dead-lettered webhook and a promise at risk into one email", async () => {
      const { stack, mailbox } = await start(kind);
      // Hour 0: the digest is due at any hour of the shop's day.
      const saved = await api(stack, "PUT", "/api/alerts/settings", {
        kinds: ALL_KINDS,
        recipients: ["ops@shop.example"],
        delivery: "digest",
        digestHour: 0,
      });
      expect(saved.status).toBe(200);

      const jacket = await capJacket(stack, 1);
      await order(stack, jacket, 2); // one ships, one waits: the cap
      await expectEventually(async () => ({ policy: await policy(stack, jacket) }), { policy: "DENY" });

      // A promise due the next business day: at risk.
      const pack = await variantBySku(stack, "RDP-24-EMB"); // 0 in stock, CONTINUE
      const rule = await api(stack, "POST", "/api/rules", {
        scope: { kind: "variant", variantId: pack },
        settings: {
          mode: "when_out_of_stock",
          etaSource: { kind: "lead_time", minBusinessDays: 1, maxBusinessDays: 1 },
          handlingDays: 0,
        },
      });
      expect(rule.status).toBe(201);
      await stack.app.availabilitySync.idle();
      await order(stack, pack, 1);

      // A webhook whose payload cannot be processed is dead-lettered at once; Shopify's redelivery is the same row.
      const body = JSON.stringify({ id: "not-an-order" });
      const webhookId = randomUUID();
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${stack.app.url}/webhooks`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Hmac-Sha256": signWebhook(body, stack.config.shopify.apiSecret),
            "X-Shopify-Shop-Domain": stack.shop,
            "X-Shopify-API-Version": "2026-07",
            "X-Shopify-Webhook-Id": webhookId,
            "X-Shopify-Triggered-At": new Date().toISOString(),
          },
          body,
        });
        expect(res.status).toBe(200);
        await settle(stack);
      }
      await expectEventually(async () => ({ kinds: (await alerts(stack)).map((a) => a.kind).sort() }), {
        kinds: ["cap_reached", "webhook_dead"],
      });
      expect(mailbox.messages).toHaveLength(0 + mailbox.to("ada@example.com").length);

      // The scheduled pass: the promise at risk is found, and the day's digest goes out.
      await stack.app.careJob.runDeadlines();
      await stack.app.careJob.idle();
      const digest = await eventually(async () => mailbox.to("ops@shop.example")[0], 60_000);
      expect(digest.subject).toMatch(
        /^Waitwell daily alerts for .+, \d{1,2} [A-Z][a-z]{2} \d{4}: \d+ alerts$/,
      );
      expect(digest.text).toContain("Backorder cap reached (1)");
      expect(digest.text).toContain("Promises at risk (1)");
      expect(digest.text).toContain("Webhooks that failed every retry (1)");
      expect(digest.text).toContain("orders/create");
      const kinds = (await alerts(stack)).map((a) => a.kind);
      expect(kinds).toContain("promise_at_risk");
      expect(kinds.filter((k) => k === "webhook_dead")).toHaveLength(1);

      // The same day again: no second digest.
      await stack.app.careJob.runDeadlines();
      await stack.app.careJob.idle();
      expect(mailbox.to("ops@shop.example")).toHaveLength(1);
    }, 180_000);
  });
}
