import { Router } from "express";
import * as schemas from "../control.schemas.js";
import type { ControlStore } from "../store-port.js";
import { optionalLocation, param, parse, shopResolver, toGid } from "./input.js";

/** The warehouse's side: stock received, incoming stock scheduled and received, fulfilments, inventory policy. */
export function stockRoutes(store: ControlStore): Router {
  const router = Router();
  const shopOf = shopResolver(store);

  router.post("/stock/receive", (req, res) => {
    const { shop, variantId, locationId, quantity } = parse(schemas.receiveStockBody, req.body);
    store.receiveStock(shopOf(shop), {
      variantId: toGid("ProductVariant", variantId),
      ...optionalLocation(locationId),
      quantity,
    });
    res.json({ ok: true });
  });

  router.post("/incoming", (req, res) => {
    const body = parse(schemas.scheduleIncomingBody, req.body);
    const incoming = store.scheduleIncoming(shopOf(body.shop), {
      variantId: toGid("ProductVariant", body.variantId),
      ...optionalLocation(body.locationId),
      quantity: body.quantity,
      expectedAt: body.expectedAt,
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

  return router;
}
