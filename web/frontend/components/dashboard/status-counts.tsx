import type { ReactNode } from "react";
import { BlockStack, InlineGrid, Link, Text } from "@shopify/polaris";

export interface StatusCount {
  status: string;
  count: number;
  /** Where the count leads: the list filtered to this status. */
  url: string;
  /** Read out for the link, e.g. "View 3 backordered lines". */
  accessibilityLabel: string;
  badge: ReactNode;
}

/** A row of counts, each a link to its list, with the status's badge under it. */
export function StatusCounts({ items }: { items: StatusCount[] }) {
  return (
    <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
      {items.map((item) => (
        <BlockStack key={item.status} gap="100" inlineAlign="start">
          <Link url={item.url} removeUnderline accessibilityLabel={item.accessibilityLabel}>
            <Text as="span" variant="headingLg" numeric>
              {item.count}
            </Text>
          </Link>
          {item.badge}
        </BlockStack>
      ))}
    </InlineGrid>
  );
}
