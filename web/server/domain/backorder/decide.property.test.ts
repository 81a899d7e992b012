import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareGids, gidNumericId } from "../shared/gid.js";
import { decideBackorders } from "./decide.js";
import { mayReceive, resolveAllocationRules, tagRank } from "./allocation-rules.js";
import type { AllocationRules, BackorderLine, Decision, StockLevel } from "./types.js";
import { at, level, line, settle, supply } from "./test-fixtures.js";

// ------------------------------------------------------------------ generators

interface Scenario {
  lines: BackorderLine[];
  /** True units on hand per item before any of these orders (one location). */
  onHand: Record<number, number>;
  rules: Partial<AllocationRules>;
}

const ITEMS = [1, 2];

const arbRules: fc.Arbitrary<Partial<AllocationRules>> = fc.record({
  priorityTags: fc.constantFrom([], ["VIP"], ["VIP", "wholesale"], ["wholesale", "VIP"]),
  completeLinesFirst: fc.boolean(),
  partial: fc.constantFrom("allow" as const, "never" as const),
  minPartialUnits: fc.integer({ min: 1, max: 3 }),
  maxPartialAllocations: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
});

/** Orders with a few lines each; creation minutes collide often so the id tie-break is exercised. */
const arbScenario: fc.Arbitrary<Scenario> = fc
  .record({
    orders: fc.array(
      fc.record({
        minute: fc.integer({ min: 0, max: 8 }),
        tags: fc.subarray(["VIP", "wholesale", "gift"]),
        lines: fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 4 }),
            item: fc.constantFrom(...ITEMS),
            tracked: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    onHand: fc.record({ 1: fc.integer({ min: 0, max: 12 }), 2: fc.integer({ min: 0, max: 12 }) }),
    rules: arbRules,
  })
  .map(({ orders, onHand, rules }) => {
    let nextLine = 1;
    const lines = orders.flatMap((order, o) =>
      order.lines.map((l) =>
        line({
          id: nextLine++,
          order: o + 1,
          minute: order.minute,
          qty: l.qty,
          item: l.item,
          tracked: l.tracked || nextLine % 4 !== 0,
          tags: order.tags,
        }),
      ),
    );
    return { lines, onHand, rules };
  });

const minuteOf = (l: BackorderLine) => (Date.parse(l.orderCreatedAt as string) - Date.parse(at(0))) / 60_000;

/** What the inventory mirror would hold: Shopify's available at `asOfMinute`, counting the orders created by then. */
function snapshot(s: Scenario, asOfMinute: number): StockLevel[] {
  return ITEMS.map((item) => {
    const committed = s.lines
      .filter((l) => l.tracked && itemOf(l) === item && minuteOf(l) <= asOfMinute)
      .reduce((sum, l) => sum + l.quantity, 0);
    return level((s.onHand[item] ?? 0) - committed, asOfMinute, item);
  });
}

const itemOf = (l: BackorderLine) => Number(gidNumericId(l.inventoryItemId));

/** The reference: plain first come first served, one line at a time, over every tracked line. */
function naiveFirstComeFirstServed(s: Scenario): Map<string, number> {
  const shipNow = new Map<string, number>();
  const left: Record<number, number> = { ...s.onHand };
  const ordered = [...s.lines].sort(
    (a, b) =>
      minuteOf(a) - minuteOf(b) ||
      compareGids(a.orderId, b.orderId) ||
      compareGids(a.lineItemId, b.lineItemId),
  );
  for (const l of ordered) {
    if (!l.tracked) {
      shipNow.set(l.lineItemId, l.quantity);
      continue;
    }
    const take = Math.min(l.quantity, left[itemOf(l)] ?? 0);
    left[itemOf(l)] = (left[itemOf(l)] ?? 0) - take;
    shipNow.set(l.lineItemId, take);
  }
  return shipNow;
}

const quantities = (lines: readonly BackorderLine[]) =>
  Object.fromEntries(
    lines.map((l) => [l.lineItemId, [l.inStock, l.allocated, l.quantity - l.inStock - l.allocated]]),
  );

function shuffle<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)] ?? 0, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((x) => x.item);
}

const arbKeys = fc.array(fc.integer(), { minLength: 1, maxLength: 40 });

// ------------------------------------------------------------------ properties

