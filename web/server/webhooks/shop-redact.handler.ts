import { z } from "zod";
import type { createEraseShop } from "../use-cases/privacy/erase-shop.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyNothing, parsePayload } from "./payloads.js";

const shopRedactPayload = z.object({ shop_domain: z.string() });

/**
 * shop/redact (48 h after uninstall): erase everything of the shop (every holder of the privacy registry). The
 * intake checked that the body's shop_domain names the header's shop.
 */
export function shopRedactHandler(deps: { eraseShop: ReturnType<typeof createEraseShop> }): WebhookHandler {
  return {
    identify: identifyNothing,
    async handle(event, payload) {
      parsePayload(shopRedactPayload, payload, event.topic);
      await deps.eraseShop(event.shop);
    },
  };
}
