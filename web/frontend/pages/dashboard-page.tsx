import { useCallback, useState } from "react";
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
import {
  INBOX_STATUSES,
  LINE_STATUSES,
  type BackorderStats,
  type InboxCounts,
  type LineStatus,
  type ReconcileRun,
  type Shop,
} from "../api/types";
import { ApiErrorBanner } from "../components/api-error-banner";
import { Figure, OverviewCards } from "../components/dashboard/overview-cards";
import { AccuracyCard, DemandCard, ReorderCard } from "../components/dashboard/planning-cards";
import { Fact } from "../components/fact";
import { InboxStatusBadge } from "../components/inbox-status-badge";
import { LineStatusBadge, lineStatusLabel } from "../components/line-status-badge";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatDateTime, formatNumber } from "../locales/format";
import { hasMessage, plural, t } from "../locales/t";
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
  if (!state.data) return <DashboardSkeleton />;

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

/** Statuses shown on the dashboard even at zero; the others only when some lines have them. */
const KEY_LINE_STATUSES: readonly LineStatus[] = ["backordered", "partially_allocated", "allocated"];

/** Loads on its own: the shop card stays useful when the backorder numbers cannot be read. */
function BackorderStatsCard() {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getBackorderStats(signal), [api]);
  const { state, reload } = useAsync(load);
  const linesHref = (view: LineStatus) =>
    hrefFor({ name: "backorders", filters: { ...NO_BACKORDER_FILTERS, view } });

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("dashboard.backorders.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("dashboard.backorders.description")}
          </Text>
        </BlockStack>
        {state.status === "error" ? (
          <ApiErrorBanner error={state.error} onRetry={reload} title={t("dashboard.backorders.loadError")} />
        ) : !state.data ? (
          <SkeletonBodyText lines={3} />
        ) : (
          <StatsFigures stats={state.data} linesHref={linesHref} />
        )}
        <InlineStack>
          <Button url={hrefFor({ name: "backorders", filters: NO_BACKORDER_FILTERS })}>
            {t("dashboard.backorders.viewAll")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function StatsFigures({
  stats,
  linesHref,
}: {
  stats: BackorderStats;
  linesHref: (view: LineStatus) => string;
}) {
  const counts = stats.lines ?? {};
  const shown = LINE_STATUSES.filter(
    (status) => KEY_LINE_STATUSES.includes(status) || (counts[status] ?? 0) > 0,
  );
  return (
    <BlockStack gap="400">
      <InlineGrid columns={2} gap="400">
        <Figure
          label={t("dashboard.backorders.waitingUnits")}
          value={formatNumber(stats.waitingUnits ?? 0)}
        />
        <Figure
          label={t("dashboard.backorders.backorderedOrders")}
          value={formatNumber(stats.backorderedOrders ?? 0)}
        />
      </InlineGrid>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t("dashboard.backorders.byStatus")}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
          {shown.map((status) => (
            <BlockStack key={status} gap="100" inlineAlign="start">
              <Link
                url={linesHref(status)}
                removeUnderline
                accessibilityLabel={t(`dashboard.backorders.viewStatus.${plural(counts[status] ?? 0)}`, {
                  count: counts[status] ?? 0,
                  status: lineStatusLabel(status),
                })}
              >
                <Text as="span" variant="headingLg" numeric>
                  {counts[status] ?? 0}
                </Text>
              </Link>
              <LineStatusBadge status={status} />
            </BlockStack>
          ))}
        </InlineGrid>
      </BlockStack>
    </BlockStack>
  );
}

function ReconcileCard() {
  const { api, toast } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getLatestReconcile(signal), [api]);
  const { state, reload } = useAsync(load);
  const [started, setStarted] = useState<ReconcileRun | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reconcile() {
    setStarting(true);
    setError(null);
    try {
      const { run } = await api.startReconcile();
      setStarted(run ?? null);
      toast(t("dashboard.reconcile.started"));
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  }

  function refresh() {
    setStarted(null);
    reload();
  }

  // The run just started is newer than what the last load returned, until the next refresh.
  const run = started ?? state.data ?? null;
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("dashboard.reconcile.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("dashboard.reconcile.description")}
          </Text>
        </BlockStack>
        {error !== null && (
          <Banner
            tone="critical"
            title={t("dashboard.reconcile.startError")}
            onDismiss={() => setError(null)}
          >
            <p>{describeError(error)}</p>
          </Banner>
        )}
        {state.status === "error" && started === null ? (
          <ApiErrorBanner error={state.error} onRetry={reload} title={t("dashboard.reconcile.loadError")} />
        ) : state.status === "loading" && started === null && state.data === undefined ? (
          <SkeletonBodyText lines={2} />
        ) : run ? (
          <RunReport run={run} />
        ) : (
          <Text as="p" tone="subdued">
            {t("dashboard.reconcile.never")}
          </Text>
        )}
        <InlineStack gap="200">
          <Button variant="primary" loading={starting} onClick={() => void reconcile()}>
            {t("dashboard.reconcile.action")}
          </Button>
          <Button onClick={refresh} disabled={starting}>
            {t("dashboard.reconcile.refresh")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

const RUN_FIELDS_SHOWN_ELSEWHERE = new Set(["id", "status", "startedAt", "finishedAt", "error"]);

/** The run's status and times, then every count it reports, named after its field ("linesChecked" → "Lines checked"). */
function RunReport({ run }: { run: ReconcileRun }) {
  const counts = runCounts(run);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("dashboard.reconcile.lastRun")}
      </Text>
      {run.status && <Fact label={t("dashboard.reconcile.status")} value={runStatusLabel(run.status)} />}
      {run.startedAt && (
        <Fact label={t("dashboard.reconcile.startedAt")} value={formatDateTime(run.startedAt)} />
      )}
      <Fact
        label={t("dashboard.reconcile.finishedAt")}
        value={run.finishedAt ? formatDateTime(run.finishedAt) : t("dashboard.reconcile.notFinished")}
      />
      {counts.map(([name, value]) => (
        <Fact key={name} label={fieldLabel(name)} value={String(value)} />
      ))}
      {typeof run.error === "string" && run.error && (
        <Text as="p" tone="critical">
          {t("dashboard.reconcile.errorMessage", { message: run.error })}
        </Text>
      )}
    </BlockStack>
  );
}

/** Numeric fields of the run, and of objects one level down (e.g. `{ counts: { linesChecked: 12 } }`). */
function runCounts(run: ReconcileRun): [string, number][] {
  const counts: [string, number][] = [];
  for (const [name, value] of Object.entries(run)) {
    if (RUN_FIELDS_SHOWN_ELSEWHERE.has(name)) continue;
    if (typeof value === "number") counts.push([name, value]);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [inner, count] of Object.entries(value))
        if (typeof count === "number") counts.push([inner, count]);
    }
  }
  return counts;
}

function runStatusLabel(status: string): string {
  const key = `dashboard.reconcile.statuses.${status}`;
  return hasMessage(key) ? t(key) : status;
}

function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
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
                accessibilityLabel={t(`dashboard.inbox.viewStatus.${plural(counts[status])}`, {
                  count: counts[status],
                  status: t(`status.${status}`),
                })}
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
