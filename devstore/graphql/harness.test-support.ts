import { readFileSync } from "node:fs";
import path from "node:path";
import type { ExecutionResult } from "graphql";
import { DevStore } from "../model/store.js";
import type { Catalog, StoreEvent } from "../model/types.js";
import { createAdminExecutor } from "./execute.js";

/** The demo catalog, read from devstore/catalogs/demo.json. */
export function demoCatalog(): Catalog {
  return JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../catalogs/demo.json"), "utf8"),
  ) as Catalog;
}

export const APP_KEY = "waitwell-test-app";
/** The scopes Waitwell's shopify.app.toml asks for. */
export const APP_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "write_inventory",
  "read_orders",
  "write_orders",
  "write_order_edits",
  "read_merchant_managed_fulfillment_orders",
  "write_merchant_managed_fulfillment_orders",
  "read_customers",
  "write_discounts",
];

export const T0 = new Date("2026-03-02T15:00:00Z");

/** GraphQL data in tests is read dynamically; `expect` asserts its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Data = Record<string, any>;

/**
 * A dev store seeded with the demo shop and the app installed, a GraphQL runner for that app, every emitted event,
 * and lookups by SKU / location name so tests read like the scenario they describe.
 */
export function demoHarness(opts: { seed?: number; scopes?: string[] } = {}) {
  let now = T0.getTime();
  const store = new DevStore({ now: () => new Date(now), seed: opts.seed ?? 42 });
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  const { shop } = store.seed(demoCatalog());
  store.installApp(shop, { apiKey: APP_KEY, scopes: opts.scopes ?? APP_SCOPES });
  const execute = createAdminExecutor(store);
  const state = store.state(shop);

  async function gql<T = Data>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult & { data?: T }> {
    return (await execute({ shop, apiKey: APP_KEY }, query, variables)) as ExecutionResult & { data?: T };
  }

  /** Runs a query that must succeed and returns its data. */
  async function data<T = Data>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await gql<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  function variant(sku: string): string {
    const v = state.variantList.find((x) => x.sku === sku);
    if (!v) throw new Error(`no variant ${sku}`);
    return `gid://shopify/ProductVariant/${v.id}`;
  }

  function inventoryItem(sku: string): string {
    const v = state.variantList.find((x) => x.sku === sku)!;
    return `gid://shopify/InventoryItem/${v.inventoryItemId}`;
  }

  function location(name: string): string {
    const l = state.locationList.find((x) => x.name === name);
    if (!l) throw new Error(`no location ${name}`);
    return `gid://shopify/Location/${l.id}`;
  }

  function customer(email: string): string {
    return `gid://shopify/Customer/${state.customerByEmail.get(email)!.id}`;
  }

  /** Named quantities of a SKU at a location, straight from the model. */
  function levels(sku: string, locationName: string) {
    const v = state.variantList.find((x) => x.sku === sku)!;
    const loc = state.locationList.find((x) => x.name === locationName)!;
    const level = state.itemOf(v).levels.get(loc.id)!;
    return { ...level.quantities, on_hand: state.onHand(level) };
  }

  function topics(since = 0): string[] {
    return events.slice(since).map((e) => e.topic);
  }

  return {
    store,
    shop,
    state,
    events,
    gql,
    data,
    variant,
    inventoryItem,
    location,
    customer,
    levels,
    topics,
    advance(ms: number) {
      now += ms;
    },
  };
}

export type Harness = ReturnType<typeof demoHarness>;
