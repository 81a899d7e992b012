import { useCallback, useState } from "react";
import { Box, Button, Card, IndexTable, Page, Tabs, Text, type IndexTableProps } from "@shopify/polaris";
import { INBOX_STATUSES, type InboxEvent, type InboxStatus } from "../api/types";
import { ListBody } from "../components/list-body";
import { InboxStatusBadge } from "../components/inbox-status-badge";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatDateTime } from "../locales/format";
import { t } from "../locales/t";
import { hrefFor } from "../router";

export const INBOX_PAGE_SIZE = 25;

/** The tabs, in order; null is "All". */
const FILTERS: (InboxStatus | null)[] = [null, ...INBOX_STATUSES];

/**
 * The webhook inbox. The status filter lives in the URL (so the dashboard can link to "failed events"); the
 * cursors of the pages already seen are kept here, because the API only hands out the next one.
 */
export function InboxPage({ status }: { status: InboxStatus | null }) {
  const { api, toast } = useServices();
  const [paging, setPaging] = useState<{ status: InboxStatus | null; cursors: string[] }>({
    status,
    cursors: [],
  });
  const cursors = paging.status === status ? paging.cursors : [];
  const cursor = cursors.at(-1);

  const load = useCallback(
    (signal: AbortSignal) =>
      api.listInbox({ status: status ?? undefined, cursor, limit: INBOX_PAGE_SIZE }, signal),
    [api, status, cursor],
  );
  const { state, reload } = useAsync(load);
  const [replaying, setReplaying] = useState<string | null>(null);

  async function replay(event: InboxEvent): Promise<void> {
    setReplaying(event.id);
    try {
      await api.replayInboxEvent(event.id);
      toast(t("inbox.replay.done", { topic: event.topic }));
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setReplaying(null);
      reload();
    }
  }

  const nextCursor = state.data?.nextCursor ?? null;
  const pagination: IndexTableProps["pagination"] = {
    hasPrevious: cursors.length > 0,
    onPrevious: () => setPaging({ status, cursors: cursors.slice(0, -1) }),
    hasNext: nextCursor !== null,
    onNext: () => nextCursor && setPaging({ status, cursors: [...cursors, nextCursor] }),
  };

  return (
    <Page
      title={t("inbox.title")}
      backAction={{ content: t("inbox.back"), url: hrefFor({ name: "dashboard" }) }}
    >
      <Card padding="0">
        <Tabs
          tabs={FILTERS.map((filter) => ({
            id: `inbox-filter-${filter ?? "all"}`,
            content: filter ? t(`status.${filter}`) : t("inbox.tabs.all"),
          }))}
          selected={FILTERS.indexOf(status)}
          onSelect={(index) => navigate({ name: "inbox", status: FILTERS[index] ?? null })}
        />
        <ListBody state={state} reload={reload}>
          {(data) => (
            <IndexTable
              resourceName={{
                singular: t("inbox.resourceName.singular"),
                plural: t("inbox.resourceName.plural"),
              }}
              itemCount={data.events.length}
              selectable={false}
              loading={state.status === "loading"}
              emptyState={<EmptyInbox status={status} />}
              headings={[
                { title: t("inbox.columns.topic") },
                { title: t("inbox.columns.status") },
                { title: t("inbox.columns.attempts"), alignment: "end" },
                { title: t("inbox.columns.received") },
                { title: t("inbox.columns.lastError") },
                { title: t("inbox.columns.actions"), hidden: true },
              ]}
              pagination={pagination}
            >
              {data.events.map((event, position) => (
                <InboxRow
                  key={event.id}
                  event={event}
                  position={position}
                  replaying={replaying === event.id}
                  onReplay={() => void replay(event)}
                />
              ))}
            </IndexTable>
          )}
        </ListBody>
      </Card>
    </Page>
  );
}

function InboxRow(props: { event: InboxEvent; position: number; replaying: boolean; onReplay: () => void }) {
  const { event } = props;
  return (
    <IndexTable.Row id={event.id} position={props.position}>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {event.topic}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InboxStatusBadge status={event.status} />
        {event.status === "PENDING" && event.nextAttemptAt && (
          <Text as="p" variant="bodySm" tone="subdued">
            {t("inbox.nextAttempt", { date: formatDateTime(event.nextAttemptAt) })}
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {event.attempts}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDateTime(event.receivedAt)}</IndexTable.Cell>
      <IndexTable.Cell>
        {event.lastError && (
          <Box maxWidth="32rem">
            <Text as="span" tone="critical" truncate>
              {event.lastError}
            </Text>
          </Box>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {event.status === "DEAD" && (
          <Button
            size="slim"
            loading={props.replaying}
            onClick={props.onReplay}
            accessibilityLabel={t("inbox.replay.accessibilityLabel", { topic: event.topic, id: event.id })}
          >
            {t("inbox.replay.action")}
          </Button>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function EmptyInbox({ status }: { status: InboxStatus | null }) {
  return (
    <Box padding="800">
      <Text as="p" alignment="center" tone="subdued">
        {status ? t("inbox.empty.filtered", { status: t(`status.${status}`) }) : t("inbox.empty.all")}
      </Text>
    </Box>
  );
}
