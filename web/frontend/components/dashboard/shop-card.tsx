import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { Shop } from "../../api/types";
import { formatDateTime } from "../../locales/format";
import { t } from "../../locales/t";
import { Fact } from "../fact";

/** The shop's domain, install state and the two settings that shape every order. */
export function ShopCard({ shop }: { shop: Shop }) {
  const installState = shop.uninstalledAt
    ? t("dashboard.shop.uninstalledOn", { date: formatDateTime(shop.uninstalledAt) })
    : t("dashboard.shop.installedOn", { date: formatDateTime(shop.installedAt) });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("dashboard.shop.heading")}
          </Text>
          {shop.uninstalledAt ? (
            <Badge tone="critical">{t("dashboard.shop.uninstalled")}</Badge>
          ) : (
            <Badge tone="success">{t("dashboard.shop.active")}</Badge>
          )}
        </InlineStack>
        <Fact label={t("dashboard.shop.domain")} value={shop.domain} />
        <Fact label={t("dashboard.shop.installation")} value={installState} />
        <Fact label={t("dashboard.shop.backorderTag")} value={shop.settings.backorderTag} />
        <Fact
          label={t("dashboard.shop.shipTogether")}
          value={shop.settings.shipTogether ? t("dashboard.shop.yes") : t("dashboard.shop.no")}
        />
      </BlockStack>
    </Card>
  );
}