describe("decideBackorders: invariants", () => {
  it("is plain first come first served over a set of new orders", () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: -1, max: 10 }), (s, asOf) => {
        const decision = decideBackorders({ stock: snapshot(s, asOf), lines: s.lines, rules: s.rules });
        const expected = naiveFirstComeFirstServed(s);
        for (const d of decision.lines) {
          expect(d.inStock + d.allocated).toBe(expected.get(d.lineItemId));
        }
      }),
    );
  });

  it("ends the same whatever order the order webhooks and the inventory updates arrive in", () => {
    fc.assert(
      fc.property(
        arbScenario,
        arbKeys,
        fc.array(fc.integer({ min: -1, max: 10 }), { maxLength: 4 }),
        (s, keys, asOfs) => {
          type Arrival = { kind: "order"; line: BackorderLine } | { kind: "inventory"; asOf: number };
          const arrivals: Arrival[] = shuffle(
            [
              ...s.lines.map((l) => ({ kind: "order" as const, line: l })),
              ...asOfs.map((asOf) => ({ kind: "inventory" as const, asOf })),
            ],
            keys,
          );
          // The mirror keeps the newest level; before any update it has the level from before the sale.
          let asOf = -1;
          let known: BackorderLine[] = [];
          for (const arrival of arrivals) {
            if (arrival.kind === "inventory") asOf = Math.max(asOf, arrival.asOf);
            else known.push(arrival.line);
            known = settle(known, snapshot(s, asOf), s.rules);
          }
          const oneShot = settle(s.lines, snapshot(s, asOf), s.rules);
          expect(quantities(sortById(known))).toEqual(quantities(sortById(oneShot)));
        },
      ),
    );
  });

  it("ends plain first come first served after levels that counted a unit too many for a moment", () => {
    // One-unit lines and no rules, as in a flash sale: a level may say more is available than Shopify had once it
    // saw every order created by its asOf (it had not seen one of its own instant, or an order's time is known only
    // to the second); the last level is right. Whatever was granted meanwhile, the earliest lines end with the stock.
    const arbSale = fc.record({
      minutes: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 12 }),
      onHand: fc.integer({ min: 0, max: 8 }),
      levels: fc.array(
        fc.record({ asOf: fc.integer({ min: -1, max: 10 }), over: fc.integer({ min: 0, max: 2 }) }),
        {
          maxLength: 6,
        },
      ),
    });
    fc.assert(
      fc.property(arbSale, arbKeys, ({ minutes, onHand, levels }, keys) => {
        const s: Scenario = {
          lines: minutes.map((minute, i) => line({ id: i + 1, minute, qty: 1 })),
          onHand: { 1: onHand, 2: 0 },
          rules: {},
        };
        type Arrival =
          { kind: "order"; line: BackorderLine } | { kind: "inventory"; asOf: number; over: number };
        const arrivals: Arrival[] = shuffle(
          [
            ...s.lines.map((l) => ({ kind: "order" as const, line: l })),
            ...levels.map((l) => ({ kind: "inventory" as const, ...l })),
          ],
          keys,
        );
        let mirror = { asOf: -1, over: 0 };
        const stock = () =>
          snapshot(s, mirror.asOf).map((l) => ({ ...l, available: l.available + mirror.over }));
        let known: BackorderLine[] = [];
        for (const arrival of arrivals) {
          // The mirror keeps the newest level; an equal asOf is applied again (repository and batch store alike).
          if (arrival.kind === "inventory" && arrival.asOf >= mirror.asOf) mirror = arrival;
          else if (arrival.kind === "order") known.push(arrival.line);
          known = settle(known, stock(), s.rules);
        }
        mirror = { asOf: 10, over: 0 };
        known = settle(known, stock(), s.rules);
        const expected = naiveFirstComeFirstServed(s);
        for (const l of known)
          expect([l.lineItemId, l.inStock + l.allocated]).toEqual([l.lineItemId, expected.get(l.lineItemId)]);
      }),
    );
  });

  it("counts every unit once: shares plus leftover equal the pool's supply, no line over-served", () => {
    fc.assert(
      fc.property(arbStoredState, ({ lines, stock, rules }) => {
        const decision = decideBackorders({ stock, lines, rules });
        for (const pool of decision.pools) {
          const used = decision.lines
            .filter((d, i) => lines[i]!.tracked && lines[i]!.inventoryItemId === pool.inventoryItemId)
            .reduce((sum, d) => sum + d.inStock + d.allocated, 0);
          expect(used + pool.leftover).toBe(Math.max(0, pool.supply));
        }
        decision.lines.forEach((d, i) => {
          expect(d.inStock).toBeGreaterThanOrEqual(0);
          expect(d.allocated).toBeGreaterThanOrEqual(0);
          expect(d.waiting).toBeGreaterThanOrEqual(0);
          expect(d.inStock + d.allocated + d.waiting).toBe(lines[i]!.quantity);
          if (!lines[i]!.tracked) expect(d.waiting).toBe(0);
        });
      }),
    );
  });

  it("changes nothing when re-run on its own stored result (crash, duplicate webhook)", () => {
    fc.assert(
      fc.property(arbStoredState, ({ lines, stock, rules }) => {
        const stored = settle(lines, stock, rules);
        const again = decideBackorders({ stock, lines: stored, rules });
        expect(again.lines.filter((d) => d.changed)).toEqual([]);
        expect(again.ordersToSync).toEqual([]);
      }),
    );
  });

  it("does not depend on the order of the input lines", () => {
    fc.assert(
      fc.property(arbStoredState, arbKeys, ({ lines, stock, rules }, keys) => {
        const byId = (d: Decision) => Object.fromEntries(d.lines.map((l) => [l.lineItemId, l]));
        const a = decideBackorders({ stock, lines, rules });
        const b = decideBackorders({ stock, lines: shuffle(lines, keys), rules });
        expect(byId(b)).toEqual(byId(a));
        expect(b.ordersToSync).toEqual(a.ordersToSync);
      }),
    );
  });

  it("leaves over only stock that no waiting line may take under the rules", () => {
    fc.assert(
      fc.property(arbStoredState, ({ lines, stock, rules }) => {
        const resolved = resolveAllocationRules(rules);
        const decision = decideBackorders({ stock, lines, rules });
        for (const pool of decision.pools) {
          if (pool.leftover === 0) continue;
          decision.lines.forEach((d, i) => {
            const l = lines[i]!;
            if (!l.tracked || l.inventoryItemId !== pool.inventoryItemId || d.waiting === 0) return;
            expect(mayReceive(resolved, l, d.waiting, Math.min(d.waiting, pool.leftover))).toBe(false);
          });
        }
      }),
    );
  });

  it("never takes units from stored lines to serve orders created after them", () => {
    fc.assert(
      fc.property(arbStoredState, arbScenario, ({ lines, stock, rules }, later) => {
        const stored = settle(lines, stock, rules);
        // Renumber the later orders so they come after every stored line and after the snapshot.
        const offset = 1_000;
        const newcomers = later.lines.map((l) =>
          line({
            id: Number(gidNumericId(l.lineItemId)) + offset,
            order: Number(gidNumericId(l.orderId)) + offset,
            minute: 100 + minuteOf(l),
            qty: l.quantity,
            item: itemOf(l),
            tags: [...l.tags],
          }),
        );
        const decision = decideBackorders({ stock, lines: [...stored, ...newcomers], rules });
        stored.forEach((l, i) => {
          const d = decision.lines[i]!;
          expect(d.inStock + d.allocated).toBeGreaterThanOrEqual(l.inStock + l.allocated);
        });
      }),
    );
  });

  it("hands arriving stock out in priority order when partial grants are free", () => {
    const rules = {
      completeLinesFirst: false,
      partial: "allow" as const,
      minPartialUnits: 1,
      maxPartialAllocations: null,
    };
    fc.assert(
      fc.property(
        arbScenario,
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom([], ["VIP"], ["wholesale", "VIP"]),
        (s, restock, tags) => {
          const all = { ...rules, priorityTags: tags };
          const before = settle(s.lines, snapshot(s, 10), all);
          const stock = snapshot(
            { ...s, onHand: { 1: (s.onHand[1] ?? 0) + restock, 2: s.onHand[2] ?? 0 } },
            10,
          );
          const decision = decideBackorders({ stock, lines: before, rules: all });
          const normalised = resolveAllocationRules(all).priorityTags;
          const key = (l: BackorderLine) => [
            tagRank(l, normalised),
            minuteOf(l),
            Number(gidNumericId(l.orderId)),
            Number(gidNumericId(l.lineItemId)),
          ];
          const lexLess = (a: number[], b: number[]) => {
            for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
            return false;
          };
          decision.lines.forEach((got, i) => {
            if (got.newlyAllocated === 0) return;
            decision.lines.forEach((other, j) => {
              const a = before[i]!;
              const b = before[j]!;
              if (b.inventoryItemId !== a.inventoryItemId || !b.tracked || other.waiting === 0) return;
              // A line that still waits must come after every line that received stock.
              expect(lexLess(key(b), key(a))).toBe(false);
            });
          });
        },
      ),
    );
  });
});

