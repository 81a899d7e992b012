import { useCallback } from "react";
import {
  Badge,
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Link,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import type { InsightsOverview } from "../../api/insights-api";
import { useAsync } from "../../hooks/use-async";
import { useServices } from "../../hooks/use-services";
import { formatDate, formatMoney, formatNumber } from "../../locales/format";
import { plural, t } from "../../locales/t";
import { hrefFor } from "../../router";
import { ApiErrorBanner } from "../api-error-banner";
import { KeyboardScrollable } from "../keyboard-scrollable";
import { CardHeading } from "./card-heading";
import { DashboardBarChart } from "./charts";

const AT_RISK_BUSINESS_DAYS = 3;
const DEADLINE_HORIZON_DAYS = 7;

/** What waits and its value, the oldest wait, the ageing chart and what is at risk: one request, three cards. */
export function OverviewCards() {
  const { insights } = useServices();
  const load = useCallback((signal: AbortSignal) => insights.overview(signal), [insights]);
  const { state, reload } = useAsync(load);
  if (state.status === "error") {
    return (
      <Card>
        <ApiErrorBanner error={state.error} onRetry={reload} title={t("insights.loadError")} />
      </Card>
    );
  }
  if (!state.data) {
    return (
      <Card>
        <SkeletonBodyText lines={4} />
      </Card>
    );
  }
  const overview = state.data;
  return (
    <BlockStack gap="400">
      <FiguresCard overview={overview} />
      <AgeingCard overview={overview} />
      <RiskCard overview={overview} />
    </BlockStack>
  );
}

function FiguresCard({ overview }: { overview: InsightsOverview }) {
  const { waiting, oldest, currency } = overview;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t("insights.heading")}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Figure label={t("insights.figures.units")} value={formatNumber(waiting.units)} />
          <Figure
            label={t("insights.figures.value")}
            value={formatMoney(waiting.value.amount, currency)}
            help={
              waiting.value.unpricedUnits > 0
                ? t(`insights.figures.unpriced.${plural(waiting.value.unpricedUnits)}`, {
                    count: formatNumber(waiting.value.unpricedUnits),
                  })
                : t("insights.figures.valueHelp")
            }
          />
          <Figure label={t("insights.figures.lines")} value={formatNumber(waiting.lines)} />
          <Figure label={t("insights.figures.orders")} value={formatNumber(waiting.orders)} />
        </InlineGrid>
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {t("insights.figures.oldest")}
          </Text>
          {oldest ? (
            <InlineStack gap="200" blockAlign="center">
              <Text as="p" variant="headingLg" numeric>
                {t(`insights.figures.oldestDays.${plural(oldest.days)}`, {
                  count: formatNumber(oldest.days),
                })}
              </Text>
              <Link url={hrefFor({ name: "backorderLine", lineItemId: oldest.lineItemId })}>
                {t("insights.figures.oldestOrder", {
                  order: oldest.orderName ?? oldest.orderId,
                  title: oldest.title,
                })}
              </Link>
            </InlineStack>
          ) : (
            <Text as="p" tone="subdued">
              {t("insights.figures.none")}
            </Text>
          )}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}

function AgeingCard({ overview }: { overview: InsightsOverview }) {
  const label = (bucket: string) => t(`insights.ageing.buckets.${bucket as "0-7"}`);
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t("insights.ageing.heading")} description={t("insights.ageing.description")} />
        <DashboardBarChart
          label="ageing"
          series={[
            {
              name: t("insights.ageing.series"),
              data: overview.ageing.map((b) => ({ key: label(b.bucket), value: b.units })),
            },
          ]}
          summary={
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="200">
              {overview.ageing.map((b) => (
                <Text as="p" key={b.bucket} data-bucket={b.bucket}>
                  {t("insights.ageing.row.text", {
                    bucket: label(b.bucket),
                    units: t(`insights.ageing.row.units.${plural(b.units)}`, {
                      count: formatNumber(b.units),
                    }),
                    lines: t(`insights.ageing.row.lines.${plural(b.lines)}`, {
                      count: formatNumber(b.lines),
                    }),
                  })}
                </Text>
              ))}
            </InlineGrid>
          }
        />
      </BlockStack>
    </Card>
  );
}

function RiskCard({ overview }: { overview: InsightsOverview }) {
  const { atRisk } = overview;
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading
          title={t("insights.risk.heading")}
          description={t("insights.risk.description", {
            days: AT_RISK_BUSINESS_DAYS,
            horizon: DEADLINE_HORIZON_DAYS,
          })}
        />
        <InlineGrid columns={3} gap="400">
          <Figure label={t("insights.risk.overdue")} value={formatNumber(atRisk.overdue)} />
          <Figure label={t("insights.risk.dueSoon")} value={formatNumber(atRisk.dueSoon)} />
          <Figure label={t("insights.risk.deadlines")} value={formatNumber(atRisk.deadlinesComing)} />
        </InlineGrid>
        {atRisk.lines.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("insights.risk.none")}
          </Text>
        ) : (
          <KeyboardScrollable label={t("insights.risk.heading")}>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "text", "text"]}
              headings={[
                t("insights.risk.columns.order"),
                t("insights.risk.columns.product"),
                t("insights.risk.columns.units"),
                t("insights.risk.columns.promise"),
                t("insights.risk.columns.deadline"),
              ]}
              rows={atRisk.lines.map((l) => [
                <Link key="order" url={hrefFor({ name: "backorderLine", lineItemId: l.lineItemId })}>
                  {l.orderName ?? l.orderId}
                </Link>,
                l.title,
                formatNumber(l.units),
                l.promise && l.dueOn ? (
                  <InlineStack key="promise" gap="100">
                    <Text as="span">{formatDate(l.dueOn)}</Text>
                    <Badge tone={l.promise === "overdue" ? "critical" : "warning"}>
                      {t(`insights.risk.promise.${l.promise}`)}
                    </Badge>
                    {l.slipped && <Badge tone="attention">{t("insights.risk.slipped")}</Badge>}
                  </InlineStack>
                ) : (
                  "—"
                ),
                l.deadline
                  ? t(`insights.risk.deadlineDays.${plural(l.deadline.daysLeft)}`, {
                      date: formatDate(l.deadline.shipBy),
                      jurisdiction: l.deadline.jurisdiction,
                      count: formatNumber(l.deadline.daysLeft),
                    })
                  : "—",
              ])}
            />
          </KeyboardScrollable>
        )}
        <Text as="p" variant="bodySm" tone="subdued">
          {t("insights.risk.checked", { count: formatNumber(atRisk.checkedLines) })}
        </Text>
      </BlockStack>
    </Card>
  );
}

export function Figure({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingXl" numeric>
        {value}
      </Text>
      {help && (
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      )}
    </BlockStack>
  );
}
