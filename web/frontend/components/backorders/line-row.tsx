import type { ReactNode } from "react";
import { BlockStack, IndexTable, Link, Text } from "@shopify/polaris";
import type { LineView } from "../../api/types";
import { formatDate, formatDateTime } from "../../locales/format";
import { t } from "../../locales/t";
import { hrefFor, type BackorderFilters } from "../../router";
import { customerLabel, orderLabel, productLabel } from "../line-labels";
import { LineStatusBadge } from "../line-status-badge";

/**
 * A selectable row takes every click in it to choose the line (and cancels the click): its links keep the click to
 * themselves so they are followed.
 */
function OwnClick({ children }: { children: ReactNode }) {
  return <span onClick={(event) => event.stopPropagation()}>{children}</span>;
}

const backordersHref = (filters: BackorderFilters) => hrefFor({ name: "backorders", filters });

/** One line of the list; the order and customer link to the list filtered by them, the product to the line. */
export function LineRow({
  line,
  position,
  filters,
  selected,
}: {
  line: LineView;
  position: number;
  filters: BackorderFilters;
  selected: boolean;
}) {
  const customerName = customerLabel(line);
  const order = orderLabel(line);
  const product = productLabel(line);
  return (
    <IndexTable.Row id={line.lineItemId} position={position} selected={selected}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <OwnClick>
            <Link
              url={backordersHref({ ...filters, orderId: line.orderId })}
              removeUnderline
              accessibilityLabel={t("backorders.filterByOrder", { order })}
            >
              <Text as="span" fontWeight="semibold">
                {order}
              </Text>
            </Link>
          </OwnClick>
          <Text as="span" variant="bodySm" tone="subdued">
            {formatDateTime(line.orderCreatedAt)}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {line.customer && customerName ? (
          <BlockStack gap="050">
            <OwnClick>
              <Link
                url={backordersHref({ ...filters, customerId: line.customer.id })}
                removeUnderline
                accessibilityLabel={t("backorders.filterByCustomer", { customer: customerName })}
              >
                {customerName}
              </Link>
            </OwnClick>
            {line.customer.email && line.customer.email !== customerName && (
              <Text as="span" variant="bodySm" tone="subdued">
                {line.customer.email}
              </Text>
            )}
          </BlockStack>
        ) : (
          <Text as="span" tone="subdued">
            {t("backorders.noCustomer")}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <OwnClick>
            <Link
              url={hrefFor({ name: "backorderLine", lineItemId: line.lineItemId })}
              accessibilityLabel={t("backorders.openLine", { product, order })}
            >
              {product}
            </Link>
          </OwnClick>
          {(line.variantTitle || line.sku) && (
            <Text as="span" variant="bodySm" tone="subdued">
              {[line.variantTitle, line.sku].filter(Boolean).join(" · ")}
            </Text>
          )}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <LineStatusBadge status={line.status} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" numeric>
            {t("backorders.units", { now: line.inStock + line.allocated, waiting: line.waiting })}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued" numeric>
            {t("backorders.unitsOf", { quantity: line.quantity })}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {line.promisedDay ? formatDate(line.promisedDay) : t("backorders.noPromise")}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {line.priority ?? t("backorders.noPriority")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDateTime(line.updatedAt)}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
