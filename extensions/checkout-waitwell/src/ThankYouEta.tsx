/**
 * purchase.thank-you.cart-line-item.render-after: the date promised at purchase. The line's "Shipping" property (added
 * by the theme app embed when the shopper added it) is the promise as shown; without it, the variant's ETA.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { availabilityFor, etaText, shippingProperty } from "./availability";

export default async () => {
  render(<ThankYouEta />, document.body);
};

function ThankYouEta() {
  const line = shopify.target.value;
  const promised = shippingProperty(line);
  const availability = availabilityFor(shopify.appMetafields.value, line.merchandise.id);
  const eta =
    promised ?? (availability?.state === "backorder" ? etaText(shopify.i18n, availability.eta) : null);
  if (!eta) return null;
  return <s-text type="small">{shopify.i18n.translate("thankYou.promised", { eta })}</s-text>;
}
