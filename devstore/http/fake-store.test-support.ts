import { DevStoreError } from "../model/errors.js";
import { CostBucketLimiter, STANDARD_PLAN } from "../throttle/leaky-bucket.js";
import { FaultController } from "../webhooks/faults.js";
import { matchesDeliveryFilter, type DeliveryFilter, type DeliveryRecord } from "../webhooks/dispatcher.js";
import type { ControlDeps } from "./control.routes.js";
import type { ControlStore } from "./store-port.js";

/** A fake of the store surface the control API drives: records each call, refuses what a test asks it to. */
export function fakeControlDeps(opts: { shops?: string[]; deliveries?: DeliveryRecord[] } = {}) {
  const calls: { method: string; args: unknown[] }[] = [];
  let shops = opts.shops ?? ["demo.myshopify.com"];
  let clock = Date.parse("2026-03-01T00:00:00Z");
  let refuse: DevStoreError | null = null;
  const record =
    <T>(method: string, result: (...args: never[]) => T) =>
    (...args: unknown[]): T => {
      calls.push({ method, args });
      if (refuse) throw refuse;
      return result(...(args as never[]));
    };
  const order = { id: "gid://shopify/Order/5000000001", name: "#1001", lineItems: [], fulfillmentOrders: [] };
  const store: ControlStore = {
    shops: () => shops,
    seed: record("seed", (catalog: { shop: { domain: string } }) => {
      shops = [...shops, catalog.shop.domain];
      return { shop: catalog.shop.domain };
    }),
    placeOrder: record("placeOrder", () => order as never),
    cancelOrder: record("cancelOrder", () => order as never),
    receiveStock: record("receiveStock", () => undefined),
    scheduleIncoming: record("scheduleIncoming", () => ({ id: "gid://shopify/InventoryScheduledChange/1" })),
    receiveIncoming: record("receiveIncoming", () => undefined),
    fulfill: record("fulfill", () => ({ id: "gid://shopify/Fulfillment/1" })),
    setVariantPolicy: record("setVariantPolicy", () => undefined),
    advanceClock: record("advanceClock", (ms: number) => {
      clock += ms;
    }),
    now: () => new Date(clock),
    snapshot: record("snapshot", (shop: string) => ({ shop })),
    uninstallApp: record("uninstallApp", () => undefined),
    pendingScheduled: () => [],
    requestCustomerData: record("requestCustomerData", () => ({ dataRequestId: 9001 })),
    redactCustomer: record("redactCustomer", () => undefined),
  };
  const deps: ControlDeps = {
    store,
    apps: [{ apiKey: "key", apiSecret: "secret" }],
    faults: new FaultController(1),
    limiter: new CostBucketLimiter(STANDARD_PLAN, () => clock),
    deliveries: (filter: DeliveryFilter = {}) => {
      const matching = (opts.deliveries ?? []).filter((d) => matchesDeliveryFilter(d, filter));
      return filter.limit ? matching.slice(-filter.limit) : matching;
    },
    wallClock: () => Date.parse("2026-03-01T00:00:00Z"),
    staffUserId: "1",
  };
  return {
    deps,
    calls,
    setShops: (next: string[]) => (shops = next),
    refuseNext: (error: DevStoreError | null) => (refuse = error),
  };
}
