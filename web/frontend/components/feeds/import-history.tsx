import { BlockStack, Button, Card, DataTable, Text } from "@shopify/polaris";
import type { FeedImport } from "../../../server/http/routes/etas.schemas.js";
import { formatDateTime, formatNumber } from "../../locales/format";
import { t } from "../../locales/t";
import { ImportStatusBadge } from "./feed-labels";

/** Every import of the shop, newest first: when, which file, dry run or applied, how it ended, its figures. */
export function ImportHistory({ imports, onOpen }: { imports: FeedImport[]; onOpen: (id: string) => void }) {
  return (
    <Card>
      <section aria-labelledby="feed-history-title">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd" id="feed-history-title">
            {t("feeds.history.title")}
          </Text>
          {imports.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("feeds.history.empty")}
            </Text>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "numeric", "text"]}
              headings={[
                t("feeds.history.date"),
                t("feeds.history.file"),
                t("feeds.history.kind"),
                t("feeds.history.status"),
                t("feeds.history.rows"),
                t("feeds.history.problems"),
                t("feeds.history.delayed"),
                "",
              ]}
              rows={imports.map((run) => [
                formatDateTime(run.createdAt),
                run.filename ?? t("feeds.history.noName"),
                run.dryRun ? t("feeds.history.dryRun") : t("feeds.history.apply"),
                <ImportStatusBadge key={run.id} status={run.status} />,
                formatNumber(run.rows),
                formatNumber(run.errorCount),
                formatNumber(run.slipCount),
                <Button
                  key={`open-${run.id}`}
                  variant="plain"
                  onClick={() => onOpen(run.id)}
                  accessibilityLabel={`${t("feeds.history.open")}: ${run.filename ?? t("feeds.history.noName")} (${formatDateTime(run.createdAt)})`}
                >
                  {t("feeds.history.open")}
                </Button>,
              ])}
            />
          )}
        </BlockStack>
      </section>
    </Card>
  );
}
