import { useCallback, useState, type FormEvent } from "react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Form,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  Text,
  TextField,
} from "@shopify/polaris";
import { shortId } from "../api/gid";
import type { LineHistoryEntry, LineQuantities, LineView } from "../api/types";
import { Fact } from "../components/fact";
import { KeyboardScrollable } from "../components/keyboard-scrollable";
import { ApiErrorBanner } from "../components/api-error-banner";
import { customerLabel, eventLabel, orderLabel, productLabel } from "../components/line-labels";
import { LineStatusBadge } from "../components/line-status-badge";
import { PromiseCard } from "../components/line/promise-card";
import { RestockPreviewCard } from "../components/line/restock-preview-card";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatDateTime } from "../locales/format";
import { hasMessage, plural, t } from "../locales/t";
import { hrefFor, NO_BACKORDER_FILTERS } from "../router";

const QUANTITY_KEYS = ["quantity", "inStock", "allocated", "waiting"] as const;
const QUANTITY_LABEL = {
  quantity: "line.quantities.ordered",
  inStock: "line.quantities.inStock",
  allocated: "line.quantities.allocated",
  waiting: "line.quantities.waiting",
} as const;

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
  if (!state.data) return <LineSkeleton />;

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

function UnitsCard({ line }: { line: LineView }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("line.quantities.heading")}
        </Text>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {QUANTITY_KEYS.map((key) => (
            <BlockStack key={key} gap="050">
              <Text as="p" variant="bodySm" tone="subdued">
                {t(QUANTITY_LABEL[key])}
              </Text>
              <Text as="p" variant="headingLg" numeric>
                {line[key]}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
      </BlockStack>
    </Card>
  );
}

function HistoryCard({ history }: { history: LineHistoryEntry[] }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          {t("line.history.heading")}
        </Text>
      </Box>
      <KeyboardScrollable label={t("line.history.heading")}>
        <IndexTable
          resourceName={{
            singular: t("line.history.resourceName.singular"),
            plural: t("line.history.resourceName.plural"),
          }}
          itemCount={history.length}
          selectable={false}
          emptyState={
            <Box padding="600">
              <Text as="p" alignment="center" tone="subdued">
                {t("line.history.empty")}
              </Text>
            </Box>
          }
          headings={[
            { title: t("line.history.columns.at") },
            { title: t("line.history.columns.cause") },
            { title: t("line.history.columns.event") },
            { title: t("line.history.columns.status") },
            { title: t("line.history.columns.units") },
          ]}
        >
          {history.map((entry, position) => (
            <IndexTable.Row key={`${entry.at}-${position}`} id={`history-${position}`} position={position}>
              <IndexTable.Cell>{formatDateTime(entry.at)}</IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050">
                  <Text as="span">{causeLabel(entry.cause.kind)}</Text>
                  {entry.cause.ref && (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {entry.cause.ref}
                    </Text>
                  )}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <EventCell event={entry.event} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="100" blockAlign="center" wrap={false}>
                  {entry.from && entry.from !== entry.to && (
                    <>
                      <LineStatusBadge status={entry.from} />
                      <Text as="span" tone="subdued">
                        →
                      </Text>
                    </>
                  )}
                  {entry.to && <LineStatusBadge status={entry.to} />}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050">
                  {quantityChanges(entry.before, entry.after).map((change) => (
                    <Text key={change} as="span" variant="bodySm" numeric>
                      {change}
                    </Text>
                  ))}
                </BlockStack>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </KeyboardScrollable>
    </Card>
  );
}

function EventCell({ event }: { event: LineHistoryEntry["event"] }) {
  const { name, detail } = eventLabel(event);
  return (
    <BlockStack gap="050">
      <Text as="span" fontWeight="medium">
        {name}
      </Text>
      {detail && (
        <Text as="span" variant="bodySm" tone="subdued">
          {detail}
        </Text>
      )}
    </BlockStack>
  );
}

function causeLabel(kind: string): string {
  const key = `line.history.cause.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

/** "Waiting 5 → 3" for each quantity that changed; every quantity when there is no "before" (the line's start). */
export function quantityChanges(before: LineQuantities | null, after: LineQuantities | null): string[] {
  if (!after) return [t("line.history.noChange")];
  if (!before) {
    return QUANTITY_KEYS.filter((key) => typeof after[key] === "number").map((key) =>
      t("line.history.same", { name: t(QUANTITY_LABEL[key]), value: after[key] }),
    );
  }
  const changes = QUANTITY_KEYS.filter((key) => before[key] !== after[key]).map((key) =>
    t("line.history.change", { name: t(QUANTITY_LABEL[key]), before: before[key], after: after[key] }),
  );
  return changes.length > 0 ? changes : [t("line.history.noChange")];
}

/** A whole number from a text field, or null. */
function parseInteger(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isSafeInteger(number) ? number : null;
}

function PriorityCard({ line, onChanged }: { line: LineView; onChanged: () => void }) {
  const { api, toast } = useServices();
  const [value, setValue] = useState(line.priority === null ? "" : String(line.priority));
  const [invalid, setInvalid] = useState(false);
  const [saving, setSaving] = useState<"set" | "clear" | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function save(priority: number | null) {
    setSaving(priority === null ? "clear" : "set");
    setError(null);
    try {
      await api.setLinePriority(line.lineItemId, priority);
      toast(priority === null ? t("line.priority.cleared") : t("line.priority.saved", { priority }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(null);
      onChanged();
    }
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const priority = parseInteger(value);
    const valid = priority !== null && priority >= 0;
    setInvalid(!valid);
    if (valid) void save(priority);
  }

  return (
    <Card>
      <Form onSubmit={submit} noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("line.priority.heading")}
          </Text>
          {error !== null && (
            <Banner tone="critical" title={t("line.priority.errorTitle")} onDismiss={() => setError(null)}>
              <p>{describeError(error)}</p>
            </Banner>
          )}
          <TextField
            label={t("line.priority.label")}
            type="number"
            min={0}
            step={1}
            value={value}
            onChange={(next) => {
              setValue(next);
              setInvalid(false);
            }}
            error={invalid ? t("line.priority.invalid") : undefined}
            helpText={t("line.priority.help")}
            autoComplete="off"
          />
          <InlineStack gap="200">
            <Button submit variant="primary" loading={saving === "set"} disabled={saving !== null}>
              {t("line.priority.save")}
            </Button>
            <Button
              onClick={() => void save(null)}
              loading={saving === "clear"}
              disabled={saving !== null || line.priority === null}
            >
              {t("line.priority.clear")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function AllocateCard({ line, onChanged }: { line: LineView; onChanged: () => void }) {
  const { api, toast } = useServices();
  const [value, setValue] = useState("");
  const [invalid, setInvalid] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const units = parseInteger(value);
    if (units === null || units < 1) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setSaving(true);
    setError(null);
    try {
      await api.allocateLine(line.lineItemId, units);
      toast(t(`line.allocate.done.${plural(units)}`, { count: units }));
      setValue("");
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
      onChanged();
    }
  }

  return (
    <Card>
      <Form onSubmit={(event) => void submit(event)} noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("line.allocate.heading")}
          </Text>
          {error !== null && (
            <Banner tone="critical" title={t("line.allocate.errorTitle")} onDismiss={() => setError(null)}>
              <p>{describeError(error)}</p>
            </Banner>
          )}
          <TextField
            label={t("line.allocate.label")}
            type="number"
            min={1}
            step={1}
            value={value}
            onChange={(next) => {
              setValue(next);
              setInvalid(false);
            }}
            error={invalid ? t("line.allocate.invalid") : undefined}
            helpText={t("line.allocate.help")}
            autoComplete="off"
          />
          <InlineStack>
            <Button submit loading={saving}>
              {t("line.allocate.action")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function DetailsCard({ line, customer }: { line: LineView; customer: string | null }) {
  const none = t("line.facts.none");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("line.facts.heading")}
        </Text>
        <Fact label={t("line.facts.order")} value={orderLabel(line)} />
        <Fact label={t("line.facts.orderedOn")} value={formatDateTime(line.orderCreatedAt)} />
        <Fact label={t("line.facts.customer")} value={customer ?? none} />
        <Fact label={t("line.facts.variant")} value={line.variantTitle || shortId(line.variantId)} />
        <Fact label={t("line.facts.sku")} value={line.sku || none} />
        <Fact
          label={t("line.facts.priority")}
          value={line.priority === null ? none : String(line.priority)}
        />
        <Fact label={t("line.facts.updated")} value={formatDateTime(line.updatedAt)} />
      </BlockStack>
    </Card>
  );
}

function LineSkeleton() {
  return (
    <SkeletonPage title={t("line.title")} backAction>
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
