/**
 * Terse builders for the backorder tests: ids are small numbers, times are minutes after 2024-01-01T00:00Z.
 * Not part of the public API.
 */
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
} from "../shared/gid.js";
import { applyDecision } from "./line-state.js";
import { decideBackorders } from "./decide.js";
import type { AllocationRules, BackorderLine, Cause, LineStatus, StockLevel } from "./types.js";

export const T0 = Date.UTC(2024, 0, 1);
export const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();
export const lineId = (n: number): LineItemGid => toGid("LineItem", String(n));
export const orderId = (n: number): OrderGid => toGid("Order", String(n));
export const itemId = (n: number): InventoryItemGid => toGid("InventoryItem", String(n));
export const locationId = (n: number): LocationGid => toGid("Location", String(n));
export const JOB: Cause = { kind: "job", ref: "test" };

export interface LineSpec {
  id: number;
  order?: number;
  minute?: number;
  qty: number;
  item?: number;
  location?: number;
  tracked?: boolean;
  tags?: string[];
  priority?: number | null;
  status?: LineStatus;
  inStock?: number;
  allocated?: number;
  partials?: number;
}

export function line(spec: LineSpec): BackorderLine {
  const order = spec.order ?? spec.id;
  return {
    lineItemId: lineId(spec.id),
    orderId: orderId(order),
    orderCreatedAt: at(spec.minute ?? order),
    variantId: toGid("ProductVariant", String(spec.item ?? 1)),
    inventoryItemId: itemId(spec.item ?? 1),
    locationId: locationId(spec.location ?? 1),
    tracked: spec.tracked ?? true,
    tags: spec.tags ?? [],
    priority: spec.priority ?? null,
    status: spec.status ?? "new",
    quantity: spec.qty,
    inStock: spec.inStock ?? 0,
    allocated: spec.allocated ?? 0,
    partialAllocations: spec.partials ?? 0,
  };
}

/** A level whose `asOf` precedes every line: `available` is then exactly the units the lines share. */
export function supply(units: number, item = 1, location = 1): StockLevel {
  return {
    inventoryItemId: itemId(item),
    locationId: locationId(location),
    available: units,
    asOf: at(-1_000_000),
  };
}

export function level(available: number, asOfMinute: number, item = 1, location = 1): StockLevel {
  return { inventoryItemId: itemId(item), locationId: locationId(location), available, asOf: at(asOfMinute) };
}

/** Decide, then store every decision as the use case would: the state the next event starts from. */
export function settle(
  lines: readonly BackorderLine[],
  stock: readonly StockLevel[],
  rules?: Partial<AllocationRules>,
): BackorderLine[] {
  const decision = decideBackorders({ stock, lines, rules });
  return lines.map((l, i) => {
    const result = applyDecision(l, decision.lines[i]!, at(10_000), JOB);
    if (!result.ok) throw result.error;
    return result.line;
  });
}
