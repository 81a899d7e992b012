import { describe, expect, it } from "vitest";
import type { LineFilter, StoredLine } from "../../../web/server/use-cases/backorder/ports.js";
import { engineWaitingLines } from "../../../web/server/use-cases/promises/waiting-lines.js";

const line = (n: number, variant: number, quantity: number, inStock: number, allocated: number) =>
  ({
    lineItemId: `gid://shopify/LineItem/${n}`,
    orderId: `gid://shopify/Order/${n}`,
    orderCreatedAt: "2026-11-20T10:00:00Z",
    variantId: `gid://shopify/ProductVariant/${variant}`,
    priority: n === 3 ? 1 : null,
    status: "backordered",
    quantity,
    inStock,
    allocated,
  }) as unknown as StoredLine;

describe("engineWaitingLines", () => {
  it("pages through the engine's waiting lines of each variant and counts only units still waiting", async () => {
    const stored = [line(1, 11, 5, 1, 1), line(2, 11, 2, 0, 2), line(3, 11, 4, 0, 0), line(4, 12, 1, 0, 0)];
    const calls: LineFilter[] = [];
    const source = engineWaitingLines({
      async listLines(_shop, filter) {
        calls.push(filter);
        const mine = stored.filter((l) => l.variantId === filter.variantId);
        const start = Number(filter.cursor ?? 0);
        return {
          lines: mine.slice(start, start + 2),
          nextCursor: start + 2 < mine.length ? String(start + 2) : null,
        };
      },
    });
    const lines = await source.waitingLines("shop-a.myshopify.com", ["gid://shopify/ProductVariant/11"]);
    expect(lines).toEqual([
      expect.objectContaining({ lineItemId: "gid://shopify/LineItem/1", waiting: 3 }),
      expect.objectContaining({ lineItemId: "gid://shopify/LineItem/3", waiting: 4, priority: 1 }),
    ]);
    expect(lines[0]?.orderCreatedAt).toEqual(new Date("2026-11-20T10:00:00Z"));
    expect(calls.map((c) => [c.variantId, c.status, c.cursor])).toEqual([
      ["gid://shopify/ProductVariant/11", ["backordered", "partially_allocated"], undefined],
      ["gid://shopify/ProductVariant/11", ["backordered", "partially_allocated"], "2"],
    ]);
  });
});
