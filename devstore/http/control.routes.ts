import { Router, type Request } from "express";
import type { z } from "zod";
import { DevStoreError } from "../model/errors.js";
import type { ControlStore } from "./store-port.js";
import type { Catalog } from "../model/types.js";
import { mintSessionToken } from "../auth/session-token.js";
import type { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import type { FaultController } from "../webhooks/faults.js";
import type { DeliveryRecord } from "../webhooks/dispatcher.js";
import * as schemas from "./control.schemas.js";

/**
 * The control API: what a test or a person does to the store that an app cannot (place a storefront order, receive
 * stock, move time). Each route parses its input, calls the store once and answers JSON; the store's DevStoreError
 * carries the status (see error-handler.ts). Every route is documented in devstore/README.md.
 */

export interface ControlApp {
  apiKey: string;
  apiSecret: string;
}

export interface ControlDeps {
  store: ControlStore;
  apps: ControlApp[];
  faults: FaultController;
  limiter: CostBucketLimiter;
  deliveries(): DeliveryRecord[];
  wallClock: () => number;
  /** The staff user who "opens the app" in local mode; session tokens name them in `sub`. */
  staffUserId: string;
}

export function controlRoutes(deps: ControlDeps): Router {
  const { store } = deps;
  const router = Router();

  router.get("/", (_req, res) => {
    res.json({ shops: store.shops(), apps: deps.apps.map((a) => a.apiKey), now: store.now().toISOString() });
  });

  router.post("/seed", (req, res) => {
    const catalog = parse(schemas.seedBody, req.body) as unknown as Catalog;
    res.status(201).json(store.seed(catalog));
  });

  router.post("/orders", (req, res) => {
    const { shop, lines, locationId, ...rest } = parse(schemas.placeOrderBody, req.body);
    const order = store.placeOrder(shopOf(shop), {
      ...rest,
      lines: lines.map((l) => ({ ...l, variantId: toGid("ProductVariant", l.variantId) })),
      ...(locationId ? { locationId: toGid("Location", locationId) } : {}),
    });
    res.status(201).json(order);
  });

  router.post("/orders/:id/cancel", (req, res) => {
    const { shop, ...opts } = parse(schemas.cancelOrderBody, req.body ?? {});
    res.json(store.cancelOrder(shopOf(shop), toGid("Order", param(req, "id")), opts));
  });

  router.post("/stock/receive", (req, res) => {
    const { shop, variantId, locationId, quantity } = parse(schemas.receiveStockBody, req.body);
    store.receiveStock(shopOf(shop), {
      variantId: toGid("ProductVariant", variantId),
      ...(locationId ? { locationId: toGid("Location", locationId) } : {}),
      quantity,
    });
    res.json({ ok: true });
  });

  router.post("/incoming", (req, res) => {
    const { shop, variantId, locationId, quantity, expectedAt } = parse(
      schemas.scheduleIncomingBody,
      req.body,
    );
    const incoming = store.scheduleIncoming(shopOf(shop), {
      variantId: toGid("ProductVariant", variantId),
      ...(locationId ? { locationId: toGid("Location", locationId) } : {}),
      quantity,
      expectedAt,
    });
    res.status(201).json(incoming);
  });

  router.post("/incoming/:id/receive", (req, res) => {
    const { shop } = parse(schemas.shopOnlyBody, req.body ?? {});
    store.receiveIncoming(shopOf(shop), toGid("InventoryScheduledChange", param(req, "id")));
    res.json({ ok: true });
  });

  router.post("/fulfill", (req, res) => {
    const { shop, fulfillmentOrderId, lines } = parse(schemas.fulfillBody, req.body);
    const fulfillment = store.fulfill(shopOf(shop), {
      fulfillmentOrderId: toGid("FulfillmentOrder", fulfillmentOrderId),
      ...(lines
        ? {
            lines: lines.map((l) => ({
              fulfillmentOrderLineItemId: toGid("FulfillmentOrderLineItem", l.fulfillmentOrderLineItemId),
              quantity: l.quantity,
            })),
          }
        : {}),
    });
    res.status(201).json(fulfillment);
  });

  router.post("/variants/:id/policy", (req, res) => {
    const { shop, policy } = parse(schemas.variantPolicyBody, req.body);
    store.setVariantPolicy(shopOf(shop), toGid("ProductVariant", param(req, "id")), policy);
    res.json({ ok: true });
  });

  router.get("/clock", (_req, res) => {
    res.json({ now: store.now().toISOString(), scheduled: store.pendingScheduled() });
  });

  router.post("/clock/advance", (req, res) => {
    store.advanceClock(parse(schemas.advanceClockBody, req.body));
    res.json({ now: store.now().toISOString(), scheduled: store.pendingScheduled() });
  });

  router.post("/customers/:id/data-request", (req, res) => {
    const { shop } = parse(schemas.shopOnlyBody, req.body ?? {});
    res.status(201).json(store.requestCustomerData(shopOf(shop), toGid("Customer", param(req, "id"))));
  });

  router.post("/customers/:id/redact", (req, res) => {
    const { shop } = parse(schemas.shopOnlyBody, req.body ?? {});
    store.redactCustomer(shopOf(shop), toGid("Customer", param(req, "id")));
    res.json({ ok: true });
  });

  router.get("/faults", (_req, res) => {
    res.json(deps.faults.config());
  });

  router.post("/faults", (req, res) => {
    const { reset, ...patch } = parse(schemas.faultsBody, req.body);
    if (reset) deps.faults.reset();
    res.json(deps.faults.configure(stripUndefined(patch)));
  });

  router.get("/rate-limit", (_req, res) => {
    res.json(deps.limiter.config());
  });

  router.post("/rate-limit", (req, res) => {
    res.json(deps.limiter.configure(stripUndefined(parse(schemas.rateLimitBody, req.body))));
  });

  router.get("/state", (req, res) => {
    const shop = typeof req.query.shop === "string" ? req.query.shop : undefined;
    res.json(store.snapshot(shopOf(shop)));
  });

  router.get("/webhooks", (req, res) => {
    const q = parse(schemas.webhooksQuery, req.query);
    const matching = deps
      .deliveries()
      .filter(
        (d) =>
          (!q.shop || d.shop === q.shop) &&
          (!q.topic || d.topic === q.topic) &&
          (!q.state || d.state === q.state),
      );
    res.json({ deliveries: q.limit ? matching.slice(-q.limit) : matching });
  });

  router.post("/apps/:apiKey/uninstall", (req, res) => {
    const { shop } = parse(schemas.shopOnlyBody, req.body ?? {});
    const app = appOf(param(req, "apiKey"));
    store.uninstallApp(shopOf(shop), app.apiKey);
    res.json({ ok: true });
  });

  router.post("/session-token", (req, res) => {
    const { shop, apiKey, staffUserId } = parse(schemas.sessionTokenBody, req.body);
    if (!store.shops().includes(shop)) throw new DevStoreError(`unknown shop ${shop}`, 404);
    const app = appOf(apiKey);
    const minted = mintSessionToken({
      shop,
      apiKey: app.apiKey,
      apiSecret: app.apiSecret,
      staffUserId: staffUserId ?? deps.staffUserId,
      nowMs: deps.wallClock(),
    });
    res.status(201).json(minted);
  });

  function shopOf(shop: string | undefined): string {
    if (shop) return shop;
    const shops = store.shops();
    if (shops.length === 1) return shops[0]!;
    throw new DevStoreError(
      shops.length === 0
        ? "the dev store has no shop yet: POST /_devstore/seed first"
        : `shop is required (one of ${shops.join(", ")})`,
      400,
    );
  }

  function appOf(apiKey: string | undefined) {
    if (!apiKey) {
      if (deps.apps.length === 1) return deps.apps[0]!;
      throw new DevStoreError(
        `apiKey is required (one of ${deps.apps.map((a) => a.apiKey).join(", ")})`,
        400,
      );
    }
    const app = deps.apps.find((a) => a.apiKey === apiKey);
    if (!app) throw new DevStoreError(`unknown app ${apiKey}`, 404);
    return app;
  }

  return router;
}

/** Thrown for control-API input that fails its schema; the error handler answers 400 with every problem. */
export class ControlInputError extends Error {
  override name = "ControlInputError";
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ControlInputError(
    result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`).join("; "),
  );
}

function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || !value) throw new ControlInputError(`${name}: missing in the path`);
  return value;
}

/** Accepts a GID or its numeric tail. */
export function toGid(type: string, value: string): string {
  return /^\d+$/.test(value) ? `gid://shopify/${type}/${value}` : value;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
