// Same shape as the file Shopify CLI generates (`shopify app dev` rewrites it): types the global `shopify` per module
// from the target it renders, so `tsc` rejects an API field a target does not have.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/CartLineEta.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/BackorderSummary.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/ThankYouEta.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-ignore
declare module "./src/OrderStatusEta.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.cart-line-item.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}
