import { z } from "zod";
import { toGid } from "../../domain/shared/gid.js";
import type { createNoteShopEvent } from "../../use-cases/note-shop-event.js";
import type { WebhookHandler } from "../../use-cases/webhook-handlers.js";
import { identifyResource, numericId, parsePayload } from "./payloads.js";

const productPayload = z.object({
  id: numericId,
  variants: z.array(z.object({ id: numericId, inventory_policy: z.string().optional() })).default([]),
});

/** products/update: recorded for now; the backorder engine takes this topic over. */
export function productsUpdateHandler(deps: {
  noteShopEvent: ReturnType<typeof createNoteShopEvent>;
}): WebhookHandler {
  return {
    identify: identifyResource("Product", "id"),
    async handle(event, payload) {
      const product = parsePayload(productPayload, payload, event.topic);
      await deps.noteShopEvent({
        shop: event.shop,
        topic: event.topic,
        resourceId: toGid("Product", product.id),
        summary: {
          variants: product.variants.length,
          continueSelling: product.variants.filter((v) => v.inventory_policy === "continue").length,
        },
      });
    },
  };
}
