/**
 * What every contract suite runs against: a fresh, empty store per test, and a way to open a second independent
 * connection to the same storage (separate Prisma clients on the databases, the same instance in memory), which is
 * what the race tests need.
 */
import { afterEach, beforeEach } from "vitest";
import type {
  DataExportRepository,
  InboxDelivery,
  InboxRepository,
  SessionRepository,
  ShopDomain,
  ShopRepository,
} from "../../web/server/use-cases/ports.js";
import type { BackorderRepository } from "../../web/server/use-cases/backorder/ports.js";

export interface Repositories {
  sessions: SessionRepository;
  shops: ShopRepository;
  inbox: InboxRepository;
  exports: DataExportRepository;
  backorders: BackorderRepository;
}

export interface ContractStore {
  repos: Repositories;
  connect(): Promise<Repositories>;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<ContractStore>;

/** Registers per-test setup/teardown and returns an accessor for the current test's store. */
export function useStore<S extends { cleanup(): Promise<void> } = ContractStore>(
  factory: () => Promise<S>,
): () => S {
  let store: S | undefined;
  beforeEach(async () => {
    store = await factory();
  });
  afterEach(async () => {
    const s = store;
    store = undefined;
    await s?.cleanup();
  });
  return () => {
    if (!store) throw new Error("the store is only available inside a test");
    return store;
  };
}

export const SHOP_A: ShopDomain = "shop-a.myshopify.com";
export const SHOP_B: ShopDomain = "shop-b.myshopify.com";

let seq = 0;
export function delivery(overrides: Partial<InboxDelivery> = {}): InboxDelivery {
  seq += 1;
  return {
    shop: SHOP_A,
    webhookId: `wh-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    eventId: `ev-${seq}`,
    topic: "orders/create",
    apiVersion: "2026-07",
    triggeredAt: new Date(Date.UTC(2026, 10, 24, 8, 30, 15, 123)),
    payload: JSON.stringify({ id: seq, email: "ada@example.com", note: "Grüße 🚚" }),
    resourceId: `gid://shopify/Order/${1000 + seq}`,
    customerId: "gid://shopify/Customer/1",
    ...overrides,
  };
}

/** A moment safely after everything recorded so far: `record` stamps rows with the wall clock. */
export function afterNow(ms = 1_000): Date {
  return new Date(Date.now() + ms);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
