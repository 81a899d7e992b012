import { parseGid, storeKey } from "../../model/ids.js";
import type { AdminContext } from "../context.js";
import { CustomerView } from "./customer.js";
import { DiscountCodeNodeView } from "./discount.js";
import { FulfillmentView } from "./fulfillment.js";
import {
  FulfillmentHoldView,
  FulfillmentOrderView,
  FulfillmentOrderLineItemView,
} from "./fulfillment-order.js";
import { InventoryItemView, InventoryLevelView } from "./inventory.js";
import { LineItemView } from "./line-item.js";
import { LocationView } from "./location.js";
import { MetafieldView } from "./metafields.js";
import { OrderView } from "./order.js";
import { CalculatedOrderView } from "./order-edit.js";
import { ProductView, VariantView } from "./product.js";
import { RefundView } from "./refund.js";
import { ShopView, AppView, AppInstallationView } from "./shop.js";

/** node(id:) / nodes(ids:): any object the dev store keeps, by GID, within the caller's shop. */
export function nodeView(c: AdminContext, id: string): unknown {
  const p = parseGid(id);
  if (!p) return null;
  const s = c.s;
  switch (p.type) {
    case "Shop":
      return p.id === s.shop.id ? new ShopView(c) : null;
    case "Location":
      return map(s.locations.get(p.id), (r) => new LocationView(r, c));
    case "Product":
      return map(s.products.get(p.id), (r) => new ProductView(r, c));
    case "ProductVariant":
      return map(s.variants.get(p.id), (r) => new VariantView(r, c));
    case "InventoryItem":
      return map(s.inventoryItems.get(p.id), (r) => new InventoryItemView(r, c));
    case "InventoryLevel": {
      const itemId = storeKey(p.params.inventory_item_id);
      const level = itemId === null ? undefined : s.inventoryItems.get(itemId)?.levels.get(p.id);
      return map(level, (r) => new InventoryLevelView(r, c));
    }
    case "Customer":
      return map(s.customers.get(p.id), (r) => new CustomerView(r, c));
    case "Order":
      return map(s.orders.get(p.id), (r) => new OrderView(r, c));
    case "LineItem":
      return map(s.lineItems.get(p.id), (r) => new LineItemView(r, c));
    case "FulfillmentOrder":
      return map(s.fulfillmentOrders.get(p.id), (r) => new FulfillmentOrderView(r, c));
    case "FulfillmentOrderLineItem":
      return map(s.foLineItems.get(p.id), (r) =>
        r.totalQuantity > 0 ? new FulfillmentOrderLineItemView(r, c) : null,
      );
    case "FulfillmentHold":
      return map(s.holds.get(p.id), (r) => new FulfillmentHoldView(r, c));
    case "Fulfillment":
      return map(s.fulfillments.get(p.id), (r) => new FulfillmentView(r, c));
    case "Refund":
      return map(s.refunds.get(p.id), (r) => new RefundView(r, c));
    case "Metafield":
      return map(s.metafields.get(p.id), (r) => new MetafieldView(r, () => nodeView(c, r.ownerGid)));
    case "CalculatedOrder":
      return map(s.edits.get(p.id), (r) => new CalculatedOrderView(r, c));
    case "DiscountCodeNode":
      return map(s.discounts.get(p.id), (r) => new DiscountCodeNodeView(r, c));
    case "AppInstallation":
      return map(
        [...s.installations.values()].find((i) => i.id === p.id),
        (r) => new AppInstallationView(r, c),
      );
    case "App": {
      const inst = [...s.installations.values()].find((i) => i.appId === p.id);
      return inst ? new AppView(c.store.app(inst.apiKey), c) : null;
    }
    default:
      return null;
  }
}

function map<T, V>(value: T | undefined, f: (t: T) => V): V | null {
  return value === undefined ? null : f(value);
}
