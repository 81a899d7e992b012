import { BlockStack, Card, List, Text } from "@shopify/polaris";
import type { LineDetail, LineEta } from "../../api/types";
import { formatDate, formatDateTime } from "../../locales/format";
import { hasMessage, t } from "../../locales/t";

/** An ETA as the merchant reads it: a day, a range of days, or not known. */
export function etaLabel(eta: LineEta): string {
  if (eta.kind === "date") return formatDate(eta.date);
  if (eta.kind === "range")
    return t("line.promise.range", { from: formatDate(eta.from), to: formatDate(eta.to) });
  return t("line.promise.unknown");
}

const statusLabel = (status: string) => {
  const key = `line.promise.messageStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
};

/**
 * The line's promise as customer care keeps it: what was promised at purchase and when, the date expected now, a
 * later date the customer accepted; what the customer was shown and agreed to; the emails of the order.
 */
export function PromiseCard({ detail }: { detail: LineDetail }) {
  const { promise, consents = [], messages = [] } = detail;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("line.promise.heading")}
        </Text>
        {promise ? (
          <List type="bullet">
            <List.Item>
              {t("line.promise.promised", {
                eta: etaLabel(promise.promised),
                at: formatDateTime(promise.promisedAt),
              })}
            </List.Item>
            <List.Item>{t("line.promise.current", { eta: etaLabel(promise.current) })}</List.Item>
            {promise.agreed && (
              <List.Item>{t("line.promise.agreed", { eta: etaLabel(promise.agreed) })}</List.Item>
            )}
          </List>
        ) : (
          <Text as="p" tone="subdued">
            {t("line.promise.none")}
          </Text>
        )}
        <Text as="h3" variant="headingSm">
          {t("line.promise.consents")}
        </Text>
        {consents.length > 0 ? (
          <List type="bullet">
            {consents.map((c) => (
              <List.Item key={`${c.kind}:${c.givenAt}`}>
                {t("line.promise.consent", {
                  text: c.text,
                  eta: etaLabel(c.eta),
                  at: formatDateTime(c.givenAt),
                })}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text as="p" tone="subdued">
            {t("line.promise.noConsent")}
          </Text>
        )}
        <Text as="h3" variant="headingSm">
          {t("line.promise.messages")}
        </Text>
        {messages.length > 0 ? (
          <List type="bullet">
            {messages.map((m) => (
              <List.Item key={`${m.kind}:${m.createdAt}:${m.to}`}>
                {t("line.promise.message", {
                  subject: m.subject ?? m.kind,
                  to: m.to,
                  status: statusLabel(m.status),
                  at: formatDateTime(m.sentAt ?? m.createdAt),
                })}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text as="p" tone="subdued">
            {t("line.promise.noMessages")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
