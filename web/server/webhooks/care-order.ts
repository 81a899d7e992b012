import { z } from "zod";
import { acknowledgedAt } from "../domain/customer-care/consent.js";
import { toGid } from "../domain/shared/gid.js";
import type { CareOrder } from "../use-cases/customer-care/ports.js";
import { numericId } from "./payloads.js";

/** The REST Order fields customer care reads: contact, language, checkout acknowledgement, what each line showed. */
export const careOrderPayload = z.object({
  id: numericId,
  name: z.string().default(""),
  created_at: z.string(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  customer_locale: z.string().nullish(),
  currency: z.string().nullish(),
  note_attributes: z
    .array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.null()]) }))
    .nullish(),
  customer: z
    .object({
      id: numericId,
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
    })
    .nullish(),
  line_items: z.array(
    z.object({
      id: numericId,
      title: z.string().nullish(),
      variant_title: z.string().nullish(),
      price: z.string().nullish(),
      properties: z
        .array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.null()]) }))
        .nullish(),
    }),
  ),
});

/** The line item property the theme app embed adds: the shipping estimate the shopper saw. */
const SHIPPING_PROPERTY = "Shipping";

export function toCareOrder(payload: z.output<typeof careOrderPayload>): CareOrder {
  const name = [payload.customer?.first_name, payload.customer?.last_name].filter(Boolean).join(" ");
  const attributes = (payload.note_attributes ?? []).map((a) => ({
    name: a.name,
    value: a.value === null ? null : String(a.value),
  }));
  return {
    orderId: toGid("Order", payload.id),
    orderName: payload.name,
    customerId: payload.customer ? toGid("Customer", payload.customer.id) : null,
    email: payload.email || payload.contact_email || payload.customer?.email || null,
    customerName: name || null,
    locale: payload.customer_locale ?? "en",
    acknowledgedAt: acknowledgedAt(attributes, new Date(payload.created_at)),
    currency: payload.currency ?? null,
    lines: Object.fromEntries(
      payload.line_items.map((l) => {
        const shown = (l.properties ?? []).find((p) => p.name === SHIPPING_PROPERTY)?.value;
        const title = [l.title, l.variant_title].filter(Boolean).join(" – ");
        return [
          toGid("LineItem", l.id),
          { title, shownText: shown == null ? null : String(shown), unitPrice: l.price ?? null },
        ];
      }),
    ),
  };
}
