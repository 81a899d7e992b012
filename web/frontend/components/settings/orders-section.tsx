import { Card, Checkbox, FormLayout, Layout, TextField } from "@shopify/polaris";
import { t } from "../../locales/t";
import type { SectionProps } from "./section-props";

/** Orders: the tag put on orders with waiting units, and whether a whole order waits for its last unit. */
export function OrdersSection({ draft, errors, change }: SectionProps) {
  return (
    <Layout.AnnotatedSection title={t("settings.orders.heading")}>
      <Card>
        <FormLayout>
          <TextField
            label={t("settings.orders.backorderTag")}
            value={draft.backorderTag}
            onChange={(value) => change("backorderTag", value)}
            helpText={t("settings.orders.backorderTagHelp")}
            error={errors.backorderTag}
            autoComplete="off"
          />
          <Checkbox
            label={t("settings.orders.shipTogether")}
            helpText={t("settings.orders.shipTogetherHelp")}
            checked={draft.shipTogether}
            onChange={(checked) => change("shipTogether", checked)}
            error={errors.shipTogether}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
