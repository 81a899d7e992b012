import { Badge, Banner, BlockStack, Button, Card, DataTable, Text } from "@shopify/polaris";
import type { PreviewVariant, RulePreview } from "../../api/rules-api";
import { formatDate, formatNumber } from "../../locales/format";
import { KeyboardScrollable } from "../keyboard-scrollable";
import { plural, t } from "../../locales/t";

const policyWord = (policy: string) =>
  policy === "CONTINUE" ? t("rules.preview.yes") : t("rules.preview.no");

/** What a shopper reads for the variant: its state, and for a pre-order the restock date as a day or a range. */
export function shopperText(v: PreviewVariant): string {
  const state = t(`rules.preview.states.${v.availability.state}`);
  if (v.availability.state !== "backorder") return state;
  const eta = v.availability.eta;
  const when = !eta
    ? t("rules.preview.etaUnknown")
    : eta.from === eta.to
      ? t("rules.preview.etaExact", { date: formatDate(eta.from) })
      : t("rules.preview.etaRange", { from: formatDate(eta.from), to: formatDate(eta.to) });
  return `${state}: ${when}`;
}

function policyText(v: PreviewVariant): string {
  if (v.policy.desired === null) return t("rules.preview.unchanged");
  if (v.policy.desired === v.policy.current) return policyWord(v.policy.current);
  return t("rules.preview.policyChange", {
    from: policyWord(v.policy.current),
    to: policyWord(v.policy.desired),
  });
}

const TONE = { in_stock: "success", backorder: "attention", sold_out: "critical" } as const;

/**
 * The dry run of the rule being edited: how many variants it would govern (and release), and for each of the first
 * ones the stock, the inventory policy it would get, and what shoppers would see. Computed by the server with the
 * same code the storefront sync runs; nothing is saved.
 */
export function RulePreviewCard({
  preview,
  loading,
  disabled,
  onPreview,
}: {
  preview: RulePreview | null;
  loading: boolean;
  disabled: boolean;
  onPreview: () => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("rules.preview.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("rules.preview.help")}
        </Text>
        <div>
          <Button onClick={onPreview} loading={loading} disabled={disabled}>
            {t("rules.preview.run")}
          </Button>
        </div>
        {preview ? <PreviewResult preview={preview} /> : null}
      </BlockStack>
    </Card>
  );
}

function PreviewResult({ preview }: { preview: RulePreview }) {
  return (
    <BlockStack gap="300">
      {preview.conflict ? <Banner tone="warning">{t("rules.preview.conflict")}</Banner> : null}
      <Text as="p" fontWeight="semibold">
        {t(`rules.preview.governs.${plural(preview.governed)}`, { count: formatNumber(preview.governed) })}
        {preview.variants.length < preview.governed
          ? ` ${t("rules.preview.shownFirst", { count: formatNumber(preview.variants.length) })}`
          : ""}
      </Text>
      {preview.released > 0 ? (
        <Text as="p">
          {t(`rules.preview.released.${plural(preview.released)}`, { count: formatNumber(preview.released) })}
        </Text>
      ) : null}
      {preview.variants.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("rules.preview.none")}
        </Text>
      ) : (
        <KeyboardScrollable label={t("rules.preview.heading")}>
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text", "text", "numeric"]}
            headings={[
              t("rules.preview.product"),
              t("rules.preview.variant"),
              t("rules.preview.stock"),
              t("rules.preview.policy"),
              t("rules.preview.shoppers"),
              t("rules.preview.capacity"),
            ]}
            rows={preview.variants.map((v) => [
              v.productTitle,
              <BlockStack key="variant" gap="100">
                <Text as="span">{[v.variantTitle, v.sku].filter(Boolean).join(" · ")}</Text>
                {v.takenFrom ? (
                  <Text as="span" variant="bodySm" tone="subdued">
                    {t("rules.preview.takenFrom", { kind: t(`rules.scope.${v.takenFrom.matchedBy}`) })}
                  </Text>
                ) : null}
              </BlockStack>,
              v.stock.tracked ? formatNumber(v.stock.available) : t("rules.preview.untracked"),
              policyText(v),
              <Badge key="state" tone={TONE[v.availability.state]}>
                {shopperText(v)}
              </Badge>,
              v.capacity === null ? t("rules.noCap") : formatNumber(v.capacity),
            ])}
          />
        </KeyboardScrollable>
      )}
    </BlockStack>
  );
}
