import { Router } from "express";
import type { Catalog } from "../../model/types.js";
import * as schemas from "../control.schemas.js";
import type { ControlStore } from "../store-port.js";
import { optionalLocation, param, parse, shopResolver, toGid } from "./input.js";

/** What shoppers and the merchant do to a shop: seed it, place and cancel orders, customers' privacy requests. */
export function shopActivityRoutes(store: ControlStore): Router {
  const router = Router();
  const shopOf = shopResolver(store);

  router.post("/seed", (req, res) => {
    const catalog = parse(schemas.seedBody, req.body) as unknown as Catalog;
    res.status(201).json(store.seed(catalog));
  });

  router.post("/orders", (req, res) => {
    const { shop, lines, locationId, attributes, noteAttributes, ...rest } = parse(
      schemas.placeOrderBody,
      req.body,
    );
    const order = store.placeOrder(shopOf(shop), {
      ...rest,
      ...(noteAttributes || attributes
        ? { noteAttributes: [...(noteAttributes ?? []), ...cartAttributes(attributes)] }
        : {}),
      lines: lines.map((l) => ({ ...l, variantId: toGid("ProductVariant", l.variantId) })),
      ...optionalLocation(locationId),
    });
    res.status(201).json(order);
  });

  router.post("/orders/:id/cancel", (req, res) => {
    const { shop, ...opts } = parse(schemas.cancelOrderBody, req.body ?? {});
    res.json(store.cancelOrder(shopOf(shop), toGid("Order", param(req, "id")), opts));
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

  return router;
}

/** Cart attributes as the order's note_attributes (https://shopify.dev/docs/api/liquid/objects/cart#cart-attributes). */
function cartAttributes(
  attributes: Record<string, string> | { key: string; value: string }[] | undefined,
): { name: string; value: string }[] {
  if (!attributes) return [];
  const pairs = Array.isArray(attributes)
    ? attributes.map((a) => [a.key, a.value] as const)
    : Object.entries(attributes);
  return pairs.map(([name, value]) => ({ name, value }));
}
