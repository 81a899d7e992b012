import { z } from "zod";
import type { createEraseShop } from "../use-cases/privacy/erase-shop.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import type { AvailabilityWebhookHooks } from "./index.js";
import { identifyNothing, parsePayload } from "./payloads.js";

const shopRedactPayload = z.object({ shop_domain: z.string() });

/** shop/redact (48 h after uninstall): erase everything of the shop named by the signed shop-domain header. */
export function shopRedactHandler(deps: {
  eraseShop: ReturnType<typeof createEraseShop>;
  availability?: Pick<AvailabilityWebhookHooks, "eraseShop"> | undefined;
}): WebhookHandler {
  return {
    identify: identifyNothing,
    async handle(event, payload) {
      parsePayload(shopRedactPayload, payload, event.topic);
      await deps.eraseShop(event.shop);
      await deps.availability?.eraseShop(event.shop);
    },
  };
}
