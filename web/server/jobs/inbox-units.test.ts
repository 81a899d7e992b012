import { describe, expect, it } from "vitest";
import type { InboxEvent, ShopDomain } from "../use-cases/ports.js";
import { supersede } from "./inbox-units.js";

const A: ShopDomain = "shop-a.myshopify.com";
const B: ShopDomain = "shop-b.myshopify.com";
const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

/** A row: id, shop, topic, resource, and Shopify's trigger time in seconds after T0 (null: none sent). */
function row(
  id: string,
  shop: ShopDomain,
  topic: string,
  resourceId: string | null,
  at: number | null,
): InboxEvent {
  return {
    id,
    shop,
    webhookId: `wh-${id}`,
    eventId: null,
    topic,
    apiVersion: "2026-07",
    triggeredAt: at === null ? null : new Date(T0 + at * 1000),
    receivedAt: new Date(T0 + 60_000 + Number(id.replace(/\D/g, "")) * 1000),
    payload: "{}",
    resourceId,
    customerId: null,
    status: "PROCESSING",
    attempts: 1,
    nextAttemptAt: new Date(T0),
    lockedUntil: null,
    leaseToken: null,
    lastError: null,
    processedAt: null,
  } as InboxEvent;
}

const P = "products/update";
const O = "orders/create";
const isSnapshot = (e: InboxEvent) => e.topic === P;

describe("supersede", () => {
  it.each<[string, InboxEvent[], string[], [string, string][]]>([
    ["nothing to merge", [row("1", A, O, "o1", 1), row("2", A, P, "p1", 2)], ["1", "2"], []],
    [
      "the newest of one product, in the place of the last claimed",
      [row("1", A, P, "p1", 1), row("2", A, O, "o1", 2), row("3", A, P, "p1", 3), row("4", A, O, "o2", 4)],
      ["2", "3", "4"],
      [["1", "3"]],
    ],
    [
      "a reordered delivery: the newer state claimed first still wins, placed last",
      [row("1", A, P, "p1", 5), row("2", A, O, "o1", 2), row("3", A, P, "p1", 3)],
      ["2", "1"],
      [["3", "1"]],
    ],
    [
      "equal trigger times: the later claimed wins",
      [row("1", A, P, "p1", 3), row("2", A, P, "p1", 3)],
      ["2"],
      [["1", "2"]],
    ],
    [
      "no trigger time: the time received decides",
      [row("1", A, P, "p1", null), row("2", A, P, "p1", null)],
      ["2"],
      [["1", "2"]],
    ],
    [
      "other products, shops and topics are not merged",
      [row("1", A, P, "p1", 1), row("2", A, P, "p2", 2), row("3", B, P, "p1", 3), row("4", A, O, "p1", 4)],
      ["1", "2", "3", "4"],
      [],
    ],
    [
      "a row of the shop without a resource is a barrier",
      [row("1", A, P, "p1", 1), row("2", A, "shop/redact", null, 2), row("3", A, P, "p1", 3)],
      ["1", "2", "3"],
      [],
    ],
    [
      "another shop's row without a resource is not",
      [row("1", A, P, "p1", 1), row("2", B, "app/uninstalled", null, 2), row("3", A, P, "p1", 3)],
      ["2", "3"],
      [["1", "3"]],
    ],
  ])("%s", (_, events, kept, superseded) => {
    const result = supersede(events, isSnapshot);
    expect(result.kept.map((e) => e.id)).toEqual(kept);
    expect(result.superseded.map(({ event, by }) => [event.id, by.id])).toEqual(superseded);
    // Every row is either kept or superseded, exactly once.
    expect([...result.kept, ...result.superseded.map((s) => s.event)].map((e) => e.id).sort()).toEqual(
      events.map((e) => e.id).sort(),
    );
  });
});
