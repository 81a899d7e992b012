/**
 * Which shop's lock the current async call chain holds (node:async_hooks AsyncLocalStorage,
 * https://nodejs.org/api/async_context.html#class-asynclocalstorage). The Admin API client asks it before it would
 * sleep through a THROTTLED answer: a step that holds a shop's lock must not wait on Shopify's bucket, or every other
 * step of the shop (webhooks, staff actions) waits behind it, past the inbox worker's handler time-out.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ShopLock } from "../use-cases/backorder/ports.js";
import type { ShopDomain } from "../use-cases/ports.js";

const held = new AsyncLocalStorage<ShopDomain>();

/** The lock, marking the call chain of each task it runs as holding the shop's lock. */
export function markingHeldShopLock(lock: ShopLock): ShopLock {
  return { run: (shop, task) => lock.run(shop, () => held.run(shop, task)) };
}

/** The shop whose lock this call chain holds, if any. */
export function heldShopLock(): ShopDomain | undefined {
  return held.getStore();
}
