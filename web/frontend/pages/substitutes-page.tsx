import { useCallback, useState } from "react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  PageActions,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import type { SubstituteChoices, SubstitutesOverview } from "../api/rules-api";
import { ApiErrorBanner } from "../components/api-error-banner";
import { usePicker } from "../components/resource-picker/use-picker";
import { CheckoutPreview } from "../components/substitutes/checkout-preview";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";

type Summary = SubstitutesOverview["variant"];
const titleOf = (v: Pick<Summary, "productTitle" | "variantTitle">) =>
  v.variantTitle && v.variantTitle !== "Default Title"
    ? `${v.productTitle} – ${v.variantTitle}`
    : v.productTitle;

/**
 * Substitutes per variant: the merchant's picks (in order) and exclusions, Waitwell's automatic suggestions beside
 * them, and how checkout shows the result while the variant is on backorder.
 */
export function SubstitutesPage({ variantId }: { variantId: string | null }) {
  const picker = usePicker();
  const choose = () => picker.open("variant", (p) => navigate({ name: "substitutes", variantId: p.id }));
  return (
    <Page
      title={t("substitutes.title")}
      subtitle={t("substitutes.subtitle")}
      primaryAction={{
        content: variantId ? t("substitutes.changeVariant") : t("substitutes.chooseVariant"),
        onAction: choose,
      }}
    >
      {variantId ? (
        <VariantSubstitutes key={variantId} variantId={variantId} />
      ) : (
        <Card>
          <Text as="p">{t("substitutes.noVariant")}</Text>
        </Card>
      )}
      {picker.modal}
    </Page>
  );
}

function VariantSubstitutes({ variantId }: { variantId: string }) {
  const { api } = useServices();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [overview, availability] = await Promise.all([
        api.getSubstitutes(variantId, signal),
        api.getVariantAvailability(variantId, signal).catch(() => null),
      ]);
      return { overview, state: availability?.availability.state ?? null };
    },
    [api, variantId],
  );
  const { state, reload } = useAsync(load);
  if (state.status === "error") return <ApiErrorBanner error={state.error} onRetry={reload} />;
  if (!state.data)
    return (
      <Card>
        <SkeletonBodyText lines={6} />
      </Card>
    );
  return (
    <Editor variantId={variantId} overview={state.data.overview} state={state.data.state} onSaved={reload} />
  );
}

