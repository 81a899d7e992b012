import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import type { LineView } from "../../api/types";
import { t } from "../../locales/t";
import { QUANTITY_KEYS, QUANTITY_LABEL } from "./quantities";

/** The line's units now: ordered, in stock, allocated, waiting. */
export function UnitsCard({ line }: { line: LineView }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("line.quantities.heading")}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {QUANTITY_KEYS.map((key) => (
            <BlockStack key={key} gap="050">
              <Text as="p" variant="bodySm" tone="subdued">
                {t(QUANTITY_LABEL[key])}
              </Text>
              <Text as="p" variant="headingLg" numeric>
                {line[key]}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}
