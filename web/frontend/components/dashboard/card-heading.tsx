import { BlockStack, Text } from "@shopify/polaris";

/** A dashboard card's title and the sentence that says what it counts. */
export function CardHeading({ title, description }: { title: string; description: string }) {
  return (
    <BlockStack gap="100">
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      <Text as="p" tone="subdued">
        {description}
      </Text>
    </BlockStack>
  );
}
