/** purchase.checkout.cart-line-item.render-after: the ETA under each backordered line. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { availabilityFor, etaText } from "./availability";

export default async () => {
  render(<CartLineEta />, document.body);
};

function CartLineEta() {
  const line = shopify.target.value;
  const availability = availabilityFor(shopify.appMetafields.value, line.merchandise.id);
  if (availability?.state !== "backorder") return null;
  return (
    <s-text tone="warning" type="small">
      {etaText(shopify.i18n, availability.eta)}
    </s-text>
  );
}
