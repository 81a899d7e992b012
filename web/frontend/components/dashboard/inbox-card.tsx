import { BlockStack, Button, Card, InlineStack } from "@shopify/polaris";
import { INBOX_STATUSES, type InboxCounts } from "../../api/types";
import { plural, t } from "../../locales/t";
import { hrefFor } from "../../router";
import { InboxStatusBadge } from "../inbox-status-badge";
import { CardHeading } from "./card-heading";
import { StatusCounts } from "./status-counts";

/** The webhook inbox: how many deliveries are in each status, each a link to the inbox filtered to it. */
export function InboxCard({ counts }: { counts: InboxCounts }) {
  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading title={t("dashboard.inbox.heading")} description={t("dashboard.inbox.description")} />
        <StatusCounts
          items={INBOX_STATUSES.map((status) => ({
            status,
            count: counts[status],
            url: hrefFor({ name: "inbox", status }),
            accessibilityLabel: t(`dashboard.inbox.viewStatus.${plural(counts[status])}`, {
              count: counts[status],
              status: t(`status.${status}`),
            }),
            badge: <InboxStatusBadge status={status} />,
          }))}
        />
        <InlineStack>
          <Button url={hrefFor({ name: "inbox", status: null })}>{t("dashboard.inbox.viewAll")}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
