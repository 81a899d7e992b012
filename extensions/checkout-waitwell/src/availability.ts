/**
 * Reading Waitwell's v1 availability payload (variant metafield `$app` / `availability`, json) in checkout.
 * Mirrors web/server/domain/storefront/availability.ts (the writer) without importing server code into the bundle.
 */
import type { AppMetafieldEntry, CartLine, I18n } from "@shopify/ui-extensions/checkout";

export const NAMESPACE = "$app";
export const KEY = "availability";
/** Cart attribute the acknowledgement writes (ISO time); leading underscore keeps it off the shopper's order page. */
export const ACK_ATTRIBUTE = "_waitwell_backorder_ack";
/** Line item property the theme app embed adds ("Ships around 12 Dec"): the promise as the shopper saw it. */
export const SHIPPING_PROPERTY = "Shipping";

export interface PayloadEta {
  from: string;
  to: string;
  source: "incoming" | "fixed" | "lead_time" | "supplier_feed";
}
export interface PayloadSubstitute {
  variantId: string;
  productTitle: string;
  variantTitle: string;
  url: string;
  price: string;
  reason: string;
}
export interface Availability {
  v: 1;
  state: "in_stock" | "backorder" | "sold_out";
  eta: PayloadEta | null;
  capacity: number | null;
  substitutes: PayloadSubstitute[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** null for anything that is not a v1 payload (a newer `v` is ignored rather than misread). */
export function parseAvailability(value: string): Availability | null {
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  if (!data || typeof data !== "object") return null;
  const a = data as Partial<Availability>;
  if (a.v !== 1 || !["in_stock", "backorder", "sold_out"].includes(a.state as string)) return null;
  if (a.eta !== null && (!a.eta || !DATE.test(a.eta.from) || !DATE.test(a.eta.to))) return null;
  return {
    v: 1,
    state: a.state!,
    eta: a.eta,
    capacity: typeof a.capacity === "number" ? a.capacity : null,
    substitutes: Array.isArray(a.substitutes) ? a.substitutes : [],
  };
}

/** Numeric tail of a GID, so `gid://shopify/ProductVariant/12` and `12` compare equal. */
export function numericId(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

export function availabilityFor(
  entries: readonly AppMetafieldEntry[],
  variantId: string,
): Availability | null {
  const wanted = numericId(variantId);
  const entry = entries.find(
    (e) =>
      e.target.type === "variant" &&
      numericId(e.target.id) === wanted &&
      e.metafield.namespace === NAMESPACE &&
      e.metafield.key === KEY,
  );
  return entry ? parseAvailability(entry.metafield.value) : null;
}

type Translate = I18n["translate"];

function formatDay(i18n: Pick<I18n, "formatDate">, day: string): string {
  // Calendar dates: format in UTC so no buyer time zone can move the day.
  return i18n.formatDate(new Date(`${day}T00:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" });
}

/** "Ships around 12 Dec" (from == to), "Ships between 3 Dec and 5 Dec", or the unknown-date text. */
export function etaText(i18n: Pick<I18n, "formatDate" | "translate">, eta: PayloadEta | null): string {
  const t: Translate = i18n.translate;
  if (!eta) return t("eta.unknown");
  if (eta.from === eta.to) return t("eta.exact", { date: formatDay(i18n, eta.from) });
  return t("eta.range", { from: formatDay(i18n, eta.from), to: formatDay(i18n, eta.to) });
}

export interface BackorderedLine {
  line: CartLine;
  availability: Availability;
}

export function backorderedLines(
  lines: readonly CartLine[],
  entries: readonly AppMetafieldEntry[],
): BackorderedLine[] {
  const out: BackorderedLine[] = [];
  for (const line of lines) {
    const availability = availabilityFor(entries, line.merchandise.id);
    if (availability?.state === "backorder") out.push({ line, availability });
  }
  return out;
}

export function lineTitle(line: CartLine): string {
  const m = line.merchandise;
  const sub = m.subtitle ?? "";
  return sub ? `${m.title} (${sub})` : m.title;
}

export function shippingProperty(line: CartLine): string | null {
  return line.attributes.find((a) => a.key === SHIPPING_PROPERTY)?.value || null;
}
