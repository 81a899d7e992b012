import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { InventoryLevelRecord, LineItemRecord, VariantRecord } from "./types.js";

export interface Demand {
  variant: VariantRecord;
  quantity: number;
}

/** Which location each unit of each line ships from: `[lineIndex, locationId, quantity]` triples. */
type Allocation = { lineIndex: number; locationId: number; quantity: number }[];

function levelAt(s: ShopState, variant: VariantRecord, locationId: number): InventoryLevelRecord | undefined {
  return s.itemOf(variant).levels.get(locationId);
}

/**
 * A simplified version of Shopify's order routing: ship everything from the first location (in location order)
 * that has every line in stock; otherwise route each line to the first location that has it in stock, splitting a
 * line over locations when none has all of it, and oversold units (CONTINUE) to the first location that stocks it.
 */
export function routeLines(s: ShopState, lines: Demand[], fixedLocationId: number | null): Allocation {
  if (fixedLocationId !== null)
    return lines.map((_, lineIndex) => ({
      lineIndex,
      locationId: fixedLocationId,
      quantity: lines[lineIndex]!.quantity,
    }));
  const all = (locationId: number): Allocation =>
    lines.map((d, lineIndex) => ({ lineIndex, locationId, quantity: d.quantity }));
  const needs = new Map<number, Demand>();
  for (const d of lines) {
    if (!s.itemOf(d.variant).tracked) continue;
    needs.set(d.variant.id, {
      variant: d.variant,
      quantity: (needs.get(d.variant.id)?.quantity ?? 0) + d.quantity,
    });
  }
  // Untracked lines ship from wherever the tracked ones do.
  if (needs.size === 0) return all(s.primaryLocation().id);
  for (const loc of s.locationList) {
    const fits = [...needs.values()].every(
      (d) => (levelAt(s, d.variant, loc.id)?.quantities.available ?? -Infinity) >= d.quantity,
    );
    if (fits) return all(loc.id);
  }
  const allocation: Allocation = [];
  lines.forEach((d, lineIndex) => {
    const item = s.itemOf(d.variant);
    const levels = [...item.levels.values()];
    const whole = levels.find((l) => l.quantities.available >= d.quantity);
    if (whole) {
      allocation.push({ lineIndex, locationId: whole.locationId, quantity: d.quantity });
      return;
    }
    let left = d.quantity;
    for (const level of levels) {
      if (left === 0) break;
      const take = Math.min(left, Math.max(0, level.quantities.available));
      if (take > 0) {
        allocation.push({ lineIndex, locationId: level.locationId, quantity: take });
        left -= take;
      }
    }
    if (left > 0) {
      const first = levels[0]?.locationId ?? s.primaryLocation().id;
      const existing = allocation.find((a) => a.lineIndex === lineIndex && a.locationId === first);
      if (existing) existing.quantity += left;
      else allocation.push({ lineIndex, locationId: first, quantity: left });
    }
  });
  return allocation;
}

/** DENY refuses what exceeds available over all locations; CONTINUE and untracked variants always sell. */
export function denyShortfalls(s: ShopState, demands: Iterable<Demand>): string[] {
  const perVariant = new Map<number, Demand>();
  for (const d of demands) {
    const prev = perVariant.get(d.variant.id);
    perVariant.set(d.variant.id, { variant: d.variant, quantity: (prev?.quantity ?? 0) + d.quantity });
  }
  const problems: string[] = [];
  for (const { variant, quantity } of perVariant.values()) {
    if (variant.inventoryPolicy !== "DENY" || !s.itemOf(variant).tracked) continue;
    const available = s.inventoryQuantity(variant);
    if (quantity > available) {
      const product = s.products.get(variant.productId)!;
      problems.push(
        `${product.title} - ${variant.title}${variant.sku ? ` (${variant.sku})` : ""}: ${quantity} requested, ` +
          `${Math.max(0, available)} available, and its inventory policy is DENY`,
      );
    }
  }
  return problems;
}

/** Moves units of a line from available to committed at a location (the effect of selling them). */
export function commitUnits(
  s: ShopState,
  tx: Tx,
  variant: VariantRecord,
  locationId: number,
  quantity: number,
): void {
  const item = s.itemOf(variant);
  if (!item.tracked) return;
  const level = item.levels.get(locationId);
  if (!level) return;
  s.changeQuantity(tx, level, "available", -quantity);
  s.changeQuantity(tx, level, "committed", quantity);
}

/** Releases committed units; with restock they return to available, without they leave on_hand. */
export function releaseUnits(
  s: ShopState,
  tx: Tx,
  line: LineItemRecord,
  locationId: number,
  quantity: number,
  restock: boolean,
): void {
  if (!line.tracked || line.variantId === null || quantity === 0) return;
  const variant = s.variants.get(line.variantId);
  if (!variant) return;
  const level = s.itemOf(variant).levels.get(locationId);
  if (!level) return;
  s.changeQuantity(tx, level, "committed", -quantity);
  if (restock) s.changeQuantity(tx, level, "available", quantity);
}
