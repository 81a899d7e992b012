import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import checkoutDe from "../../../../extensions/checkout-waitwell/locales/de.json";
import checkoutEn from "../../../../extensions/checkout-waitwell/locales/en.default.json";
import checkoutEs from "../../../../extensions/checkout-waitwell/locales/es.json";
import checkoutFr from "../../../../extensions/checkout-waitwell/locales/fr.json";
import type { SubstitutesOverview } from "../../api/rules-api";
import { activeLocale, t } from "../../locales/t";

/** The checkout extension's own messages, so the preview reads exactly what shoppers read. */
const CHECKOUT_TEXT = { en: checkoutEn, fr: checkoutFr, de: checkoutDe, es: checkoutEs };

function checkoutText(
  path: "summary.heading" | "substitutes.heading" | "substitutes.swap",
  values: Record<string, string> = {},
) {
  const [group, key] = path.split(".") as [string, string];
  const messages = CHECKOUT_TEXT[activeLocale()] as Record<string, Record<string, string>>;
  const message =
    messages[group]?.[key] ?? (checkoutEn as Record<string, Record<string, string>>)[group]![key]!;
  return message.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => values[name] ?? "");
}

const titleOf = (v: { productTitle: string; variantTitle: string }) =>
  v.variantTitle && v.variantTitle !== "Default Title"
    ? `${v.productTitle} – ${v.variantTitle}`
    : v.productTitle;

/**
 * A faithful Polaris rendition of the checkout extension's block (extensions/checkout-waitwell/src/BackorderSummary.tsx)
 * for this variant: the "ships later" banner and the substitutes offered with their Swap buttons, in the same words.
 */
export function CheckoutPreview({
  overview,
  state,
}: {
  overview: SubstitutesOverview;
  state: "in_stock" | "backorder" | "sold_out" | null;
}) {
  const title = titleOf(overview.variant);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("substitutes.checkout.heading")}
        </Text>
        <Text as="p" tone="subdued">
          {t("substitutes.checkout.help", { limit: overview.limit })}
        </Text>
        {state ? <Text as="p">{t(`substitutes.checkout.now.${state}`)}</Text> : null}
        <div
          aria-label={t("substitutes.checkout.heading")}
          role="group"
          style={{
            border: "1px solid var(--p-color-border)",
            borderRadius: "var(--p-border-radius-200)",
            padding: "var(--p-space-400)",
          }}
        >
          <BlockStack gap="300">
            <Banner tone="warning" title={checkoutText("summary.heading")}>
              <p>{title}</p>
            </Banner>
            {overview.shown.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("substitutes.checkout.none")}
              </Text>
            ) : (
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">
                  {checkoutText("substitutes.heading", { title })}
                </Text>
                {overview.shown.map((s) => (
                  <InlineStack key={s.variantId} gap="300" blockAlign="center">
                    <Text as="span">{titleOf(s)}</Text>
                    <Button
                      disabled
                      accessibilityLabel={`${checkoutText("substitutes.swap")} – ${titleOf(s)}`}
                    >
                      {checkoutText("substitutes.swap")}
                    </Button>
                  </InlineStack>
                ))}
              </BlockStack>
            )}
          </BlockStack>
        </div>
      </BlockStack>
    </Card>
  );
}
