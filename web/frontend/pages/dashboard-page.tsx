import { useCallback } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  Text,
} from "@shopify/polaris";
import { INBOX_STATUSES, type InboxCounts, type Shop } from "../api/types";
import { ApiErrorBanner } from "../components/api-error-banner";
import { InboxStatusBadge } from "../components/inbox-status-badge";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { formatDateTime } from "../locales/format";
import { plural, t } from "../locales/t";
import { hrefFor } from "../router";

export function DashboardPage() {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getShop(signal), [api]);
  const { state, reload } = useAsync(load);

  if (state.status === "error") {
    return (
      <Page title={t("dashboard.title")}>
        <ApiErrorBanner error={state.error} onRetry={reload} />
      </Page>
    );
  }
  if (!state.data) return <DashboardSkeleton />;

  const { shop, inbox } = state.data;
  return (
    <Page title={shop.name} subtitle={shop.domain}>
      <Layout>
        {inbox.DEAD > 0 && (
          <Layout.Section>
            <Banner
              tone="warning"
              title={t(`dashboard.inbox.deadBanner.${plural(inbox.DEAD)}`, { count: inbox.DEAD })}
              action={{
                content: t("dashboard.inbox.reviewDead"),
                url: hrefFor({ name: "inbox", status: "DEAD" }),
              }}
            >
              <p>{t("dashboard.inbox.deadBannerBody")}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InboxCard counts={inbox} />
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ShopCard shop={shop} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function InboxCard({ counts }: { counts: InboxCounts }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("dashboard.inbox.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("dashboard.inbox.description")}
          </Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
          {INBOX_STATUSES.map((status) => (
            <BlockStack key={status} gap="100" inlineAlign="start">
              <Link
                url={hrefFor({ name: "inbox", status })}
                removeUnderline
                accessibilityLabel={t("dashboard.inbox.viewStatus", { status: t(`status.${status}`) })}
              >
                <Text as="span" variant="headingLg" numeric>
                  {counts[status]}
                </Text>
              </Link>
              <InboxStatusBadge status={status} />
            </BlockStack>
          ))}
        </InlineGrid>
        <InlineStack>
          <Button url={hrefFor({ name: "inbox", status: null })}>{t("dashboard.inbox.viewAll")}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function ShopCard({ shop }: { shop: Shop }) {
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

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p">{value}</Text>
    </BlockStack>
  );
}

function DashboardSkeleton() {
  return (
    <SkeletonPage title={t("dashboard.title")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={3} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}
