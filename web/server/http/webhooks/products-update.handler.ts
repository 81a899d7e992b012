import { z } from "zod";
import { toGid } from "../../domain/shared/gid.js";
import type { BackorderEngine } from "../../use-cases/backorder/index.js";
import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import type { PromiseWebhookHooks } from "./index.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

const productPayload = z.object({
  id: numericId,
  variants: z
    .array(
      z.object({
        id: numericId,
        inventory_policy: z.string().optional(),
        inventory_item_id: numericId.nullish(),
        inventory_management: z.string().nullish(),
        sku: z.string().nullish(),
        updated_at: z.string().datetime({ offset: true }).nullish(),
      }),
    )
    .default([]),
  updated_at: z.string().datetime({ offset: true }).nullish(),
});

/**
 * products/update: refreshes the backorder engine's variant mirror (so orders for these variants need no Admin
 * read), then the product in the catalog mirror, and re-evaluates its variants' promises.
 */
export function productsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  promises?: Pick<PromiseWebhookHooks, "onProductsChanged"> | undefined;
  backorders?: Pick<BackorderEngine, "updateVariants"> | undefined;
}): WebhookHandler {
  return {
    identify: identifyResource("Product", "id"),
    async handle(event, payload) {
      const product = parsePayload(productPayload, payload, event.topic);
      const productId = toGid("Product", product.id);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: productId,
        summary: {
          variants: product.variants.length,
          continueSelling: product.variants.filter((v) => v.inventory_policy === "continue").length,
        },
      });
      if (deps.backorders) {
        const asOf = (at: string | null | undefined) =>
          new Date(at ?? product.updated_at ?? event.receivedAt);
        await deps.backorders.updateVariants(
          event.shop,
          product.variants.flatMap((v) =>
            v.inventory_item_id
              ? [
                  {
                    variantId: toGid("ProductVariant", v.id),
                    productId,
                    inventoryItemId: toGid("InventoryItem", v.inventory_item_id),
                    sku: v.sku ?? null,
                    tracked: v.inventory_management === "shopify",
                    inventoryPolicy:
                      v.inventory_policy === "continue" ? ("CONTINUE" as const) : ("DENY" as const),
                    asOf: asOf(v.updated_at),
                  },
                ]
              : [],
          ),
        );
      }
      await deps.promises?.onProductsChanged(event.shop, [productId]);
    },
  };
}
