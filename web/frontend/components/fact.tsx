import { BlockStack, Text } from "@shopify/polaris";

/** One labelled value of a facts card (the line page's order and customer, the dashboard's shop). */
export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p">{value}</Text>
    </BlockStack>
  );
}
