import { useCallback, useState, type FormEvent } from "react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  Form,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Select,
  SkeletonBodyText,
  Tabs,
  Tag,
  Text,
  TextField,
  type IndexTableProps,
} from "@shopify/polaris";
import { shortId, toGid } from "../api/gid";
import { LINE_STATUSES, WAITING_STATUSES, type LineView, type LinesQuery } from "../api/types";
import { ApiErrorBanner } from "../components/api-error-banner";
import { customerLabel, orderLabel, productLabel } from "../components/line-labels";
import { LineStatusBadge, lineStatusLabel } from "../components/line-status-badge";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { useServices } from "../hooks/use-services";
import { formatDateTime } from "../locales/format";
import { plural, t } from "../locales/t";
import { hrefFor, NO_BACKORDER_FILTERS, type BackorderFilters, type BackorderView } from "../router";

export const BACKORDERS_PAGE_SIZE = 50;

/** The tabs, in order: what merchants look at most first, "All" last. */
const VIEWS: BackorderView[] = ["waiting", ...LINE_STATUSES, "all"];

/** The age filter's choices, in days. */
export const AGE_CHOICES = [1, 3, 7, 14, 30] as const;

/** The API query for the filters in the URL (without paging). */
export function linesQuery(filters: BackorderFilters): LinesQuery {
  return {
    status:
      filters.view === "waiting" ? WAITING_STATUSES : filters.view === "all" ? undefined : [filters.view],
    orderId: filters.orderId ?? undefined,
    customerId: filters.customerId ?? undefined,
    variantId: filters.variantId ?? undefined,
    olderThanDays: filters.olderThanDays ?? undefined,
  };
}

const backordersHref = (filters: BackorderFilters) => hrefFor({ name: "backorders", filters });

/**
 * Order lines the backorder engine tracks. Every filter lives in the URL (so the dashboard and the rows can link to
 * a filtered list); the cursors of the pages already seen are kept here, because the API only hands out the next one.
 */
