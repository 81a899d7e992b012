import { ETA_SOURCES, isCalendarDate, type CalendarDate, type Eta, type EtaSource } from "../eta/index.js";
import type { BackorderMode, PolicyDecision, VariantStock } from "../selling-rules/index.js";
import { gidNumericId, isGid, type ProductVariantGid } from "../shared/gid.js";
import type { Substitute, SubstituteReason } from "../substitution/index.js";
import { SUBSTITUTE_REASONS } from "../substitution/index.js";

/**
 * The variant metafield the theme block, the app embed and the checkout extension read (they never call our server).
 * Declared in shopify.app.toml (`[variant.metafields.app.availability]`, namespace `$app`) with storefront read access. Changing the shape means a new `v`, read side by side.
 */
export const AVAILABILITY_METAFIELD = {
  namespace: "$app",
  key: "availability",
  type: "json",
} as const;

export type AvailabilityState = "in_stock" | "backorder" | "sold_out";

/** `from === to` for an exact day. */
export interface PayloadEta {
  from: CalendarDate;
  to: CalendarDate;
  source: EtaSource;
}

export interface PayloadSubstitute {
  variantId: ProductVariantGid;
  productTitle: string;
  /** "" for a product's only variant (Shopify calls it "Default Title", which no shopper should see). */
  variantTitle: string;
  /** Relative to the shop root; the theme prefixes the market's locale path (`routes.root_url`). */
  url: string;
  /** Decimal string in the shop's currency, as Shopify gives it. */
  price: string;
  reason: SubstituteReason;
}

export interface AvailabilityPayload {
  v: 1;
  state: AvailabilityState;
  /** Only for `backorder`: an in-stock label with a date confuses shoppers, and a sold-out one promises nothing. */
  eta: PayloadEta | null;
  /** Units still sellable on backorder; null: no cap. */
  capacity: number | null;
  /** Empty while in stock. */
  substitutes: PayloadSubstitute[];
}

export interface AvailabilityInput {
  mode: BackorderMode;
  stock: VariantStock;
  decision: PolicyDecision;
  /** The next unit's ETA. */
  eta: Eta;
  substitutes: readonly Substitute[];
}

const DEFAULT_VARIANT_TITLE = "Default Title";

/**
 * What the storefront shows for a variant:
 * - in_stock: untracked, or stock on hand (unless the mode says every sale is a backorder and backorders are open);
 * - backorder: the policy is CONTINUE and the sale would wait (no stock, or mode `always`);
 * - sold_out: nothing on hand and backorders closed.
 */
export function buildAvailability(input: AvailabilityInput): AvailabilityPayload {
  const { stock, decision, mode } = input;
  const open = decision.policy === "CONTINUE";
  const state: AvailabilityState = !stock.tracked
    ? "in_stock"
    : open && (stock.available <= 0 || mode === "always")
      ? "backorder"
      : stock.available > 0
        ? "in_stock"
        : "sold_out";
  return {
    v: 1,
    state,
    eta: state === "backorder" ? payloadEta(input.eta) : null,
    capacity: decision.capacity,
    substitutes: state === "in_stock" ? [] : input.substitutes.map(payloadSubstitute),
  };
}

export function payloadEta(eta: Eta): PayloadEta | null {
  switch (eta.kind) {
    case "date":
      return { from: eta.date, to: eta.date, source: eta.source };
    case "range":
      return { from: eta.from, to: eta.to, source: eta.source };
    case "unknown":
      return null;
  }
}

export function payloadSubstitute({ variant, reason }: Substitute): PayloadSubstitute {
  return {
    variantId: variant.variantId,
    productTitle: variant.productTitle,
    variantTitle: variant.variantTitle === DEFAULT_VARIANT_TITLE ? "" : variant.variantTitle,
    url: `/products/${encodeURIComponent(variant.handle)}?variant=${gidNumericId(variant.variantId)}`,
    price: variant.price,
    reason,
  };
}

const STATES: ReadonlySet<unknown> = new Set<AvailabilityState>(["in_stock", "backorder", "sold_out"]);
const SOURCES: ReadonlySet<unknown> = new Set(ETA_SOURCES);
const REASONS: ReadonlySet<unknown> = new Set(SUBSTITUTE_REASONS);

/**
 * Reads a stored value back (the JSON string Shopify returns, or the parsed object); null for anything that is not
 * exactly a v1 payload. The app proxy fallback serves what this accepts.
 */
export function parseAvailability(value: unknown): AvailabilityPayload | null {
  let data: unknown = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!isRecord(data) || !hasExactly(data, ["v", "state", "eta", "capacity", "substitutes"])) return null;
  if (data.v !== 1 || !STATES.has(data.state) || !Array.isArray(data.substitutes)) return null;
  const capacity = data.capacity;
  if (capacity !== null && (typeof capacity !== "number" || !Number.isSafeInteger(capacity) || capacity < 0))
    return null;
  let eta: PayloadEta | null = null;
  if (data.eta !== null) {
    const e = data.eta;
    if (!isRecord(e) || !hasExactly(e, ["from", "to", "source"])) return null;
    if (!isCalendarDate(e.from) || !isCalendarDate(e.to) || e.to < e.from || !SOURCES.has(e.source))
      return null;
    eta = { from: e.from, to: e.to, source: e.source as EtaSource };
  }
  const substitutes: PayloadSubstitute[] = [];
  for (const s of data.substitutes) {
    if (
      !isRecord(s) ||
      !hasExactly(s, ["variantId", "productTitle", "variantTitle", "url", "price", "reason"])
    )
      return null;
    const { variantId, productTitle, variantTitle, url, price, reason } = s;
    if (
      typeof productTitle !== "string" ||
      typeof variantTitle !== "string" ||
      typeof url !== "string" ||
      typeof price !== "string" ||
      !REASONS.has(reason) ||
      !isGid("ProductVariant", variantId)
    ) {
      return null;
    }
    substitutes.push({
      variantId,
      productTitle,
      variantTitle,
      url,
      price,
      reason: reason as SubstituteReason,
    });
  }
  return { v: 1, state: data.state as AvailabilityState, eta, capacity, substitutes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasExactly(record: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(record);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(record, k));
}
