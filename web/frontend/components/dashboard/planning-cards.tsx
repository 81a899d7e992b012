import { useCallback, useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import type { AccuracyReport, DemandReport, ReorderReport } from "../../api/insights-api";
import { useAsync } from "../../hooks/use-async";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { formatDate, formatNumber } from "../../locales/format";
import { plural, t } from "../../locales/t";
import { ApiErrorBanner } from "../api-error-banner";
import { KeyboardScrollable } from "../keyboard-scrollable";
import { DashboardBarChart } from "./charts";
import { Figure } from "./overview-cards";

/** Days of shipped lines promise accuracy looks at. */
export const ACCURACY_DAYS = 90;

/** A card that loads its own report: a skeleton, the report, or the error with a retry. */
function Loaded<T>({
  heading,
  load,
  children,
}: {
  heading: string;
  load: (signal: AbortSignal) => Promise<T>;
  children: (data: T) => React.ReactNode;
}) {
  const { state, reload } = useAsync(load);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {heading}
        </Text>
        {state.status === "error" ? (
          <ApiErrorBanner error={state.error} onRetry={reload} title={t("insights.loadError")} />
        ) : state.data === undefined ? (
          <SkeletonBodyText lines={4} />
        ) : (
          <KeyboardScrollable label={heading}>{children(state.data)}</KeyboardScrollable>
        )}
      </BlockStack>
    </Card>
  );
}

export function DemandCard() {
  const { insights } = useServices();
  const load = useCallback((signal: AbortSignal) => insights.demand(signal), [insights]);
  return (
    <Loaded heading={t("insights.demand.heading")} load={load}>
      {(report) => <Demand report={report} />}
    </Loaded>
  );
}

function Demand({ report }: { report: DemandReport }) {
  const weeks = report.weeks.length;
  const name = (s: DemandReport["series"][number]) => (s.variantId ? s.title : t("insights.demand.other"));
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {t("insights.demand.description", { weeks })}
      </Text>
      {report.series.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("insights.demand.none", { weeks })}
        </Text>
      ) : (
        <DashboardBarChart
          label="demand"
          stacked
          series={report.series.map((s) => ({
            name: name(s),
            data: s.units.map((value, i) => ({ key: formatDate(report.weeks[i]!.from), value })),
          }))}
          summary={
            <DataTable
              columnContentTypes={["text", ...report.weeks.map(() => "numeric" as const)]}
              headings={[
                t("insights.reorder.columns.product"),
                ...report.weeks.map((w) => t("insights.demand.week", { date: formatDate(w.from) })),
              ]}
              rows={report.series.map((s) => [name(s), ...s.units.map((u) => formatNumber(u))])}
            />
          }
        />
      )}
    </BlockStack>
  );
}

export function ReorderCard() {
  const { insights } = useServices();
  const load = useCallback((signal: AbortSignal) => insights.reorder(signal), [insights]);
  return (
    <Loaded heading={t("insights.reorder.heading")} load={load}>
      {(report) => <Reorder report={report} />}
    </Loaded>
  );
}

function Reorder({ report }: { report: ReorderReport }) {
  const { insights } = useServices();
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const window = report.method.demandWindowDays;

  async function exportCsv() {
    setExporting(true);
    setError(null);
    try {
      const url = URL.createObjectURL(await insights.exportReorder());
      const a = document.createElement("a");
      a.href = url;
      a.download = `reorder-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (failure) {
      setError(failure);
    } finally {
      setExporting(false);
    }
  }

  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {t("insights.reorder.method", { window, default: report.method.defaultLeadTimeDays })}
      </Text>
      {error !== null && (
        <Banner tone="critical" title={t("insights.reorder.exportError")} onDismiss={() => setError(null)}>
          <p>{describeError(error)}</p>
        </Banner>
      )}
      {report.lines.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("insights.reorder.none")}
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "text", "numeric", "numeric"]}
          headings={[
            t("insights.reorder.columns.product"),
            t("insights.reorder.columns.sku"),
            t("insights.reorder.columns.waiting"),
            t("insights.reorder.columns.ordered", { window }),
            t("insights.reorder.columns.leadTime"),
            t("insights.reorder.columns.incoming"),
            t("insights.reorder.columns.suggested"),
          ]}
          rows={report.lines.map((l) => [
            l.title,
            l.sku ?? "—",
            formatNumber(l.waitingUnits),
            formatNumber(l.orderedInWindow),
            t(`insights.reorder.leadTime.${plural(l.leadTime.days)}`, {
              count: formatNumber(l.leadTime.days),
              source: t(`insights.reorder.sources.${l.leadTime.source}`),
            }),
            formatNumber(l.incoming),
            formatNumber(l.suggested),
          ])}
        />
      )}
      <div>
        <Button onClick={() => void exportCsv()} loading={exporting} disabled={report.lines.length === 0}>
          {t("insights.reorder.export")}
        </Button>
      </div>
    </BlockStack>
  );
}

const percent = (p: number | null) => (p === null ? "—" : `${formatNumber(p)} %`);

function AccuracyTable({ heading, groups }: { heading: string; groups: AccuracyReport["bySku"] }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {heading}
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
        headings={[
          t("insights.accuracy.columns.key"),
          t("insights.accuracy.columns.shipped"),
          t("insights.accuracy.columns.onTime"),
          t("insights.accuracy.columns.late"),
          t("insights.accuracy.columns.percent"),
          t("insights.accuracy.columns.average"),
          t("insights.accuracy.columns.max"),
        ]}
        rows={groups.map((g) => [
          g.key || t("insights.accuracy.noKey"),
          formatNumber(g.shipped),
          formatNumber(g.onTime),
          formatNumber(g.late),
          percent(g.onTimePercent),
          g.averageDaysLate === null ? "—" : formatNumber(g.averageDaysLate),
          g.maxDaysLate === null ? "—" : formatNumber(g.maxDaysLate),
        ])}
      />
    </BlockStack>
  );
}

export function AccuracyCard() {
  const { insights } = useServices();
  const load = useCallback((signal: AbortSignal) => insights.accuracy(ACCURACY_DAYS, signal), [insights]);
  return (
    <Loaded heading={t("insights.accuracy.heading")} load={load}>
      {(report) => <Accuracy report={report} />}
    </Loaded>
  );
}

function Accuracy({ report }: { report: AccuracyReport }) {
  const { overall } = report;
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        {t("insights.accuracy.description", { days: report.days })}
      </Text>
      {overall.shipped === 0 ? (
        <Text as="p" tone="subdued">
          {t("insights.accuracy.none", { days: report.days })}
        </Text>
      ) : (
        <>
          <InlineGrid columns={3} gap="400">
            <Figure label={t("insights.accuracy.onTime")} value={percent(overall.onTimePercent)} />
            <Figure label={t("insights.accuracy.shipped")} value={formatNumber(overall.shipped)} />
            <Figure
              label={t("insights.accuracy.averageLate")}
              value={overall.averageDaysLate === null ? "—" : formatNumber(overall.averageDaysLate)}
            />
          </InlineGrid>
          <AccuracyTable heading={t("insights.accuracy.bySku")} groups={report.bySku} />
          <AccuracyTable heading={t("insights.accuracy.byVendor")} groups={report.byVendor} />
        </>
      )}
    </BlockStack>
  );
}
