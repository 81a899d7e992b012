import { shortId } from "../api/gid";
import type { LineHistoryEntry, LineView } from "../api/types";
import { hasMessage, plural, t } from "../locales/t";

/** The order's name (#1001); its numeric id until the order has been read from Shopify. */
export function orderLabel(line: Pick<LineView, "orderName" | "orderId">): string {
  return line.orderName || t("backorders.orderFallback", { id: shortId(line.orderId) });
}

export function productLabel(line: Pick<LineView, "productTitle" | "variantId">): string {
  return line.productTitle || t("backorders.productFallback", { id: shortId(line.variantId) });
}

export function customerLabel(line: Pick<LineView, "customer">): string | null {
  const { customer } = line;
  return customer ? customer.name || customer.email || shortId(customer.id) : null;
}

/** "Allocated by hand", and what the event carried ("2 units") when this build knows the event. */
export function eventLabel(event: LineHistoryEntry["event"]): { name: string; detail: string | null } {
  const key = `line.history.events.${event.type}`;
  const name = hasMessage(key) ? t(key) : event.type;
  const number = (field: string) => (typeof event[field] === "number" ? (event[field] as number) : null);
  let detail: string | null = null;
  if (event.type === "allocate" || event.type === "fulfil") {
    const units = number("units");
    if (units !== null) detail = t(`line.history.eventDetails.units.${plural(units)}`, { count: units });
  } else if (event.type === "change_quantity") {
    const quantity = number("quantity");
    if (quantity !== null) detail = t("line.history.eventDetails.quantity", { quantity });
  } else if (event.type === "reprioritise") {
    const priority = number("priority");
    detail =
      priority === null
        ? t("line.history.eventDetails.priorityCleared")
        : t("line.history.eventDetails.priority", { priority });
  }
  return { name, detail };
}
