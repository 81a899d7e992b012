import { useCallback } from "react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { LINE_STATUSES, type BackorderStats, type LineStatus } from "../../api/types";
import { useAsync } from "../../hooks/use-async";
import { useServices } from "../../hooks/use-services";
import { formatNumber } from "../../locales/format";
import { plural, t } from "../../locales/t";
import { hrefFor, NO_BACKORDER_FILTERS } from "../../router";
import { ApiErrorBanner } from "../api-error-banner";
import { LineStatusBadge, lineStatusLabel } from "../line-status-badge";
import { CardHeading } from "./card-heading";
import { Figure } from "./overview-cards";
import { StatusCounts } from "./status-counts";

/** Statuses shown on the dashboard even at zero; the others only when some lines have them. */
const KEY_LINE_STATUSES: readonly LineStatus[] = ["backordered", "partially_allocated", "allocated"];

/** Loads on its own: the shop card stays useful when the backorder numbers cannot be read. */
export function BackorderStatsCard() {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getBackorderStats(signal), [api]);
  const { state, reload } = useAsync(load);

  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading
          title={t("dashboard.backorders.heading")}
          description={t("dashboard.backorders.description")}
        />
        {state.status === "error" ? (
          <ApiErrorBanner error={state.error} onRetry={reload} title={t("dashboard.backorders.loadError")} />
        ) : !state.data ? (
          <SkeletonBodyText lines={3} />
        ) : (
          <StatsFigures stats={state.data} />
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

function StatsFigures({ stats }: { stats: BackorderStats }) {
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
        <StatusCounts
          items={shown.map((status) => {
            const count = counts[status] ?? 0;
            return {
              status,
              count,
              url: hrefFor({ name: "backorders", filters: { ...NO_BACKORDER_FILTERS, view: status } }),
              accessibilityLabel: t(`dashboard.backorders.viewStatus.${plural(count)}`, {
                count,
                status: lineStatusLabel(status),
              }),
              badge: <LineStatusBadge status={status} />,
            };
          })}
        />
      </BlockStack>
    </BlockStack>
  );
}
