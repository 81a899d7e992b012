import { BlockStack, Card, Text } from "@shopify/polaris";
import { shortId } from "../../api/gid";
import type { LineView } from "../../api/types";
import { formatDateTime } from "../../locales/format";
import { t } from "../../locales/t";
import { Fact } from "../fact";
import { orderLabel } from "../line-labels";

/** The line's order, customer, variant and priority, as facts. */
export function DetailsCard({ line, customer }: { line: LineView; customer: string | null }) {
  const none = t("line.facts.none");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("line.facts.heading")}
        </Text>
        <Fact label={t("line.facts.order")} value={orderLabel(line)} />
        <Fact label={t("line.facts.orderedOn")} value={formatDateTime(line.orderCreatedAt)} />
        <Fact label={t("line.facts.customer")} value={customer ?? none} />
        <Fact label={t("line.facts.variant")} value={line.variantTitle || shortId(line.variantId)} />
        <Fact label={t("line.facts.sku")} value={line.sku || none} />
        <Fact
          label={t("line.facts.priority")}
          value={line.priority === null ? none : String(line.priority)}
        />
        <Fact label={t("line.facts.updated")} value={formatDateTime(line.updatedAt)} />
      </BlockStack>
    </Card>
  );
}
