import {
  shopPayload,
  shopRedactPayload,
  customersDataRequestPayload,
  customersRedactPayload,
} from "../rest/shop.js";
import { buildShop, parseCatalog } from "./catalog.js";
import { DevStoreError } from "./errors.js";
import { gid, idOf, IdSequences } from "./ids.js";
import { createFulfillment } from "./fulfillments.js";
import { cancelOrder as cancelOrderOp, placeOrder as placeOrderOp, CANCEL_REASONS } from "./orders.js";
import { receiveIncoming as receiveIncomingOp, scheduleIncoming as scheduleIncomingOp } from "./inventory.js";
import type { Outcome } from "./outcome.js";
import { SeededSource } from "./random.js";
import { ShopState, type StoreEnv } from "./shop-state.js";
import { Tx } from "./tx.js";
import { orderSummary, shopSnapshot, type Order } from "./snapshot.js";
import type {
  AppRecord,
  Catalog,
  InstallationRecord,
  OrderRecord,
  PlaceOrderInput,
  StoreEvent,
} from "./types.js";

export { DevStoreError } from "./errors.js";
export type { Catalog, StoreEvent, PlaceOrderInput } from "./types.js";
export type { Order } from "./snapshot.js";

/** Shopify sends shop/redact 48 hours after an app is uninstalled (https://shopify.dev/changelog/apps-now-need-to-use-gdpr-webhooks). */
export const SHOP_REDACT_DELAY_MS = 48 * 60 * 60 * 1000;

interface Scheduled {
  at: number;
  seq: number;
  label: string;
  run: () => void;
}

/**
 * A local Shopify: several shops, their catalogs, orders and inventory with Shopify's semantics, app installations
 * and a clock. Every state change Shopify would announce with a webhook reaches `subscribe` listeners as a
 * StoreEvent carrying the REST payload; HTTP delivery belongs to devstore/webhooks.
 */
export class DevStore {
  private readonly states = new Map<string, ShopState>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly ids = new IdSequences();
  private readonly random: SeededSource;
  private readonly baseClock: () => Date;
  private offsetMs = 0;
  private readonly apps = new Map<string, AppRecord>();
  private readonly tokens = new Map<string, { shop: string; apiKey: string }>();
  private scheduled: Scheduled[] = [];
  private scheduleSeq = 0;
  private readonly env: StoreEnv;

  constructor(opts: { now?: () => Date; seed?: number } = {}) {
    this.baseClock = opts.now ?? (() => new Date());
    this.random = new SeededSource(opts.seed ?? 1);
    this.env = { now: () => this.now(), ids: this.ids, random: this.random };
  }

  // ---------------------------------------------------------------- events and clock

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  now(): Date {
    return new Date(this.baseClock().getTime() + this.offsetMs);
  }

