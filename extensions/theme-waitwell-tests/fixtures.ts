/** Shopify-shaped Liquid objects: a product whose variants cover every availability case Waitwell writes. */

export interface Availability {
  v: 1;
  state: "in_stock" | "backorder" | "sold_out";
  eta: null | { from: string; to: string; source: "incoming" | "fixed" | "lead_time" | "supplier_feed" };
  capacity: number | null;
  substitutes: Array<{
    variantId: string;
    productTitle: string;
    variantTitle: string;
    url: string;
    price: string;
    reason: string;
  }>;
}

/** As the Liquid metafield drop exposes a json metafield: `.value` is the parsed object. */
function metafields(availability: Availability | null) {
  return availability ? { $app: { availability: { value: availability, type: "json" } } } : {};
}

const substitute = {
  variantId: "gid://shopify/ProductVariant/101",
  productTitle: "Hoodie <Classic>",
  variantTitle: "Navy / M",
  url: "/products/hoodie-classic?variant=101",
  price: "49.00",
  reason: "same_type",
};

export const AVAILABILITY = {
  inStock: { v: 1, state: "in_stock", eta: null, capacity: null, substitutes: [] },
  exact: {
    v: 1,
    state: "backorder",
    eta: { from: "2026-12-12", to: "2026-12-12", source: "incoming" },
    capacity: 3,
    substitutes: [substitute],
  },
  range: {
    v: 1,
    state: "backorder",
    eta: { from: "2026-12-03", to: "2026-12-05", source: "supplier_feed" },
    capacity: null,
    substitutes: [],
  },
  soldOut: { v: 1, state: "sold_out", eta: null, capacity: null, substitutes: [substitute] },
} satisfies Record<string, Availability>;

export const VARIANT_IDS = { inStock: 11, exact: 12, range: 13, soldOut: 14, unsynced: 15 } as const;

export function variant(id: number, title: string, availability: Availability | null) {
  return { id, title, available: availability?.state !== "sold_out", metafields: metafields(availability) };
}

export function product(selected: keyof typeof VARIANT_IDS = "inStock") {
  const variants = [
    variant(VARIANT_IDS.inStock, "S", AVAILABILITY.inStock),
    variant(VARIANT_IDS.exact, "M", AVAILABILITY.exact),
    variant(VARIANT_IDS.range, "L", AVAILABILITY.range),
    variant(VARIANT_IDS.soldOut, "XL", AVAILABILITY.soldOut),
    variant(VARIANT_IDS.unsynced, "XXL", null),
  ];
  return {
    id: 1,
    title: "Hoodie",
    handle: "hoodie",
    variants,
    selected_or_first_available_variant: variants.find((v) => v.id === VARIANT_IDS[selected]),
  };
}

export const routes = (rootUrl = "/") => ({ root_url: rootUrl });

/** A USD shop; `presentment` is the currency the shopper browses in (`cart.currency`). */
export const currencies = (presentment = "USD") => ({
  shop: { currency: "USD" },
  cart: { currency: { iso_code: presentment } },
});
