import { useCallback, useState } from "react";
import {
  Banner,
  Box,
  Card,
  IndexTable,
  Page,
  Tabs,
  Text,
  useIndexResourceState,
  type IndexTableProps,
  type TabProps,
} from "@shopify/polaris";
import { LINE_STATUSES, WAITING_STATUSES, type LinesQuery } from "../api/types";
import { ListBody } from "../components/list-body";
import { KeyboardScrollable } from "../components/keyboard-scrollable";
import { MixedCheckboxes } from "../components/mixed-checkboxes";
import { BulkActionModal, type BulkKind } from "../components/backorders/bulk-action-modal";
import { LineFilterBar } from "../components/backorders/line-filter-bar";
import { LineRow } from "../components/backorders/line-row";
import { lineStatusLabel } from "../components/line-status-badge";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { filtersOf, useSavedViews } from "../hooks/use-saved-views";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";
import { hrefFor, type BackorderFilters, type BackorderView } from "../router";

export { AGE_CHOICES } from "../components/backorders/line-filter-bar";

export const BACKORDERS_PAGE_SIZE = 50;

/** The tabs, in order: what merchants look at most first, "All" last; the merchant's saved views follow. */
const VIEWS: BackorderView[] = ["waiting", ...LINE_STATUSES, "all"];

/** The API query for the filters in the URL (without paging). */
export function linesQuery(filters: BackorderFilters): LinesQuery {
  return {
    status:
      filters.view === "waiting" ? WAITING_STATUSES : filters.view === "all" ? undefined : [filters.view],
    q: filters.q ?? undefined,
    sort: filters.sort,
    orderId: filters.orderId ?? undefined,
    customerId: filters.customerId ?? undefined,
    variantId: filters.variantId ?? undefined,
    olderThanDays: filters.olderThanDays ?? undefined,
  };
}

const backordersHref = (filters: BackorderFilters) => hrefFor({ name: "backorders", filters });
const shopOfPage = () => new URLSearchParams(window.location.search).get("shop") ?? "local";

/**
 * Order lines the backorder engine tracks. Every filter lives in the URL (so the dashboard, the rows and saved views
 * can link to a filtered list); the cursors of the pages already seen are kept here, because the API only hands out
 * the next one. Chosen lines take bulk actions; the filtered list exports as CSV.
 */
