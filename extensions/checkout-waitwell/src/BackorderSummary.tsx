/**
 * purchase.checkout.block.render: what ships later, an optional merchant-enabled acknowledgement (cart attribute
 * `_waitwell_backorder_ack` = ISO time, copied to the order), and in-stock substitutes with a one-tap swap when the
 * cart instructions allow updating lines.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useState } from "preact/hooks";
import type { CartLine, CartLineUpdateChange } from "@shopify/ui-extensions/checkout";
import {
  ACK_ATTRIBUTE,
  backorderedLines,
  etaText,
  lineTitle,
  numericId,
  SHIPPING_PROPERTY,
  type PayloadSubstitute,
} from "./availability";

export default async () => {
  render(<BackorderSummary />, document.body);
};

function BackorderSummary() {
  const t = shopify.i18n.translate;
  const waiting = backorderedLines(shopify.lines.value, shopify.appMetafields.value);
  if (waiting.length === 0) return null;
  const settings = shopify.settings.value;
  const instructions = shopify.instructions.value;
  const askAck = settings.require_acknowledgement === true && instructions.attributes.canUpdateAttributes;
  const canSwap = settings.hide_substitutes !== true && instructions.lines.canUpdateCartLine;

  return (
    <s-stack gap="base">
      <s-banner heading={t("summary.heading")} tone="warning">
        <s-stack gap="small-200">
          {waiting.map(({ line, availability }) => (
            <s-text key={line.id}>
              {t("summary.line", { title: lineTitle(line), eta: etaText(shopify.i18n, availability.eta) })}
            </s-text>
          ))}
        </s-stack>
      </s-banner>
      {askAck && <Acknowledgement />}
      {canSwap &&
        waiting
          .filter(({ availability }) => availability.substitutes.length > 0)
          .map(({ line, availability }) => (
            <Substitutes key={line.id} line={line} substitutes={availability.substitutes} />
          ))}
    </s-stack>
  );
}

function Acknowledgement() {
  const acknowledged = shopify.attributes.value.some((a) => a.key === ACK_ATTRIBUTE && a.value !== "");
  return (
    <s-checkbox
      label={shopify.i18n.translate("acknowledgement.label")}
      checked={acknowledged}
      onChange={(event) => {
        const checked = (event.currentTarget as HTMLInputElement).checked;
        void shopify.applyAttributeChange(
          checked
            ? { type: "updateAttribute", key: ACK_ATTRIBUTE, value: new Date().toISOString() }
            : { type: "removeAttribute", key: ACK_ATTRIBUTE },
        );
      }}
    />
  );
}

function Substitutes({ line, substitutes }: { line: CartLine; substitutes: PayloadSubstitute[] }) {
  const t = shopify.i18n.translate;
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  async function swap(substitute: PayloadSubstitute) {
    // Cart line ids are not stable: find the line again by its variant right before changing it.
    const current = shopify.lines.value.find(
      (l) => numericId(l.merchandise.id) === numericId(line.merchandise.id),
    );
    if (!current || !shopify.instructions.value.lines.canUpdateCartLine) return;
    setBusy(substitute.variantId);
    setFailed(false);
    const change: CartLineUpdateChange = {
      type: "updateCartLine",
      id: current.id,
      merchandiseId: substitute.variantId,
    };
    // The theme's "Shipping" property promised a date for the backordered variant; the substitute ships now, so
    // the promise must not travel to the order. `attributes` replaces the line's attributes, so keep the others.
    const kept = current.attributes.filter((a) => a.key !== SHIPPING_PROPERTY);
    if (kept.length !== current.attributes.length) change.attributes = kept;
    const result = await shopify.applyCartLinesChange(change);
    setBusy(null);
    if (result.type === "error") setFailed(true);
  }

  return (
    <s-stack gap="small-200">
      <s-heading>{t("substitutes.heading", { title: lineTitle(line) })}</s-heading>
      {substitutes.map((s) => (
        <s-stack key={s.variantId} direction="inline" gap="base" alignItems="center">
          <s-text>
            {/* No price: the payload's is in the shop currency, checkout shows the buyer's after the swap. */}
            {s.variantTitle ? `${s.productTitle} – ${s.variantTitle}` : s.productTitle}
          </s-text>
          <s-button loading={busy === s.variantId} onClick={() => void swap(s)}>
            {t("substitutes.swap")}
          </s-button>
        </s-stack>
      ))}
      {failed && <s-banner tone="critical">{t("substitutes.swapFailed")}</s-banner>}
    </s-stack>
  );
}
