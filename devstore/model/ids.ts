/**
 * GIDs and the dev store's deterministic id sequences. Every object type draws from its own counter, starting at a
 * per-type base so a numeric id never names two kinds of object (a LineItem id passed where a Variant id is expected
 * fails instead of silently matching). All ids stay below Number.MAX_SAFE_INTEGER, so REST payloads parse exactly.
 */
const BASES = {
  Shop: 10_000_000,
  Location: 60_000_000,
  Product: 7_000_000_000,
  ProductVariant: 4_000_000_000,
  InventoryItem: 4_500_000_000,
  Customer: 6_500_000_000,
  MailingAddress: 6_600_000_000,
  Order: 5_000_000_000,
  LineItem: 13_000_000_000,
  FulfillmentOrder: 5_500_000_000,
  FulfillmentOrderLineItem: 14_000_000_000,
  FulfillmentHold: 800_000_000,
  Fulfillment: 4_800_000_000,
  Refund: 900_000_000,
  RefundLineItem: 500_000_000,
  CalculatedOrder: 100_000_000,
  CalculatedLineItem: 15_000_000_000,
  OrderEdit: 110_000_000,
  Metafield: 20_000_000_000,
  DiscountCodeNode: 1_300_000_000,
  App: 3_000_000,
  AppInstallation: 400_000_000,
  InventoryAdjustmentGroup: 25_000_000_000,
  InventoryScheduledChange: 26_000_000_000,
  Job: 27_000_000_000,
  OrderTransaction: 29_000_000_000,
  DataRequest: 9_000,
  ShippingLine: 28_000_000_000,
  OrderStagedChange: 30_000_000_000,
} as const;

export type IdType = keyof typeof BASES;

export class IdSequences {
  private readonly next = new Map<IdType, number>();

  take(type: IdType): number {
    const n = (this.next.get(type) ?? 0) + 1;
    this.next.set(type, n);
    return BASES[type] + n;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.next);
  }
}

export function gid(type: string, id: number | string, params?: Record<string, string | number>): string {
  const base = `gid://shopify/${type}/${id}`;
  if (!params) return base;
  return `${base}?${Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&")}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  params: Record<string, string>;
}

/** A global id as Shopify's ID scalar accepts it: `gid://shopify/Type/<opaque tail>[?params]`. */
export interface GlobalId {
  type: string;
  /** The id as sent: opaque, never converted (Shopify's ids exceed 2^53, e.g. Product 788032119674292922). */
  tail: string;
  params: Record<string, string>;
}

const GLOBAL_ID_RE = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/([^/?#\s]+)(?:\?(.*))?$/;

/** Whether Shopify would accept `value` as an ID at all (a malformed one is a coercion error, not a null). */
export function parseGlobalId(value: string): GlobalId | null {
  const m = GLOBAL_ID_RE.exec(value);
  if (!m) return null;
  const params: Record<string, string> = {};
  if (m[3]) {
    for (const pair of m[3].split("&")) {
      const [k, v = ""] = pair.split("=");
      if (k) params[k] = decodeURIComponent(v);
    }
  }
  return { type: m[1]!, tail: m[2]!, params };
}

/**
 * The dev store's own key for an id tail, or null when the tail cannot be one of its ids. The store numbers its
 * objects with decimal integers below 2^53 (IdSequences), so a tail is a key only if it is exactly such an integer's
 * decimal form; a longer tail is never rounded onto a key (that would make an unknown id name another object).
 */
export function storeKey(tail: string | undefined): number | null {
  if (tail === undefined || !/^[1-9]\d{0,15}$/.test(tail)) return null;
  const n = Number(tail);
  return Number.isSafeInteger(n) && String(n) === tail ? n : null;
}

/**
 * A GID that can name one of the dev store's objects: its type, numeric key and params. Null for a malformed id and
 * for a well-formed one no dev store object can have (both find nothing; see parseGlobalId for telling them apart).
 */
export function parseGid(value: string): ParsedGid | null {
  const g = parseGlobalId(value);
  const id = g ? storeKey(g.tail) : null;
  return g && id !== null ? { type: g.type, id, params: g.params } : null;
}

/** The numeric id of a GID of the expected type, or null. */
export function idOf(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}
