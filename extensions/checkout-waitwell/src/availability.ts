/**
 * Reading Waitwell's v1 availability payload (variant metafield `$app` / `availability`, json) in checkout, on the
 * thank-you page and on the order status page. Mirrors web/server/domain/storefront/availability.ts (the writer)
 * without importing server code into the bundle. Checkout and customer accounts type their API objects separately,
 * so the helpers take the few fields they read, structurally.
 */
import type { CartLine } from "@shopify/ui-extensions/checkout";

/** An `appMetafields` entry on any surface (customer accounts type `value` as string | number | boolean). */
export interface MetafieldEntry {
  target: { type: string; id: string };
  metafield: { namespace: string; key: string; value: unknown };
}

/** What the ETA text needs from `shopify.i18n`. */
export interface DateI18n {
  formatDate(date: Date, options?: Intl.DateTimeFormatOptions): string;
  translate(key: string, options?: Record<string, string | number>): string;
}

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

/** Parses a json metafield value; null when it is not a JSON string. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export function isEta(value: unknown): value is PayloadEta {
  const eta = value as Partial<PayloadEta> | null;
  return (
    typeof eta === "object" &&
    eta !== null &&
    typeof eta.from === "string" &&
    typeof eta.to === "string" &&
    DATE.test(eta.from) &&
    DATE.test(eta.to)
  );
}

/** null for anything that is not a v1 payload (a newer `v` is ignored rather than misread). */
export function parseAvailability(value: unknown): Availability | null {
  const data = parseJson(value);
  if (!data || typeof data !== "object") return null;
  const a = data as Partial<Availability>;
  if (a.v !== 1 || !["in_stock", "backorder", "sold_out"].includes(a.state as string)) return null;
  if (a.eta !== null && !isEta(a.eta)) return null;
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

export function availabilityFor(entries: readonly MetafieldEntry[], variantId: string): Availability | null {
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

function formatDay(i18n: DateI18n, day: string): string {
  // Calendar dates: format in UTC so no buyer time zone can move the day.
  return i18n.formatDate(new Date(`${day}T00:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" });
}

/** "Ships around 12 Dec" (from == to), "Ships between 3 Dec and 5 Dec", or the unknown-date text. */
export function etaText(i18n: DateI18n, eta: PayloadEta | null): string {
  const t = i18n.translate;
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
  entries: readonly MetafieldEntry[],
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

/** The "Shipping" line item property, on a checkout or an order status line. */
export function shippingProperty(line: {
  attributes: readonly { key: string; value?: string | null }[];
}): string | null {
  return line.attributes.find((a) => a.key === SHIPPING_PROPERTY)?.value || null;
}