export function BackordersPage({ filters }: { filters: BackorderFilters }) {
  const { api } = useServices();
  const filtersKey = backordersHref(filters);
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key: filtersKey, cursors: [] });
  const cursors = paging.key === filtersKey ? paging.cursors : [];
  const cursor = cursors.at(-1);

  const load = useCallback(
    (signal: AbortSignal) =>
      api.listBackorderLines({ ...linesQuery(filters), cursor, limit: BACKORDERS_PAGE_SIZE }, signal),
    // `filters` comes from useRoute, which keeps the object until the hash changes.
    [api, filters, cursor],
  );
  const { state, reload } = useAsync(load);

  const setFilters = (change: Partial<BackorderFilters>) =>
    navigate({ name: "backorders", filters: { ...filters, ...change } });

  const nextCursor = state.data?.nextCursor ?? null;
  const pagination: IndexTableProps["pagination"] = {
    hasPrevious: cursors.length > 0,
    onPrevious: () => setPaging({ key: filtersKey, cursors: cursors.slice(0, -1) }),
    hasNext: nextCursor !== null,
    onNext: () => nextCursor && setPaging({ key: filtersKey, cursors: [...cursors, nextCursor] }),
  };
  const filtered =
    filters.orderId !== null ||
    filters.customerId !== null ||
    filters.variantId !== null ||
    filters.olderThanDays !== null;

  return (
    <Page
      title={t("backorders.title")}
      backAction={{ content: t("backorders.back"), url: hrefFor({ name: "dashboard" }) }}
      fullWidth
    >
      <Card padding="0">
        <Tabs
          tabs={VIEWS.map((view) => ({ id: `backorders-view-${view}`, content: viewLabel(view) }))}
          selected={Math.max(0, VIEWS.indexOf(filters.view))}
          onSelect={(index) => setFilters({ view: VIEWS[index] ?? "waiting" })}
        />
        <Box padding="300" borderBlockStartWidth="025" borderColor="border">
          {/* Keyed by the URL so the fields show the applied filters again after back/forward or a row link. */}
          <FilterBar key={filtersKey} filters={filters} onApply={setFilters} />
        </Box>
        {state.status === "error" ? (
          <Box padding="400">
            <ApiErrorBanner error={state.error} onRetry={reload} />
          </Box>
        ) : state.data === undefined ? (
          <Box padding="400">
            <SkeletonBodyText lines={6} />
          </Box>
        ) : (
          <IndexTable
            resourceName={{
              singular: t("backorders.resourceName.singular"),
              plural: t("backorders.resourceName.plural"),
            }}
            itemCount={state.data.lines.length}
            selectable={false}
            loading={state.status === "loading"}
            emptyState={<EmptyLines view={filters.view} filtered={filtered} />}
            headings={[
              { title: t("backorders.columns.order") },
              { title: t("backorders.columns.customer") },
              { title: t("backorders.columns.product") },
              { title: t("backorders.columns.status") },
              { title: t("backorders.columns.units") },
              { title: t("backorders.columns.priority"), alignment: "end" },
              { title: t("backorders.columns.updated") },
            ]}
            pagination={pagination}
          >
            {state.data.lines.map((line, position) => (
              <LineRow key={line.lineItemId} line={line} position={position} filters={filters} />
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

function viewLabel(view: BackorderView): string {
  if (view === "waiting") return t("backorders.tabs.waiting");
  if (view === "all") return t("backorders.tabs.all");
  return lineStatusLabel(view);
}

/** Order, customer and variant IDs apply on submit (Enter or the button); the age applies when chosen. */
function FilterBar(props: {
  filters: BackorderFilters;
  onApply: (change: Partial<BackorderFilters>) => void;
}) {
  const { filters, onApply } = props;
  const [orderId, setOrderId] = useState(filters.orderId ? shortId(filters.orderId) : "");
  const [customerId, setCustomerId] = useState(filters.customerId ? shortId(filters.customerId) : "");
  const [variantId, setVariantId] = useState(filters.variantId ? shortId(filters.variantId) : "");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    onApply({
      orderId: toGid("Order", orderId),
      customerId: toGid("Customer", customerId),
      variantId: toGid("ProductVariant", variantId),
    });
  }

  const ages = [...AGE_CHOICES] as number[];
  if (filters.olderThanDays !== null && !ages.includes(filters.olderThanDays))
    ages.push(filters.olderThanDays);
  const active: { key: keyof BackorderFilters; label: string }[] = [];
  if (filters.orderId) {
    active.push({
      key: "orderId",
      label: t("backorders.filters.activeOrder", { id: shortId(filters.orderId) }),
    });
  }
  if (filters.customerId) {
    active.push({
      key: "customerId",
      label: t("backorders.filters.activeCustomer", { id: shortId(filters.customerId) }),
    });
  }
  if (filters.variantId) {
    active.push({
      key: "variantId",
      label: t("backorders.filters.activeVariant", { id: shortId(filters.variantId) }),
    });
  }

  return (
    <Form onSubmit={submit}>
      <BlockStack gap="200">
        <InlineStack gap="300" blockAlign="end" wrap>
          <TextField
            label={t("backorders.filters.order")}
            placeholder={t("backorders.filters.idPlaceholder")}
            value={orderId}
            onChange={setOrderId}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setOrderId("")}
          />
          <TextField
            label={t("backorders.filters.customer")}
            placeholder={t("backorders.filters.idPlaceholder")}
            value={customerId}
            onChange={setCustomerId}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setCustomerId("")}
          />
          <TextField
            label={t("backorders.filters.variant")}
            placeholder={t("backorders.filters.idPlaceholder")}
            value={variantId}
            onChange={setVariantId}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setVariantId("")}
          />
          <Select
            label={t("backorders.filters.age")}
            options={[
              { label: t("backorders.filters.anyAge"), value: "" },
              ...ages.map((days) => ({
                label: t(`backorders.filters.olderThan.${plural(days)}`, { count: days }),
                value: String(days),
              })),
            ]}
            value={filters.olderThanDays === null ? "" : String(filters.olderThanDays)}
            onChange={(value) => onApply({ olderThanDays: value ? Number(value) : null })}
          />
          <Button submit>{t("backorders.filters.apply")}</Button>
          {(active.length > 0 || filters.olderThanDays !== null) && (
            <Button variant="plain" onClick={() => onApply({ ...NO_BACKORDER_FILTERS, view: filters.view })}>
              {t("backorders.filters.clear")}
            </Button>
          )}
        </InlineStack>
        {active.length > 0 && (
          <InlineStack gap="200">
            {active.map(({ key, label }) => (
              <Tag key={key} onRemove={() => onApply({ [key]: null })}>
                {label}
              </Tag>
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Form>
  );
}

function LineRow({
  line,
  position,
  filters,
}: {
  line: LineView;
  position: number;
  filters: BackorderFilters;
}) {
  const customerName = customerLabel(line);
  const order = orderLabel(line);
  const product = productLabel(line);
  return (
    <IndexTable.Row id={line.lineItemId} position={position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link
            url={backordersHref({ ...filters, orderId: line.orderId })}
            removeUnderline
            accessibilityLabel={t("backorders.filterByOrder", { order })}
          >
            <Text as="span" fontWeight="semibold">
              {order}
            </Text>
          </Link>
          <Text as="span" variant="bodySm" tone="subdued">
            {formatDateTime(line.orderCreatedAt)}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {line.customer && customerName ? (
          <BlockStack gap="050">
            <Link
              url={backordersHref({ ...filters, customerId: line.customer.id })}
              removeUnderline
              accessibilityLabel={t("backorders.filterByCustomer", { customer: customerName })}
            >
              {customerName}
            </Link>
            {line.customer.email && line.customer.email !== customerName && (
              <Text as="span" variant="bodySm" tone="subdued">
                {line.customer.email}
              </Text>
            )}
          </BlockStack>
        ) : (
          <Text as="span" tone="subdued">
            {t("backorders.noCustomer")}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link
            url={hrefFor({ name: "backorderLine", lineItemId: line.lineItemId })}
            accessibilityLabel={t("backorders.openLine", { product, order })}
          >
            {product}
          </Link>
          {(line.variantTitle || line.sku) && (
            <Text as="span" variant="bodySm" tone="subdued">
              {[line.variantTitle, line.sku].filter(Boolean).join(" · ")}
            </Text>
          )}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <LineStatusBadge status={line.status} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" numeric>
            {t("backorders.units", { now: line.inStock + line.allocated, waiting: line.waiting })}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued" numeric>
            {t("backorders.unitsOf", { quantity: line.quantity })}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {line.priority ?? t("backorders.noPriority")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDateTime(line.updatedAt)}</IndexTable.Cell>
    </IndexTable.Row>
  );
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
