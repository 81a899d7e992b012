import { useCallback } from "react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { ApiErrorBanner } from "../components/api-error-banner";
import { customerLabel, orderLabel, productLabel } from "../components/line-labels";
import { LineStatusBadge } from "../components/line-status-badge";
import { AllocateCard } from "../components/line/allocate-card";
import { DetailsCard } from "../components/line/details-card";
import { HistoryCard } from "../components/line/history-card";
import { PriorityCard } from "../components/line/priority-card";
import { PromiseCard } from "../components/line/promise-card";
import { RestockPreviewCard } from "../components/line/restock-preview-card";
import { UnitsCard } from "../components/line/units-card";
import { PageSkeleton } from "../components/page-skeleton";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { t } from "../locales/t";
import { hrefFor, NO_BACKORDER_FILTERS } from "../router";

/** One order line: its units, what happened to it and why, and the two things staff may do by hand. */
export function BackorderLinePage({ lineItemId }: { lineItemId: string }) {
  const { api } = useServices();
  const load = useCallback(
    (signal: AbortSignal) => api.getBackorderLine(lineItemId, signal),
    [api, lineItemId],
  );
  const { state, reload } = useAsync(load);
  const backAction = {
    content: t("line.back"),
    url: hrefFor({ name: "backorders", filters: NO_BACKORDER_FILTERS }),
  };

  if (state.status === "error") {
    return (
      <Page title={t("line.title")} backAction={backAction}>
        <ApiErrorBanner error={state.error} onRetry={reload} />
      </Page>
    );
  }
  if (!state.data) return <PageSkeleton title={t("line.title")} backAction />;

  const { line, history } = state.data;
  const customer = customerLabel(line);
  const order = orderLabel(line);
  return (
    <Page
      title={productLabel(line)}
      subtitle={customer ? t("line.subtitle", { order, customer }) : order}
      titleMetadata={<LineStatusBadge status={line.status} />}
      backAction={backAction}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <UnitsCard line={line} />
            <PromiseCard detail={state.data} />
            <HistoryCard history={history} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PriorityCard key={String(line.priority)} line={line} onChanged={reload} />
            <AllocateCard line={line} onChanged={reload} />
            <RestockPreviewCard line={line} />
            <DetailsCard line={line} customer={customer} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
