import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../shared/errors.js";
import { planPolicyUpdates, type CurrentPolicy, type DesiredPolicy, type PolicyPlan } from "./policy-diff.js";
import { productId, variantId } from "./test-fixtures.js";
import type { InventoryPolicy } from "./types.js";

const cur = (product: number, variant: number, policy: InventoryPolicy): CurrentPolicy => ({
  productId: productId(product),
  variantId: variantId(variant),
  policy,
});
const want = (variant: number, policy: InventoryPolicy | null): DesiredPolicy => ({
  variantId: variantId(variant),
  policy,
});

const CURRENT = [
  cur(1, 11, "DENY"),
  cur(1, 12, "DENY"),
  cur(2, 21, "CONTINUE"),
  cur(10, 101, "DENY"),
  cur(9, 91, "DENY"),
];

describe("planPolicyUpdates", () => {
  it.each<[string, DesiredPolicy[], PolicyPlan]>([
    [
      "nothing changes: no call at all",
      [want(11, "DENY"), want(21, "CONTINUE")],
      { updates: [], unknownVariants: [] },
    ],
    [
      "two variants of one product: one call",
      [want(12, "CONTINUE"), want(11, "CONTINUE"), want(21, "CONTINUE")],
      {
        updates: [
          {
            productId: productId(1),
            variants: [
              { id: variantId(11), inventoryPolicy: "CONTINUE" },
              { id: variantId(12), inventoryPolicy: "CONTINUE" },
            ],
          },
        ],
        unknownVariants: [],
      },
    ],
    [
      "products in numeric GID order (9 before 10)",
      [want(101, "CONTINUE"), want(91, "CONTINUE"), want(21, "DENY")],
      {
        updates: [
          { productId: productId(2), variants: [{ id: variantId(21), inventoryPolicy: "DENY" }] },
          { productId: productId(9), variants: [{ id: variantId(91), inventoryPolicy: "CONTINUE" }] },
          { productId: productId(10), variants: [{ id: variantId(101), inventoryPolicy: "CONTINUE" }] },
        ],
        unknownVariants: [],
      },
    ],
    ["null means leave alone", [want(11, null), want(21, null)], { updates: [], unknownVariants: [] }],
    [
      "a variant the mirror does not know is reported, not written",
      [want(999, "CONTINUE"), want(11, "CONTINUE")],
      {
        updates: [
          { productId: productId(1), variants: [{ id: variantId(11), inventoryPolicy: "CONTINUE" }] },
        ],
        unknownVariants: [variantId(999)],
      },
    ],
    [
      "the same wish twice is one write",
      [want(11, "CONTINUE"), want(11, "CONTINUE")],
      {
        updates: [
          { productId: productId(1), variants: [{ id: variantId(11), inventoryPolicy: "CONTINUE" }] },
        ],
        unknownVariants: [],
      },
    ],
  ])("%s", (_name, desired, expected) => {
    expect(planPolicyUpdates(CURRENT, desired)).toEqual(expected);
  });

  it("refuses contradictory wishes for one variant", () => {
    expect(() => planPolicyUpdates(CURRENT, [want(11, "CONTINUE"), want(11, "DENY")])).toThrow(
      InvalidValueError,
    );
  });

  it("properties: applying the plan reaches the desired state, each product once, and planning again is empty", () => {
    const arbPolicy = fc.constantFrom<InventoryPolicy>("CONTINUE", "DENY");
    const arbWorld = fc
      .uniqueArray(
        fc.record({
          variant: fc.integer({ min: 1, max: 60 }),
          product: fc.integer({ min: 1, max: 8 }),
          policy: arbPolicy,
        }),
        {
          selector: (v) => v.variant,
          maxLength: 30,
        },
      )
      .chain((variants) =>
        fc.tuple(
          fc.constant(variants.map((v) => cur(v.product, v.variant, v.policy))),
          fc.array(
            fc.record({
              variant: fc.integer({ min: 1, max: 70 }),
              policy: fc.option(arbPolicy, { nil: null }),
            }),
            {
              maxLength: 30,
            },
          ),
        ),
      )
      .map(([current, wishes]) => {
        const desired = new Map<number, InventoryPolicy | null>();
        for (const w of wishes) if (!desired.has(w.variant)) desired.set(w.variant, w.policy);
        return { current, desired: [...desired].map(([v, p]) => want(v, p)) };
      });

    fc.assert(
      fc.property(arbWorld, ({ current, desired }) => {
        const plan = planPolicyUpdates(current, desired);
        const products = plan.updates.map((u) => u.productId);
        expect(new Set(products).size).toBe(products.length);

        const after = new Map(current.map((c) => [c.variantId, { ...c }]));
        for (const update of plan.updates) {
          expect(update.variants.length).toBeGreaterThan(0);
          for (const v of update.variants) {
            const entry = after.get(v.id);
            expect(entry?.productId).toBe(update.productId);
            expect(entry?.policy).not.toBe(v.inventoryPolicy);
            if (entry) entry.policy = v.inventoryPolicy;
          }
        }
        for (const wish of desired) {
          const entry = after.get(wish.variantId);
          if (wish.policy !== null && entry) expect(entry.policy).toBe(wish.policy);
          if (wish.policy !== null && !entry) expect(plan.unknownVariants).toContain(wish.variantId);
        }
        expect(planPolicyUpdates([...after.values()], desired).updates).toEqual([]);
      }),
    );
  });
});
