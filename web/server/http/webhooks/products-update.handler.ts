import { z } from "zod";
import { toGid } from "../../domain/shared/gid.js";
import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import type { PromiseWebhookHooks } from "./index.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

const productPayload = z.object({
  id: numericId,
  variants: z.array(z.object({ id: numericId, inventory_policy: z.string().optional() })).default([]),
});

/** products/update: refreshes the product in the catalog mirror and re-evaluates its variants' promises. */
export function productsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
  promises?: Pick<PromiseWebhookHooks, "onProductsChanged"> | undefined;
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
      await deps.promises?.onProductsChanged(event.shop, [productId]);
    },
  };
}