/** A stored state reached by a history of orders, restocks and shrinkage, plus the stock level to decide on. */
const arbStoredState = fc
  .record({
    s: arbScenario,
    steps: fc.array(fc.record({ cut: fc.nat(), delta: fc.integer({ min: -4, max: 6 }) }), { maxLength: 4 }),
    finalDelta: fc.integer({ min: -4, max: 6 }),
  })
  .map(({ s, steps, finalDelta }) => {
    let onHand = { ...s.onHand };
    let known: BackorderLine[] = [];
    const stockFor = () => ITEMS.map((item) => supply(Math.max(0, onHand[item] ?? 0), item));
    for (const { cut, delta } of steps) {
      known = [...known, ...s.lines.slice(known.length, known.length + 1 + (cut % 3))];
      onHand = { 1: Math.max(0, (onHand[1] ?? 0) + delta), 2: onHand[2] ?? 0 };
      known = settle(known, stockFor(), s.rules);
    }
    known = [...known, ...s.lines.slice(known.length)];
    onHand = { 1: Math.max(0, (onHand[1] ?? 0) + finalDelta), 2: Math.max(0, (onHand[2] ?? 0) - 1) };
    return { lines: known, stock: stockFor(), rules: s.rules };
  });

function sortById(lines: BackorderLine[]): BackorderLine[] {
  return [...lines].sort((a, b) => compareGids(a.lineItemId, b.lineItemId));
}
