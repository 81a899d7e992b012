/**
 * customer-account.order-status.cart-line-item.render-after: where the line's waiting units stand. Waitwell's order
 * metafield (`$app` / `backorder`) is the current truth (how many units wait, until when, or that they are back in
 * stock); before Waitwell has written it, the "Shipping" property shows the date promised at purchase. The variant's
 * current ETA is not used here: days after the order it says nothing about this order's units. While units wait, a
 * link to the order's self-service page (the metafield's signed `manage` URL, served through the app proxy).
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { etaText, shippingProperty } from "./availability";
import { lineOutlook, orderBackorderFor } from "./order-backorder";

export default async () => {
  render(<OrderStatusEta />, document.body);
};

function OrderStatusEta() {
  const t = shopify.i18n.translate;
  const line = shopify.target.value;
  const order = shopify.order.value;
  if (!order || order.cancelledAt) return null;
  const promised = shippingProperty(line);
  const record = orderBackorderFor(shopify.appMetafields.value, order.id);

  if (!record) {
    return promised ? <s-text type="small">{t("thankYou.promised", { eta: promised })}</s-text> : null;
  }
  const outlook = lineOutlook(record, line.merchandise.id);
  if (outlook.kind === "ready") {
    return (
      <s-text type="small" tone="success">
        {t("orderStatus.ready")}
      </s-text>
    );
  }
  if (outlook.kind === "none") return null;
  let eta = outlook.eta || !promised ? etaText(shopify.i18n, outlook.eta) : promised;
  // The date moved past what was promised: say so, the customer compares it with their confirmation.
  if (outlook.promised && (!outlook.eta || outlook.eta.to > outlook.promised.to)) {
    eta = t("orderStatus.moved", { eta, promised: etaText(shopify.i18n, outlook.promised) });
  }
  const text =
    outlook.waiting >= line.quantity
      ? t("orderStatus.waiting", { eta })
      : t("orderStatus.partial", { waiting: outlook.waiting, quantity: line.quantity, eta });
  const status = (
    <s-text type="small" tone="warning">
      {text}
    </s-text>
  );
  if (!record.manage) return status;
  // The order's self-service page (through the shop's app proxy): wait, accept the new date, swap or cancel.
  return (
    <s-stack gap="small-400">
      {status}
      <s-link href={record.manage}>{t("manage.link")}</s-link>
    </s-stack>
  );
}
