import type { SyncRecord } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { rejectDuplicates } from "../../backorder-rows.js";
import { storeLines, storedLines } from "./decisions.js";
import { copy, key, type MemoryState } from "./state.js";

export async function markTouched(s: MemoryState, shop: ShopDomain, orderIds: string[]): Promise<void> {
  for (const id of orderIds) {
    const o = s.orders.get(key(shop, id));
    if (o) o.shopifyTouched = true;
  }
}

export async function recordSyncs(s: MemoryState, shop: ShopDomain, record: SyncRecord): Promise<void> {
  rejectDuplicates(record);
  const { lines, history } = storedLines(s, shop, record, s.clock.now());
  storeLines(s, shop, lines, history);
  for (const state of record.orders) {
    const o = s.orders.get(key(shop, state.orderId));
    if (!o) continue;
    Object.assign(o, {
      syncedMetafield: state.syncedMetafield,
      holds: copy(state.holds),
      backordered: state.backordered,
      needsSync: state.needsSync,
      shopifyTouched: true,
    });
  }
}