export function BackordersPage({ filters }: { filters: BackorderFilters }) {
  const { api, toast } = useServices();
  const filtersKey = backordersHref(filters);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filtersKey, cursors: [] });
  const cursors = paging.key === filtersKey ? paging.cursors : [];
  const cursor = cursors.at(-1);
  const saved = useSavedViews(shopOfPage());
  const [bulk, setBulk] = useState<BulkKind | null>(null);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(
    (signal: AbortSignal) =>
      api.listBackorderLines({ ...linesQuery(filters), cursor, limit: BACKORDERS_PAGE_SIZE }, signal),
    // `filters` comes from useRoute, which keeps the object until the hash changes.
    [api, filters, cursor],
  );
  const { state, reload } = useAsync(load);
  const lines = state.data?.lines ?? [];
  const selection = useIndexResourceState(lines as unknown as { [key: string]: unknown }[], {
    resourceIDResolver: (line) => (line as unknown as { lineItemId: string }).lineItemId,
  });

  const setFilters = (change: Partial<BackorderFilters>) =>
    navigate({ name: "backorders", filters: { ...filters, ...change } });

  async function exportCsv() {
    setExporting(true);
    try {
      const blob = await api.exportBackorderLines(linesQuery(filters));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `backorders-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(t("backorders.export.done"));
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setExporting(false);
    }
  }

  const nextCursor = state.data?.nextCursor ?? null;
  const pagination: IndexTableProps["pagination"] = {
    hasPrevious: cursors.length > 0,
    onPrevious: () => setPaging({ key: filtersKey, cursors: cursors.slice(0, -1) }),
    hasNext: nextCursor !== null,
    onNext: () => nextCursor && setPaging({ key: filtersKey, cursors: [...cursors, nextCursor] }),
  };
  const filtered =
    filters.q !== null ||
    filters.orderId !== null ||
    filters.customerId !== null ||
    filters.variantId !== null ||
    filters.olderThanDays !== null;

  const savedIndex = saved.views.findIndex((v) => v.href === filtersKey);
  const tabs: TabProps[] = [
    ...VIEWS.map((view) => ({ id: `backorders-view-${view}`, content: viewLabel(view) })),
    ...saved.views.map((view, i) => ({
      id: `backorders-saved-${i}`,
      content: view.name,
      actions: [
        {
          type: "delete" as const,
          onPrimaryAction: async () => {
            saved.remove(view.name);
            return true;
          },
        },
      ],
    })),
  ];
  const selectedTab = savedIndex >= 0 ? VIEWS.length + savedIndex : Math.max(0, VIEWS.indexOf(filters.view));
  const chosen = selection.selectedResources;

  return (
    <Page
      title={t("backorders.title")}
      backAction={{ content: t("backorders.back"), url: hrefFor({ name: "dashboard" }) }}
      secondaryActions={[
        { content: t("backorders.export.action"), onAction: () => void exportCsv(), loading: exporting },
      ]}
      fullWidth
    >
      <Card padding="0">
        <Tabs
          tabs={tabs}
          selected={selectedTab}
          onSelect={(index) => {
            const view = saved.views[index - VIEWS.length];
            const savedFilters = view ? filtersOf(view) : null;
            if (savedFilters) navigate({ name: "backorders", filters: savedFilters });
            else setFilters({ view: VIEWS[index] ?? "waiting" });
          }}
          canCreateNewView
          newViewAccessibilityLabel={t("backorders.views.save")}
          onCreateNewView={async (name) => saved.save(name, filtersKey)}
        />
        <Box padding="300" borderBlockStartWidth="025" borderColor="border">
          {/* Keyed by the URL so the fields show the applied filters again after back/forward or a row link. */}
          <LineFilterBar key={filtersKey} filters={filters} onApply={setFilters} />
        </Box>
        {state.data?.searchTruncated && (
          <Box padding="300">
            <Banner tone="warning">{t("backorders.searchTruncated")}</Banner>
          </Box>
        )}
        <ListBody state={state} reload={reload}>
          {() => (
            <KeyboardScrollable label={t("backorders.title")}>
              <MixedCheckboxes>
                <IndexTable
                  resourceName={{
                    singular: t("backorders.resourceName.singular"),
                    plural: t("backorders.resourceName.plural"),
                  }}
                  itemCount={lines.length}
                  selectedItemsCount={selection.allResourcesSelected ? "All" : chosen.length}
                  onSelectionChange={selection.handleSelectionChange}
                  promotedBulkActions={[
                    {
                      content: t("backorders.bulk.set_priority.action"),
                      onAction: () => setBulk("set_priority"),
                    },
                    {
                      content: t("backorders.bulk.allocate_from_stock.action"),
                      onAction: () => setBulk("allocate_from_stock"),
                    },
                    {
                      content: t("backorders.bulk.send_delay_notice.action"),
                      onAction: () => setBulk("send_delay_notice"),
                    },
                    {
                      content: t("backorders.bulk.cancel_waiting.action"),
                      onAction: () => setBulk("cancel_waiting"),
                    },
                  ]}
                  loading={state.status === "loading"}
                  emptyState={<EmptyLines view={filters.view} filtered={filtered} />}
                  headings={[
                    { title: t("backorders.columns.order") },
                    { title: t("backorders.columns.customer") },
                    { title: t("backorders.columns.product") },
                    { title: t("backorders.columns.status") },
                    { title: t("backorders.columns.units") },
                    { title: t("backorders.columns.promised") },
                    { title: t("backorders.columns.priority"), alignment: "end" },
                    { title: t("backorders.columns.updated") },
                  ]}
                  pagination={pagination}
                >
                  {lines.map((line, position) => (
                    <LineRow
                      key={line.lineItemId}
                      line={line}
                      position={position}
                      filters={filters}
                      selected={chosen.includes(line.lineItemId)}
                    />
                  ))}
                </IndexTable>
              </MixedCheckboxes>
            </KeyboardScrollable>
          )}
        </ListBody>
      </Card>
      {bulk && (
        <BulkActionModal
          kind={bulk}
          lineItemIds={chosen}
          onClose={(changed) => {
            setBulk(null);
            if (changed) {
              selection.clearSelection();
              reload();
            }
          }}
        />
      )}
    </Page>
  );
}

function viewLabel(view: BackorderView): string {
  if (view === "waiting") return t("backorders.tabs.waiting");
  if (view === "all") return t("backorders.tabs.all");
  return lineStatusLabel(view);
}

function EmptyLines({ view, filtered }: { view: BackorderView; filtered: boolean }) {
  const message = filtered
    ? t("backorders.empty.filtered")
    : view === "waiting"
      ? t("backorders.empty.waiting")
      : view === "all"
        ? t("backorders.empty.all")
        : t("backorders.empty.filtered");
  return (
    <Box padding="800">
      <Text as="p" alignment="center" tone="subdued">
        {message}
      </Text>
    </Box>
  );
}