  /** Moves the store's clock forward and fires what has come due (shop/redact after uninstall). */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new DevStoreError("advanceClock needs a non-negative number of milliseconds", 400);
    this.offsetMs += ms;
    this.runDue();
  }

  /** Fires scheduled events whose time has come on the store clock; servers on a real clock call this periodically. */
  runDue(): void {
    const now = this.now().getTime();
    while (this.scheduled.length > 0 && this.scheduled[0]!.at <= now) {
      this.scheduled.shift()!.run();
    }
  }

  /** Pending scheduled events (for the control API). */
  pendingScheduled(): { at: string; label: string }[] {
    return this.scheduled.map((s) => ({ at: new Date(s.at).toISOString(), label: s.label }));
  }

  private schedule(at: number, label: string, run: () => void): void {
    this.scheduled.push({ at, seq: ++this.scheduleSeq, label, run });
    this.scheduled.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  private publish(shop: string, tx: Tx): void {
    const triggeredAt = this.now();
    for (const pending of tx.events) {
      const event: StoreEvent = {
        shop,
        topic: pending.topic,
        payload: pending.build(),
        triggeredAt,
        eventId: this.random.uuid("event"),
      };
      if (pending.apiKey !== undefined) event.apiKey = pending.apiKey;
      for (const listener of this.listeners) listener(event);
    }
  }

  /**
   * Runs one operation against a shop. Operations validate before they mutate, so a failed outcome leaves the shop
   * as it was and its events are dropped; a successful one publishes its events after the operation completes.
   */
  transact<T>(shop: string, op: (s: ShopState, tx: Tx) => Outcome<T>): Outcome<T> {
    const s = this.state(shop);
    const tx = new Tx(s);
    const outcome = op(s, tx);
    if (outcome.ok) this.publish(shop, tx);
    return outcome;
  }

  /** Like transact, for the control API: a refusal becomes a DevStoreError (422, or 404 for unknown objects). */
  private act<T>(shop: string, op: (s: ShopState, tx: Tx) => Outcome<T>): T {
    const outcome = this.transact(shop, op);
    if (outcome.ok) return outcome.value;
    const notFound = outcome.userErrors.some((e) => e.code === "NOT_FOUND");
    throw new DevStoreError(outcome.userErrors.map((e) => e.message).join("; "), notFound ? 404 : 422);
  }

  // ---------------------------------------------------------------- shops

  seed(catalog: Catalog): { shop: string } {
    const parsed = parseCatalog(catalog);
    if (this.states.has(parsed.shop.domain))
      throw new DevStoreError(`Shop ${parsed.shop.domain} already exists`, 409);
    const s = buildShop(parsed, this.env);
    this.states.set(s.shop.domain, s);
    return { shop: s.shop.domain };
  }

  shops(): string[] {
    return [...this.states.keys()];
  }

  /** A shop's state, for the GraphQL resolvers; unknown shops are a 404. */
  state(shop: string): ShopState {
    const s = this.states.get(shop);
    if (!s) throw new DevStoreError(`Unknown shop ${shop}`, 404);
    return s;
  }

  // ---------------------------------------------------------------- apps and tokens

  app(apiKey: string): AppRecord {
    let app = this.apps.get(apiKey);
    if (!app) {
      app = { id: this.ids.take("App"), apiKey };
      this.apps.set(apiKey, app);
    }
    return app;
  }

  installApp(shop: string, input: { apiKey: string; scopes: string[] }): { accessToken: string } {
    const s = this.state(shop);
    const existing = s.installations.get(input.apiKey);
    if (existing) {
      existing.scopes = [...input.scopes];
      return { accessToken: existing.accessToken };
    }
    const app = this.app(input.apiKey);
    const installation: InstallationRecord = {
      id: this.ids.take("AppInstallation"),
      appId: app.id,
      apiKey: input.apiKey,
      scopes: [...input.scopes],
      accessToken: `shpat_${this.random.hex("access-token")}`,
      installedAt: this.now(),
    };
    s.installations.set(input.apiKey, installation);
    this.tokens.set(installation.accessToken, { shop, apiKey: input.apiKey });
    // Reinstalling within 48 hours means the shop's data must not be redacted.
    this.scheduled = this.scheduled.filter((job) => job.label !== `shop/redact ${shop} ${input.apiKey}`);
    return { accessToken: installation.accessToken };
  }

  shopForAccessToken(token: string): { shop: string; apiKey: string } | null {
    return this.tokens.get(token) ?? null;
  }

  installation(shop: string, apiKey: string): InstallationRecord | null {
    return this.state(shop).installations.get(apiKey) ?? null;
  }

  installations(shop: string): { apiKey: string; scopes: string[] }[] {
    return [...this.state(shop).installations.values()].map((i) => ({
      apiKey: i.apiKey,
      scopes: [...i.scopes],
    }));
  }

  uninstallApp(shop: string, apiKey: string): void {
    const s = this.state(shop);
    const installation = s.installations.get(apiKey);
    if (!installation) throw new DevStoreError(`App ${apiKey} is not installed on ${shop}`, 404);
    // The payload is the shop as it was; the token stops working at once.
    const tx = new Tx(s);
    tx.emit("app/uninstalled", apiKey, () => shopPayload(s), apiKey);
    s.installations.delete(apiKey);
    this.tokens.delete(installation.accessToken);
    this.publish(shop, tx);
    this.schedule(this.now().getTime() + SHOP_REDACT_DELAY_MS, `shop/redact ${shop} ${apiKey}`, () => {
      const later = new Tx(s);
      later.emit("shop/redact", apiKey, () => shopRedactPayload(s), apiKey);
      this.publish(shop, later);
    });
  }

  /** A customer asks the merchant for their data: customers/data_request to every installed app. */
  requestCustomerData(shop: string, customerId: string): { dataRequestId: number } {
    const s = this.state(shop);
    const customer = this.customer(s, customerId);
    const dataRequestId = this.ids.take("DataRequest");
    const orderIds = s.ordersByCustomer.get(customer.id) ?? [];
    const tx = new Tx(s);
    tx.emit("customers/data_request", dataRequestId, () =>
      customersDataRequestPayload(s, customer, [...orderIds], dataRequestId),
    );
    this.publish(shop, tx);
    return { dataRequestId };
  }

  /** The merchant erases a customer: customers/redact to every installed app. */
  redactCustomer(shop: string, customerId: string): void {
    const s = this.state(shop);
    const customer = this.customer(s, customerId);
    const orderIds = s.ordersByCustomer.get(customer.id) ?? [];
    const tx = new Tx(s);
    tx.emit("customers/redact", customer.id, () => customersRedactPayload(s, customer, [...orderIds]));
    this.publish(shop, tx);
  }

  private customer(s: ShopState, customerId: string) {
    const id = idOf(customerId, "Customer");
    const customer = id === null ? undefined : s.customers.get(id);
    if (!customer) throw new DevStoreError(`Customer ${customerId} does not exist in ${s.shop.domain}`, 404);
    return customer;
  }

  // ---------------------------------------------------------------- storefront and merchant actions

  placeOrder(shop: string, input: PlaceOrderInput): Order {
    const order = this.act(shop, (s, tx) => placeOrderOp(s, tx, input));
    return orderSummary(this.state(shop), order);
  }

  cancelOrder(
    shop: string,
    orderId: string,
    opts: { restock?: boolean; reason?: string; refund?: boolean } = {},
  ): Order {
    const reason = (opts.reason ?? "OTHER").toUpperCase();
    if (!(CANCEL_REASONS as readonly string[]).includes(reason)) {
      throw new DevStoreError(
        `Unknown cancel reason ${opts.reason}; use one of ${CANCEL_REASONS.join(", ")}`,
        400,
      );
    }
    const order = this.act(shop, (s, tx) => {
      const o = this.order(s, orderId);
      return cancelOrderOp(s, tx, o, {
        reason: reason as (typeof CANCEL_REASONS)[number],
        restock: opts.restock ?? true,
        refund: opts.refund ?? true,
      });
    });
    return orderSummary(this.state(shop), order);
  }

  receiveStock(shop: string, input: { variantId: string; locationId?: string; quantity: number }): void {
    this.positive(input.quantity);
    this.act(shop, (s, tx) => {
      const level = this.level(s, input.variantId, input.locationId);
      s.changeQuantity(tx, level, "available", input.quantity);
      return { ok: true, value: undefined };
    });
  }

  scheduleIncoming(
    shop: string,
    input: { variantId: string; locationId?: string; quantity: number; expectedAt: string },
  ): { id: string } {
    this.positive(input.quantity);
    if (Number.isNaN(Date.parse(input.expectedAt)))
      throw new DevStoreError(`expectedAt must be an ISO date, got ${input.expectedAt}`, 400);
    const record = this.act(shop, (s, tx) => ({
      ok: true,
      value: scheduleIncomingOp(
        s,
        tx,
        this.level(s, input.variantId, input.locationId),
        input.quantity,
        input.expectedAt,
      ),
    }));
    return { id: gid("InventoryScheduledChange", record.id) };
  }

  receiveIncoming(shop: string, incomingId: string): void {
    this.act(shop, (s, tx) => {
      const id = idOf(incomingId, "InventoryScheduledChange");
      const record = id === null ? undefined : s.incoming.get(id);
      if (!record) throw new DevStoreError(`Incoming stock ${incomingId} does not exist`, 404);
      if (record.status === "received")
        throw new DevStoreError(`Incoming stock ${incomingId} was already received`, 409);
      receiveIncomingOp(s, tx, record);
      return { ok: true, value: undefined };
    });
  }

  fulfill(
    shop: string,
    input: { fulfillmentOrderId: string; lines?: { fulfillmentOrderLineItemId: string; quantity: number }[] },
  ): { id: string } {
    const foId = idOf(input.fulfillmentOrderId, "FulfillmentOrder");
    if (foId === null)
      throw new DevStoreError(`${input.fulfillmentOrderId} is not a FulfillmentOrder id`, 400);
    const lines = input.lines?.map((l) => {
      const id = idOf(l.fulfillmentOrderLineItemId, "FulfillmentOrderLineItem");
      if (id === null)
        throw new DevStoreError(`${l.fulfillmentOrderLineItemId} is not a FulfillmentOrderLineItem id`, 400);
      return { id, quantity: l.quantity };
    });
    const fulfillment = this.act(shop, (s, tx) => {
      if (!s.fulfillmentOrders.has(foId))
        throw new DevStoreError(`Fulfillment order ${input.fulfillmentOrderId} does not exist`, 404);
      return createFulfillment(s, tx, [
        lines ? { fulfillmentOrderId: foId, lines } : { fulfillmentOrderId: foId },
      ]);
    });
    return { id: gid("Fulfillment", fulfillment.id) };
  }

  setVariantPolicy(shop: string, variantId: string, policy: "DENY" | "CONTINUE"): void {
    if (policy !== "DENY" && policy !== "CONTINUE")
      throw new DevStoreError(`Inventory policy must be DENY or CONTINUE, got ${String(policy)}`, 400);
    this.act(shop, (s, tx) => {
      const variant = this.variant(s, variantId);
      if (variant.inventoryPolicy !== policy) {
        variant.inventoryPolicy = policy;
        variant.updatedAt = s.now();
        s.products.get(variant.productId)!.updatedAt = variant.updatedAt;
        tx.productUpdated(variant.productId);
      }
      return { ok: true, value: undefined };
    });
  }

  private positive(quantity: number): void {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw new DevStoreError(`Quantity must be a positive integer, got ${quantity}`, 400);
  }

  private variant(s: ShopState, variantId: string) {
    const id = idOf(variantId, "ProductVariant");
    const variant = id === null ? undefined : s.variants.get(id);
    if (!variant) throw new DevStoreError(`Variant ${variantId} does not exist in ${s.shop.domain}`, 404);
    return variant;
  }

  private level(s: ShopState, variantId: string, locationId: string | undefined) {
    const variant = this.variant(s, variantId);
    const locId = locationId === undefined ? s.primaryLocation().id : idOf(locationId, "Location");
    if (locId === null || !s.locations.has(locId))
      throw new DevStoreError(`Location ${locationId} does not exist in ${s.shop.domain}`, 404);
    const level = s.itemOf(variant).levels.get(locId);
    if (!level)
      throw new DevStoreError(`Variant ${variantId} is not stocked at ${s.locations.get(locId)!.name}`, 422);
    return level;
  }

  private order(s: ShopState, orderId: string): OrderRecord {
    const id = idOf(orderId, "Order");
    const order = id === null ? undefined : s.orders.get(id);
    if (!order) throw new DevStoreError(`Order ${orderId} does not exist in ${s.shop.domain}`, 404);
    return order;
  }

  // ---------------------------------------------------------------- reading state

  orderSummary(shop: string, orderId: string): Order {
    return orderSummary(this.state(shop), this.order(this.state(shop), orderId));
  }

  /** Every object of a shop, JSON-serialisable and in id order, for the control API and determinism checks. */
  snapshot(shop: string): unknown {
    const scheduled = this.pendingScheduled().filter((j) => j.label.includes(` ${shop} `));
    return shopSnapshot(this.state(shop), this.now(), scheduled);
  }
}
