/** Shopify global IDs (`gid://shopify/Order/5512345`) and the numeric IDs merchants see in admin URLs. */

export type GidType = "Order" | "Customer" | "ProductVariant";

/** What a merchant typed, as a gid: a bare number becomes `gid://shopify/{type}/{n}`, anything else is kept. */
export function toGid(type: GidType, input: string): string | null {
  const value = input.trim();
  if (value === "") return null;
  return /^\d+$/.test(value) ? `gid://shopify/${type}/${value}` : value;
}

/** The numeric tail of a gid for display; anything else is shown as it is. */
export function shortId(id: string): string {
  const match = /^gid:\/\/shopify\/[^/]+\/([^/?]+)/.exec(id);
  return match?.[1] ?? id;
}
