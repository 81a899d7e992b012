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
  DataRequest: 9_000,
  ShippingLine: 28_000_000_000,
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

const GID_RE = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/;

/** Parses `gid://shopify/Type/123?x=y`; null for anything else (Shopify answers such ids with "invalid id"). */
export function parseGid(value: string): ParsedGid | null {
  const m = GID_RE.exec(value);
  if (!m) return null;
  const params: Record<string, string> = {};
  if (m[3]) {
    for (const pair of m[3].split("&")) {
      const [k, v = ""] = pair.split("=");
      if (k) params[k] = decodeURIComponent(v);
    }
  }
  const id = Number(m[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { type: m[1]!, id, params };
}

/** The numeric id of a GID of the expected type, or null. */
export function idOf(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}
