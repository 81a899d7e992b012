import { z } from "zod";
import type { createUninstallShop } from "../use-cases/uninstall-shop.js";
import type { WebhookHandler } from "../use-cases/webhook-handlers.js";
import { identifyNothing, webhookHandler } from "./payloads.js";

// The REST Shop resource. The shop to uninstall is the signed X-Shopify-Shop-Domain, not a payload field.
const shopPayload = z.object({ myshopify_domain: z.string().nullish() });

/** app/uninstalled: drop the shop's sessions and mark it uninstalled (its data waits for shop/redact). */
export function appUninstalledHandler(deps: {
  uninstallShop: ReturnType<typeof createUninstallShop>;
}): WebhookHandler<z.output<typeof shopPayload>> {
  return webhookHandler({
    payload: shopPayload,
    identify: identifyNothing,
    handle: (event) => deps.uninstallShop(event.shop, event.triggeredAt ?? event.receivedAt),
  });
}
