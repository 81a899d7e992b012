import { describe, expect, it } from "vitest";
import { createMemoryRepositories } from "../../web/server/adapters/memory/index.js";
import { createMemoryLogger } from "../../web/server/adapters/logger.js";
import type { ShopDomain } from "../../web/server/use-cases/ports.js";
import { createReceiveWebhook, type VerifiedDelivery } from "../../web/server/use-cases/receive-webhook.js";
import type { WebhookHandler } from "../../web/server/use-cases/webhook-handlers.js";

const SHOP = "shop-a.myshopify.com" as ShopDomain;

const handler: WebhookHandler = {
  identify: () => ({ resourceId: null, customerId: null }),
  handle: async () => {},
};

/** A receiver whose installed-shop reads answer at once, as the SQLite intake's do, counting them. */
function receiver(installed: { value: boolean }) {
  const now = new Date("2026-12-08T00:00:00Z");
  const reads = { count: 0 };
  const receive = createReceiveWebhook({
    inbox: createMemoryRepositories({ clock: { now: () => now } }).inbox,
    shops: {
      isInstalled: (shop) => {
        reads.count += 1;
        return Promise.resolve(shop === SHOP && installed.value);
      },
    },
    handlers: { "orders/create": handler },
    clock: { now: () => now },
    logger: createMemoryLogger(),
    maxAgeMs: 60_000,
    onRecorded: () => {},
  });
  let n = 0;
  const delivery = (): VerifiedDelivery => ({
    shop: SHOP,
    webhookId: `wh-${++n}`,
    eventId: null,
    topic: "orders/create",
    apiVersion: "2026-07",
    triggeredAt: null,
    rawBody: `{"id":${n}}`,
  });
  return { receive, reads, delivery };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("receiveWebhook's installed-shop lookup", () => {
  it("reads once for the deliveries of one turn, even when the read answers at once", async () => {
    const { receive, reads, delivery } = receiver({ value: true });
    // Each from a callback of its own, with the microtasks run in between, as request bodies end on a socket.
    const receipts = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<Awaited<ReturnType<typeof receive>>>((resolve, reject) =>
            setImmediate(() => receive(delivery()).then(resolve, reject)),
          ),
      ),
    );
    expect(receipts.map((r) => r.outcome)).toEqual(["accepted", "accepted", "accepted"]);
    expect(reads.count).toBe(1);
  });

  it("reads again in a later turn, so an uninstall counts from the next burst on", async () => {
    const installed = { value: true };
    const { receive, reads, delivery } = receiver(installed);
    expect((await receive(delivery())).outcome).toBe("accepted");
    await nextTurn();
    installed.value = false;
    expect((await receive(delivery())).outcome).toBe("ignored");
    expect(reads.count).toBe(2);
  });
});
