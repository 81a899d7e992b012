import type { StockLevel } from "../../../domain/backorder/index.js";
import { toEpochMs } from "../../../domain/shared/instant.js";
import type { VariantInfo } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { compareText, copy, key, type MemoryState } from "./state.js";

export async function upsertLevel(
  s: MemoryState,
  shop: ShopDomain,
  level: StockLevel & { asOf: Date },
): Promise<boolean> {
  return storeLevel(s, shop, level);
}

export function storeLevel(s: MemoryState, shop: ShopDomain, level: StockLevel & { asOf: Date }): boolean {
  const k = key(shop, level.inventoryItemId, level.locationId);
  const stored = s.levels.get(k);
  const asOfMs = level.asOf.getTime();
  // An equal asOf is the same information delivered again: applying it again is harmless.
  if (stored && stored.asOfMs > asOfMs) return false;
  s.levels.set(k, {
    level: {
      inventoryItemId: level.inventoryItemId,
      locationId: level.locationId,
      available: level.available,
      asOf: level.asOf.toISOString(),
    },
    asOfMs,
  });
  return true;
}

export async function getLevels(
  s: MemoryState,
  shop: ShopDomain,
  pools: { inventoryItemId: string; locationId: string }[],
): Promise<StockLevel[]> {
  const seen = new Set<string>();
  const result: StockLevel[] = [];
  for (const p of pools) {
    const k = key(shop, p.inventoryItemId, p.locationId);
    const row = s.levels.get(k);
    if (row && !seen.has(k)) result.push(copy(row.level));
    seen.add(k);
  }
  return result;
}

export async function levelsOfItem(
  s: MemoryState,
  shop: ShopDomain,
  inventoryItemId: string,
): Promise<StockLevel[]> {
  return [...s.levels.entries()]
    .filter(([k, r]) => k.startsWith(key(shop, "")) && r.level.inventoryItemId === inventoryItemId)
    .map(([, r]) => copy(r.level))
    .sort((a, b) => compareText(a.locationId, b.locationId));
}

export async function levelsOfItems(
  s: MemoryState,
  shop: ShopDomain,
  inventoryItemIds: string[],
): Promise<StockLevel[]> {
  const wanted = new Set(inventoryItemIds);
  return [...s.levels.entries()]
    .filter(([k, r]) => k.startsWith(key(shop, "")) && wanted.has(r.level.inventoryItemId))
    .map(([, r]) => copy(r.level));
}

export async function upsertVariants(
  s: MemoryState,
  shop: ShopDomain,
  variants: VariantInfo[],
): Promise<void> {
  for (const v of variants) toEpochMs(v.asOf, "asOf");
  for (const v of variants) {
    const k = key(shop, v.variantId);
    const stored = s.variants.get(k);
    if (stored && stored.asOf.getTime() > v.asOf.getTime()) continue;
    s.variants.set(k, copy(v));
  }
}

export async function getVariants(
  s: MemoryState,
  shop: ShopDomain,
  variantIds: string[],
): Promise<VariantInfo[]> {
  const result: VariantInfo[] = [];
  for (const id of new Set(variantIds)) {
    const v = s.variants.get(key(shop, id));
    if (v) result.push(copy(v));
  }
  return result;
}

export async function variantsOfItem(
  s: MemoryState,
  shop: ShopDomain,
  inventoryItemId: string,
): Promise<VariantInfo[]> {
  return [...s.variants.entries()]
    .filter(([k, v]) => k.startsWith(key(shop, "")) && v.inventoryItemId === inventoryItemId)
    .map(([, v]) => copy(v))
    .sort((a, b) => compareText(a.variantId, b.variantId));
}
