import { BlockStack, Card, ChoiceList, FormLayout, Layout, Text, TextField } from "@shopify/polaris";
import { t } from "../../locales/t";
import type { SectionProps } from "./section-props";
import { bandLimits } from "./settings-draft";

/** Substitutes: the price band automatic suggestions stay within (the server's bounds). */
export function SubstitutesSection({ draft, errors, change, setError, limits }: SectionProps) {
  const band = bandLimits(limits);
  const percentField = (field: "belowPercent" | "abovePercent", prefix: string) => (
    <TextField
      label={t(`settings.substitutes.${field}`)}
      type="number"
      min={band[field].min}
      max={band[field].max}
      step={1}
      prefix={prefix}
      suffix="%"
      value={draft[field]}
      onChange={(value) => change(field, value)}
      error={errors[field]}
      autoComplete="off"
    />
  );
  return (
    <Layout.AnnotatedSection
      title={t("settings.substitutes.heading")}
      description={t("settings.substitutes.description")}
    >
      <Card>
        <ChoiceList
          title={t("settings.substitutes.priceBand")}
          choices={[
            { label: t("settings.substitutes.anyPrice"), value: "any" },
            {
              label: t("settings.substitutes.withinBand"),
              value: "band",
              renderChildren: (isSelected) =>
                isSelected && (
                  <BlockStack gap="200">
                    <FormLayout.Group>
                      {percentField("belowPercent", "−")}
                      {percentField("abovePercent", "+")}
                    </FormLayout.Group>
                    <Text as="p" tone="subdued">
                      {t("settings.substitutes.summary", {
                        below: draft.belowPercent.trim() || "…",
                        above: draft.abovePercent.trim() || "…",
                      })}
                    </Text>
                  </BlockStack>
                ),
            },
          ]}
          selected={[draft.substitutePriceBand]}
          onChange={([value]) => {
            change("substitutePriceBand", value === "band" ? "band" : "any");
            setError("belowPercent", undefined);
            setError("abovePercent", undefined);
          }}
          error={errors.substitutePriceBand}
        />
      </Card>
    </Layout.AnnotatedSection>
  );
}
