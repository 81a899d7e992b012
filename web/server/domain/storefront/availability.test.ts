import { describe, expect, it } from "vitest";
import { parseCalendarDate, type Eta } from "../eta/index.js";
import type { BackorderMode, PolicyDecision } from "../selling-rules/index.js";
import { toGid } from "../shared/gid.js";
import type { CatalogVariant, Substitute } from "../substitution/index.js";
import {
  buildAvailability,
  parseAvailability,
  type AvailabilityInput,
  type AvailabilityState,
} from "./availability.js";

const d = parseCalendarDate;
const ETA: Eta = { kind: "range", from: d("2026-12-03"), to: d("2026-12-05"), source: "incoming" };

const CONTINUE: PolicyDecision = {
  policy: "CONTINUE",
  reason: "backorder_open",
  capacity: 12,
  waitingUnits: 8,
};
const DENY: PolicyDecision = { policy: "DENY", reason: "cap_reached", capacity: 0, waitingUnits: 20 };
const UNTRACKED: PolicyDecision = { policy: null, reason: "untracked", capacity: null, waitingUnits: 0 };

const MUG: CatalogVariant = {
  variantId: toGid("ProductVariant", "1"),
  productId: toGid("Product", "7"),
  productTitle: "Stoneware mug",
  variantTitle: "Default Title",
  handle: "stoneware-mug",
  productType: "Mug",
  vendor: "Acme",
  tags: [],
  collectionIds: [],
  options: [],
  price: "12.00",
  tracked: true,
  available: 4,
  inventoryPolicy: "DENY",
};
const SUBSTITUTES: Substitute[] = [{ variant: MUG, reason: "same_product", inStock: true }];

function input(
  mode: BackorderMode,
  tracked: boolean,
  available: number,
  decision: PolicyDecision,
): AvailabilityInput {
  return { mode, stock: { tracked, available }, decision, eta: ETA, substitutes: SUBSTITUTES };
}

describe("buildAvailability", () => {
  it("builds exactly the v1 contract the extensions read", () => {
    expect(buildAvailability(input("when_out_of_stock", true, -8, CONTINUE))).toStrictEqual({
      v: 1,
      state: "backorder",
      eta: { from: "2026-12-03", to: "2026-12-05", source: "incoming" },
      capacity: 12,
      substitutes: [
        {
          variantId: "gid://shopify/ProductVariant/1",
          productTitle: "Stoneware mug",
          variantTitle: "",
          url: "/products/stoneware-mug?variant=1",
          price: "12.00",
          reason: "same_product",
        },
      ],
    });
  });

  it.each<[string, AvailabilityInput, AvailabilityState, boolean]>([
    ["out of stock, backorders open", input("when_out_of_stock", true, 0, CONTINUE), "backorder", true],
    [
      "in stock, backorders armed: no date shown",
      input("when_out_of_stock", true, 3, CONTINUE),
      "in_stock",
      false,
    ],
    [
      "mode always with stock: every sale is a backorder",
      input("always", true, 3, CONTINUE),
      "backorder",
      true,
    ],
    [
      "mode always, cap reached, stock on hand: Shopify sells the stock",
      input("always", true, 3, DENY),
      "in_stock",
      false,
    ],
    ["nothing on hand, backorders closed", input("when_out_of_stock", true, -20, DENY), "sold_out", false],
    [
      "untracked inventory never runs out",
      input("when_out_of_stock", false, -5, UNTRACKED),
      "in_stock",
      false,
    ],
  ])("%s", (_name, given, state, hasEta) => {
    const payload = buildAvailability(given);
    expect(payload.state).toBe(state);
    expect(payload.eta !== null).toBe(hasEta);
    expect(payload.capacity).toBe(given.decision.capacity);
    expect(payload.substitutes.length).toBe(state === "in_stock" ? 0 : 1);
  });

  it("an exact day has from === to; an unknown ETA is null", () => {
    const exact = buildAvailability({
      ...input("always", true, 0, CONTINUE),
      eta: { kind: "date", date: d("2026-12-03"), source: "fixed" },
    });
    expect(exact.eta).toEqual({ from: "2026-12-03", to: "2026-12-03", source: "fixed" });
    const unknown = buildAvailability({
      ...input("always", true, 0, CONTINUE),
      eta: { kind: "unknown", reason: "no_schedule" },
    });
    expect(unknown.eta).toBeNull();
  });

  it("escapes handles in substitute URLs and keeps real variant titles", () => {
    const payload = buildAvailability({
      ...input("always", true, 0, CONTINUE),
      substitutes: [
        {
          variant: { ...MUG, handle: "tasse-café", variantTitle: "Blue / M" },
          reason: "merchant_pick",
          inStock: true,
        },
      ],
    });
    expect(payload.substitutes[0]).toMatchObject({
      url: "/products/tasse-caf%C3%A9?variant=1",
      variantTitle: "Blue / M",
    });
  });
});

describe("parseAvailability", () => {
  const valid = buildAvailability(input("when_out_of_stock", true, -8, CONTINUE));

  it("reads back what was built, from the JSON text or the object", () => {
    expect(parseAvailability(JSON.stringify(valid))).toEqual(valid);
    expect(parseAvailability(valid)).toEqual(valid);
  });

  it.each<[string, unknown]>([
    ["not JSON", "{"],
    ["another version", { ...valid, v: 2 }],
    ["an extra key", { ...valid, extra: true }],
    ["a missing key", { v: 1, state: "in_stock", eta: null, capacity: null }],
    ["an unknown state", { ...valid, state: "preorder" }],
    ["a negative capacity", { ...valid, capacity: -1 }],
    ["a fractional capacity", { ...valid, capacity: 1.5 }],
    [
      "an ETA ending before it starts",
      { ...valid, eta: { from: "2026-12-05", to: "2026-12-03", source: "incoming" } },
    ],
    [
      "an ETA with a time",
      { ...valid, eta: { from: "2026-12-03T00:00:00Z", to: "2026-12-05", source: "incoming" } },
    ],
    ["an unknown ETA source", { ...valid, eta: { from: "2026-12-03", to: "2026-12-05", source: "guess" } }],
    ["a numeric variant id", { ...valid, substitutes: [{ ...valid.substitutes[0], variantId: 1 }] }],
    ["an unknown reason", { ...valid, substitutes: [{ ...valid.substitutes[0], reason: "random" }] }],
    ["null", null],
  ])("rejects %s", (_name, value) => {
    expect(parseAvailability(value)).toBeNull();
  });
});
