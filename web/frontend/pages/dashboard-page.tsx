import { useCallback } from "react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { ApiErrorBanner } from "../components/api-error-banner";
import { BackorderStatsCard } from "../components/dashboard/backorder-stats-card";
import { InboxCard } from "../components/dashboard/inbox-card";
import { OverviewCards } from "../components/dashboard/overview-cards";
import { AccuracyCard, DemandCard, ReorderCard } from "../components/dashboard/planning-cards";
import { ReconcileCard } from "../components/dashboard/reconcile-card";
import { ShopCard } from "../components/dashboard/shop-card";
import { PageSkeleton } from "../components/page-skeleton";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { plural, t } from "../locales/t";
import { hrefFor, NO_BACKORDER_FILTERS } from "../router";

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
  if (!state.data) return <PageSkeleton title={t("dashboard.title")} />;

  const { shop, inbox } = state.data;
  return (
    <Page
      title={shop.name}
      subtitle={shop.domain}
      primaryAction={{
        content: t("dashboard.actions.backorders"),
        url: hrefFor({ name: "backorders", filters: NO_BACKORDER_FILTERS }),
      }}
      secondaryActions={[
        { content: t("dashboard.actions.settings"), url: hrefFor({ name: "settings" }) },
        { content: t("customerEmails.heading"), url: hrefFor({ name: "customerEmails" }) },
      ]}
    >
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
          <OverviewCards />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <DemandCard />
            <ReorderCard />
            <AccuracyCard />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <BackorderStatsCard />
            <InboxCard counts={inbox} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ReconcileCard />
            <ShopCard shop={shop} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
