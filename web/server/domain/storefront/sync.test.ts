import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import { toGid, type ProductVariantGid } from "../shared/gid.js";
import type { AvailabilityPayload } from "./availability.js";
import {
  METAFIELDS_SET_LIMIT,
  availabilityNeedsWrite,
  batch,
  planAvailabilityWrites,
  serializeAvailability,
  stableStringify,
} from "./sync.js";

const vid = (n: number): ProductVariantGid => toGid("ProductVariant", String(n));

const BACKORDER: AvailabilityPayload = {
  v: 1,
  state: "backorder",
  eta: { from: "2026-12-03", to: "2026-12-05", source: "incoming" } as AvailabilityPayload["eta"],
  capacity: 12,
  substitutes: [],
};

describe("stableStringify", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("keeps a __proto__ key from parsed JSON as data", () => {
    expect(stableStringify(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it("drops undefined properties like JSON.stringify, and refuses numbers JSON cannot carry", () => {
    expect(stableStringify({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => stableStringify({ a: Number.NaN })).toThrow(InvalidValueError);
  });

  it("property: the same content in any key order gives the same text, and parses back to it", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = stableStringify(value);
        const reordered = JSON.parse(
          JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? reverseKeys(v) : v)),
        );
        expect(stableStringify(reordered)).toBe(text);
        expect(stableStringify(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe("availabilityNeedsWrite", () => {
  it.each<[string, unknown, boolean]>([
    ["never written", null, true],
    ["the same value as written", serializeAvailability(BACKORDER), false],
    [
      "the same content pretty-printed by Shopify in another key order",
      JSON.stringify(reverseKeys({ ...BACKORDER }), null, 2),
      false,
    ],
    ["the same content as an object", { ...BACKORDER }, false],
    ["capacity moved", serializeAvailability({ ...BACKORDER, capacity: 11 }), true],
    ["the ETA moved", serializeAvailability({ ...BACKORDER, eta: null }), true],
    ["unreadable", "{oops", true],
  ])("%s → %s", (_name, previous, expected) => {
    expect(availabilityNeedsWrite(previous, BACKORDER)).toBe(expected);
  });
});

describe("planAvailabilityWrites", () => {
  it("writes only what changed, 25 per metafieldsSet call, in input order", () => {
    const updates = Array.from({ length: 70 }, (_, i) => ({
      variantId: vid(i + 1),
      // every 7th variant already shows the right value
      previous: i % 7 === 0 ? serializeAvailability(BACKORDER) : null,
      next: BACKORDER,
    }));
    const calls = planAvailabilityWrites(updates);
    expect(calls.map((c) => c.length)).toEqual([25, 25, 10]);
    const owners = calls.flat().map((w) => w.ownerId);
    expect(owners).toEqual(updates.filter((_, i) => i % 7 !== 0).map((u) => u.variantId));
    expect(calls[0]?.[0]).toEqual({
      ownerId: vid(2),
      namespace: "$app",
      key: "availability",
      type: "json",
      value: serializeAvailability(BACKORDER),
    });
  });

  it("nothing changed: no call", () => {
    expect(
      planAvailabilityWrites([
        { variantId: vid(1), previous: serializeAvailability(BACKORDER), next: BACKORDER },
      ]),
    ).toEqual([]);
  });

  it("refuses a variant listed twice", () => {
    const update = { variantId: vid(1), previous: null, next: BACKORDER };
    expect(() => planAvailabilityWrites([update, update])).toThrow(InvalidValueError);
  });
});

describe("batch", () => {
  it("rejects a size below 1", () => {
    expect(() => batch([1], 0)).toThrow(InvalidValueError);
  });

  it("property: batches are full except the last, never over the limit, and concatenate back to the input", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (items, size) => {
        const batches = batch(items, size);
        expect(batches.flat()).toEqual(items);
        batches.forEach((b, i) => {
          expect(b.length).toBeGreaterThan(0);
          expect(b.length).toBeLessThanOrEqual(size);
          if (i < batches.length - 1) expect(b.length).toBe(size);
        });
        expect(batch(items).every((b) => b.length <= METAFIELDS_SET_LIMIT)).toBe(true);
      }),
    );
  });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function reverseKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).reverse());
}
