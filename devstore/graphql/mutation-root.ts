import type { AdminContext } from "./context.js";
import { DiscountMutations } from "./mutations/discounts.js";
import { FulfillmentMutations } from "./mutations/fulfillment.js";
import { InventoryMutations } from "./mutations/inventory.js";
import { MetafieldMutations } from "./mutations/metafields.js";
import { OrderEditMutations } from "./mutations/order-edits.js";
import { OrderMutations } from "./mutations/orders.js";
import { ProductMutations } from "./mutations/products.js";
import { QueryRoot } from "./query-root.js";

const AREAS = [
  ProductMutations,
  InventoryMutations,
  MetafieldMutations,
  FulfillmentMutations,
  OrderEditMutations,
  OrderMutations,
  DiscountMutations,
] as const;

type Area = (typeof AREAS)[number];

function fieldsOf(area: Area): string[] {
  return Object.getOwnPropertyNames(area.prototype).filter((n) => n !== "constructor");
}

/**
 * The Mutation root value: every field of every area, bound to that area's instance for this request. The areas live
 * in mutations/, one file per resource.
 */
export class MutationRoot {
  [field: string]: unknown;

  constructor(c: AdminContext) {
    for (const Area of AREAS) {
      const area = new Area(c) as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const field of fieldsOf(Area)) this[field] = area[field]!.bind(area);
    }
  }
}

/** Root fields the dev store answers; everything else in Shopify's schema is reported as not implemented. */
export function implementedRootFields(): { query: string[]; mutation: string[] } {
  const names = (proto: object) => Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor");
  return { query: names(QueryRoot.prototype), mutation: AREAS.flatMap(fieldsOf) };
}