function Editor({
  variantId,
  overview,
  state,
  onSaved,
}: {
  variantId: string;
  overview: SubstitutesOverview;
  state: "in_stock" | "backorder" | "sold_out" | null;
  onSaved: () => void;
}) {
  const { api, toast } = useServices();
  const picker = usePicker();
  const initial = (): SubstituteChoices & { titles: Record<string, string> } => ({
    picks: overview.picks.map((p) => p.variantId),
    excludedVariantIds: overview.excludedVariants.map((v) => v.variantId),
    excludedProductIds: overview.excludedProducts.map((p) => p.productId),
    titles: Object.fromEntries([
      ...[...overview.picks, ...overview.excludedVariants, ...overview.suggestions].map((v) => [
        v.variantId,
        titleOf(v),
      ]),
      ...overview.excludedProducts.map((p) => [p.productId, p.title]),
    ]),
  });
  const [choices, setChoices] = useState(initial);
  const [saving, setSaving] = useState(false);
  const name = (id: string) => choices.titles[id] ?? id;
  const update = (patch: Partial<SubstituteChoices>, titles: Record<string, string> = {}) =>
    setChoices((c) => ({ ...c, ...patch, titles: { ...c.titles, ...titles } }));
  const move = (i: number, by: number) => {
    const picks = [...choices.picks];
    const [id] = picks.splice(i, 1);
    if (id) picks.splice(i + by, 0, id);
    update({ picks });
  };

  async function save() {
    setSaving(true);
    try {
      const { titles: _titles, ...body } = choices;
      await api.saveSubstitutes(variantId, body);
      toast(t("substitutes.saved"));
      onSaved();
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <Text as="h2" variant="headingLg">
            {titleOf(overview.variant)}
          </Text>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("substitutes.picks.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("substitutes.picks.help")}
              </Text>
              {choices.picks.length === 0 ? <Text as="p">{t("substitutes.picks.empty")}</Text> : null}
              {choices.picks.map((id, i) => (
                <InlineStack key={id} gap="200" blockAlign="center">
                  <Text as="span">{`${i + 1}. ${name(id)}`}</Text>
                  <Button
                    size="slim"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    accessibilityLabel={t("substitutes.picks.up", { title: name(id) })}
                  >
                    ↑
                  </Button>
                  <Button
                    size="slim"
                    disabled={i === choices.picks.length - 1}
                    onClick={() => move(i, 1)}
                    accessibilityLabel={t("substitutes.picks.down", { title: name(id) })}
                  >
                    ↓
                  </Button>
                  <Button
                    size="slim"
                    tone="critical"
                    variant="plain"
                    onClick={() => update({ picks: choices.picks.filter((p) => p !== id) })}
                    accessibilityLabel={t("substitutes.picks.remove", { title: name(id) })}
                  >
                    ×
                  </Button>
                </InlineStack>
              ))}
              <div>
                <Button
                  onClick={() =>
                    picker.open("variant", (p) =>
                      update(
                        {
                          picks: [...choices.picks.filter((x) => x !== p.id), p.id],
                          excludedVariantIds: choices.excludedVariantIds.filter((x) => x !== p.id),
                        },
                        { [p.id]: p.title },
                      ),
                    )
                  }
                >
                  {t("substitutes.picks.add")}
                </Button>
              </div>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("substitutes.exclusions.heading")}
              </Text>
              {choices.excludedVariantIds.length + choices.excludedProductIds.length === 0 ? (
                <Text as="p">{t("substitutes.exclusions.empty")}</Text>
              ) : null}
              {[...choices.excludedVariantIds, ...choices.excludedProductIds].map((id) => (
                <InlineStack key={id} gap="200" blockAlign="center">
                  <Text as="span">{name(id)}</Text>
                  <Button
                    size="slim"
                    variant="plain"
                    onClick={() =>
                      update({
                        excludedVariantIds: choices.excludedVariantIds.filter((x) => x !== id),
                        excludedProductIds: choices.excludedProductIds.filter((x) => x !== id),
                      })
                    }
                    accessibilityLabel={t("substitutes.exclusions.remove", { title: name(id) })}
                  >
                    ×
                  </Button>
                </InlineStack>
              ))}
              <InlineStack gap="200">
                <Button
                  onClick={() =>
                    picker.open("variant", (p) =>
                      update(
                        {
                          excludedVariantIds: [...new Set([...choices.excludedVariantIds, p.id])],
                          picks: choices.picks.filter((x) => x !== p.id),
                        },
                        { [p.id]: p.title },
                      ),
                    )
                  }
                >
                  {t("substitutes.exclusions.addVariant")}
                </Button>
                <Button
                  onClick={() =>
                    picker.open("product", (p) =>
                      update(
                        { excludedProductIds: [...new Set([...choices.excludedProductIds, p.id])] },
                        { [p.id]: p.title },
                      ),
                    )
                  }
                >
                  {t("substitutes.exclusions.addProduct")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
          <PageActions
            primaryAction={{ content: t("substitutes.save"), onAction: () => void save(), loading: saving }}
          />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("substitutes.suggestions.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("substitutes.suggestions.help")}
              </Text>
              {overview.suggestions.length === 0 ? (
                <Text as="p">{t("substitutes.suggestions.empty")}</Text>
              ) : null}
              {overview.suggestions.map((s) => (
                <BlockStack key={s.variantId} gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span">{titleOf(s)}</Text>
                    <Badge>{t(`substitutes.reasons.${s.reason}`)}</Badge>
                  </InlineStack>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {s.tracked
                      ? t("substitutes.available", { count: s.available })
                      : t("substitutes.untracked")}
                  </Text>
                  <InlineStack gap="200">
                    <Button
                      size="slim"
                      onClick={() =>
                        update(
                          { picks: [...choices.picks.filter((x) => x !== s.variantId), s.variantId] },
                          { [s.variantId]: titleOf(s) },
                        )
                      }
                      accessibilityLabel={t("substitutes.suggestions.pin", { title: titleOf(s) })}
                    >
                      +
                    </Button>
                    <Button
                      size="slim"
                      onClick={() =>
                        update(
                          {
                            excludedVariantIds: [...new Set([...choices.excludedVariantIds, s.variantId])],
                            picks: choices.picks.filter((x) => x !== s.variantId),
                          },
                          { [s.variantId]: titleOf(s) },
                        )
                      }
                      accessibilityLabel={t("substitutes.suggestions.exclude", { title: titleOf(s) })}
                    >
                      −
                    </Button>
                  </InlineStack>
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
          <CheckoutPreview overview={overview} state={state} />
        </BlockStack>
      </Layout.Section>
      {picker.modal}
    </Layout>
  );
}
