import type { DevStore } from "../model/store.js";

/** The part of the store the HTTP layer drives; tests of the routes can hand in a small fake of just this. */
export type ControlStore = Pick<
  DevStore,
  | "shops"
  | "seed"
  | "placeOrder"
  | "cancelOrder"
  | "receiveStock"
  | "scheduleIncoming"
  | "receiveIncoming"
  | "fulfill"
  | "setVariantPolicy"
  | "advanceClock"
  | "now"
  | "snapshot"
  | "uninstallApp"
  | "pendingScheduled"
  | "requestCustomerData"
  | "redactCustomer"
>;
