import { BlockStack, Box, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import type { LineHistoryEntry } from "../../api/types";
import { formatDateTime } from "../../locales/format";
import { hasMessage, t } from "../../locales/t";
import { KeyboardScrollable } from "../keyboard-scrollable";
import { eventLabel } from "../line-labels";
import { LineStatusBadge } from "../line-status-badge";
import { quantityChanges } from "./quantities";

/** What happened to the line, one row an event: when, why, what, the status it moved to, the units it changed. */
export function HistoryCard({ history }: { history: LineHistoryEntry[] }) {
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
            <HistoryRow key={`${entry.at}-${position}`} entry={entry} position={position} />
          ))}
        </IndexTable>
      </KeyboardScrollable>
    </Card>
  );
}

function HistoryRow({ entry, position }: { entry: LineHistoryEntry; position: number }) {
  return (
    <IndexTable.Row id={`history-${position}`} position={position}>
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
