import { z } from "zod";
import { toGid } from "../domain/shared/gid.js";
import type { MirroredProduct, MirroredVariant } from "../use-cases/availability/ports.js";
import type { VariantInfo } from "../use-cases/backorder/ports.js";
import type { InboxEvent } from "../use-cases/ports.js";
import type { ProductUpdate, ProductUpdated } from "../use-cases/product-updated.js";
import type { WebhookHandler, WebhookLane } from "../use-cases/webhook-handlers.js";
import { identifyResource, numericId, preciseInstant, webhookHandler } from "./payloads.js";

const productPayload = z.object({
  id: numericId,
  title: z.string().nullish(),
  handle: z.string().nullish(),
  vendor: z.string().nullish(),
  product_type: z.string().nullish(),
  tags: z.string().nullish(),
  options: z.array(z.object({ name: z.string(), position: z.number().int().optional() })).nullish(),
  variants: z
    .array(
      z.object({
        id: numericId,
        title: z.string().nullish(),
        price: z.union([z.string(), z.number()]).nullish(),
        barcode: z.string().nullish(),
        inventory_policy: z.string().optional(),
        inventory_item_id: numericId.nullish(),
        inventory_management: z.string().nullish(),
        inventory_quantity: z.number().int().nullish(),
        option1: z.string().nullish(),
        option2: z.string().nullish(),
        option3: z.string().nullish(),
        sku: z.string().nullish(),
        updated_at: z.string().datetime({ offset: true }).nullish(),
      }),
    )
    .default([]),
  updated_at: z.string().datetime({ offset: true }).nullish(),
});

type ProductPayload = z.output<typeof productPayload>;

/**
 * The catalog mirror's copy of the product, straight from the payload (collections excepted: the mirror keeps its
 * own). null when the payload lacks what the mirror needs (a trimmed payload): the product is then re-read.
 */
function mirroredFromPayload(
  product: ProductPayload,
  asOf: Date,
): Omit<MirroredProduct, "collectionIds"> | null {
  if (!product.title || !product.handle) return null;
  const optionNames = [...(product.options ?? [])]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((o) => o.name);
  const variants: MirroredVariant[] = [];
  for (const v of product.variants) {
    if (!v.inventory_item_id || v.price === null || v.price === undefined || !v.inventory_policy) return null;
    const values = [v.option1, v.option2, v.option3];
    variants.push({
      variantId: toGid("ProductVariant", v.id),
      title: v.title ?? "",
      sku: v.sku || null,
      barcode: v.barcode || null,
      price: String(v.price),
      inventoryPolicy: v.inventory_policy === "continue" ? "CONTINUE" : "DENY",
      inventoryItemId: toGid("InventoryItem", v.inventory_item_id),
      tracked: v.inventory_management === "shopify",
      available: v.inventory_quantity ?? 0,
      options: optionNames.flatMap((name, i) => (values[i] ? [{ name, value: values[i] }] : [])),
    });
  }
  return {
    productId: toGid("Product", product.id),
    title: product.title,
    handle: product.handle,
    vendor: product.vendor || null,
    productType: product.product_type || null,
    tags: (product.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    variants,
    asOf,
  };
}

/** The backorder engine's copy of each variant that has an inventory item. */
function engineVariants(product: ProductPayload, receivedAt: Date): VariantInfo[] {
  const productId = toGid("Product", product.id);
  return product.variants.flatMap((v) =>
    v.inventory_item_id
      ? [
          {
            variantId: toGid("ProductVariant", v.id),
            productId,
            inventoryItemId: toGid("InventoryItem", v.inventory_item_id),
            sku: v.sku ?? null,
            tracked: v.inventory_management === "shopify",
            inventoryPolicy: v.inventory_policy === "continue" ? ("CONTINUE" as const) : ("DENY" as const),
            asOf: new Date(v.updated_at ?? product.updated_at ?? receivedAt),
          },
        ]
      : [],
  );
}

/** products/update: the product changed (use-cases/product-updated.ts says what follows). */
export function productsUpdateHandler(deps: {
  productUpdated: ProductUpdated;
  /** A shop's products claimed together, handled as one batch. */
  productsLane?: WebhookLane<ProductUpdate> | undefined;
}): WebhookHandler<ProductPayload> {
  const update = (event: InboxEvent, product: ProductPayload): ProductUpdate => ({
    shop: event.shop,
    topic: event.topic,
    productId: toGid("Product", product.id),
    variantCount: product.variants.length,
    continueSelling: product.variants.filter((v) => v.inventory_policy === "continue").length,
    variants: engineVariants(product, event.receivedAt),
    catalogProduct: mirroredFromPayload(
      product,
      preciseInstant(product.updated_at, event.triggeredAt, event.receivedAt),
    ),
  });
  const handler = webhookHandler({
    payload: productPayload,
    identify: identifyResource("Product", "id"),
    // The whole product in every delivery; the mirrors keep the newest copy (a stock move fires one per order).
    snapshot: true,
    handle: (event, product) => deps.productUpdated(update(event, product)),
  });
  const { productsLane } = deps;
  return productsLane ? { ...handler, lane: { lane: productsLane, item: update } } : handler;
}
