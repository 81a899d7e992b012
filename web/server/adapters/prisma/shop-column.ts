import type { ShopDomain } from "../../use-cases/ports.js";

/**
 * A shop column read back. Rows are only written through ports that take a ShopDomain (parsed at the edge), so the
 * column holds nothing else; the database knows it as a plain string.
 */
export function storedShop(value: string): ShopDomain {
  return value as ShopDomain;
}
