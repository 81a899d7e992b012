import { z } from "zod";
import type { createEraseShop } from "../use-cases/privacy/erase-shop.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyNothing, webhookHandler } from "./payloads.js";

const shopRedactPayload = z.object({ shop_domain: z.string() });

/** shop/redact (48 h after uninstall): erase everything of the shop named by the signed shop-domain header. */
export function shopRedactHandler(deps: {
  eraseShop: ReturnType<typeof createEraseShop>;
}): WebhookHandler<z.output<typeof shopRedactPayload>> {
  return webhookHandler({
    payload: shopRedactPayload,
    identify: identifyNothing,
    handle: (event) => deps.eraseShop(event.shop),
  });
}
