import { DevStoreError } from "./errors.js";
import type { Catalog, OrderRecord, PlaceOrderInput, StoreEvent } from "./types.js";

export { DevStoreError } from "./errors.js";
export type { Catalog, StoreEvent, PlaceOrderInput } from "./types.js";

/** What placeOrder/cancelOrder return: the order's ids as GIDs plus its REST payload. */
export type Order = { id: string; name: string; record: OrderRecord; lineItemIds: string[]; fulfillmentOrderIds: string[] };

export class DevStore {
  constructor(_opts?: { now?: () => Date; seed?: number }) {}
  subscribe(_listener: (e: StoreEvent) => void): () => void { throw new DevStoreError("todo"); }
  seed(_catalog: Catalog): { shop: string } { throw new DevStoreError("todo"); }
  shops(): string[] { throw new DevStoreError("todo"); }
  installApp(_shop: string, _app: { apiKey: string; scopes: string[] }): { accessToken: string } { throw new DevStoreError("todo"); }
  shopForAccessToken(_token: string): { shop: string; apiKey: string } | null { throw new DevStoreError("todo"); }
  uninstallApp(_shop: string, _apiKey: string): void { throw new DevStoreError("todo"); }
  placeOrder(_shop: string, _input: PlaceOrderInput): Order { throw new DevStoreError("todo"); }
  cancelOrder(_shop: string, _orderId: string, _opts?: { restock?: boolean; reason?: string }): Order { throw new DevStoreError("todo"); }
  receiveStock(_shop: string, _input: { variantId: string; locationId?: string; quantity: number }): void { throw new DevStoreError("todo"); }
  scheduleIncoming(_shop: string, _input: { variantId: string; locationId?: string; quantity: number; expectedAt: string }): { id: string } { throw new DevStoreError("todo"); }
  receiveIncoming(_shop: string, _incomingId: string): void { throw new DevStoreError("todo"); }
  fulfill(_shop: string, _input: { fulfillmentOrderId: string; lines?: { fulfillmentOrderLineItemId: string; quantity: number }[] }): void { throw new DevStoreError("todo"); }
  setVariantPolicy(_shop: string, _variantId: string, _policy: "DENY" | "CONTINUE"): void { throw new DevStoreError("todo"); }
  advanceClock(_ms: number): void { throw new DevStoreError("todo"); }
  now(): Date { throw new DevStoreError("todo"); }
  snapshot(_shop: string): unknown { throw new DevStoreError("todo"); }
}
