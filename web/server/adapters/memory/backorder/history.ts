import type { LineHistoryEntry } from "../../../domain/backorder/index.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { copy, ms, type MemoryState } from "./state.js";

export async function lineHistory(
  s: MemoryState,
  shop: ShopDomain,
  lineItemId: string,
): Promise<LineHistoryEntry[]> {
  // A stable sort: entries at the same time keep the order they were saved in.
  return s.history
    .filter((h) => h.shop === shop && h.entry.lineItemId === lineItemId)
    .map((h) => h.entry)
    .sort((a, b) => ms(a.at) - ms(b.at))
    .map(copy);
}
