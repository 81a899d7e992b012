/**
 * purchase.thank-you.cart-line-item.render-after: the date promised at purchase. Waitwell's order metafield
 * (`$app` / `backorder`) once it is written: the promise recorded for the line's waiting units. Before that, the line's
 * "Shipping" property (added by the theme app embed when the shopper added it), the promise as shown; without it, the
 * variant's ETA. With the record, a link to the order's self-service page (its signed `manage` URL).
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { availabilityFor, etaText, shippingProperty } from "./availability";
import { lineOutlook, orderBackorderFor } from "./order-backorder";

export default async () => {
  render(<ThankYouEta />, document.body);
};

function ThankYouEta() {
  const line = shopify.target.value;
  const orderId = shopify.orderConfirmation.value?.order.id;
  const record = orderId ? orderBackorderFor(shopify.appMetafields.value, orderId) : null;
  const outlook = record ? lineOutlook(record, line.merchandise.id) : null;
  if (outlook?.kind === "waiting" && (outlook.promised ?? outlook.eta)) {
    const eta = etaText(shopify.i18n, outlook.promised ?? outlook.eta);
    const promise = <s-text type="small">{shopify.i18n.translate("thankYou.promised", { eta })}</s-text>;
    if (!record?.manage) return promise;
    // The order's self-service page (through the shop's app proxy): wait, swap or cancel.
    return (
      <s-stack gap="small-400">
        {promise}
        <s-link href={record.manage}>{shopify.i18n.translate("manage.link")}</s-link>
      </s-stack>
    );
  }
  if (outlook && outlook.kind !== "waiting") return null;
  const promised = shippingProperty(line);
  const availability = availabilityFor(shopify.appMetafields.value, line.merchandise.id);
  const eta =
    promised ?? (availability?.state === "backorder" ? etaText(shopify.i18n, availability.eta) : null);
  if (!eta) return null;
  return <s-text type="small">{shopify.i18n.translate("thankYou.promised", { eta })}</s-text>;
}
