import { useCallback, useState } from "react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Link,
  Page,
  Tabs,
  Text,
} from "@shopify/polaris";
import type { AlertView } from "../api/alerts-api";
import { ListBody } from "../components/list-body";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatDate, formatDateTime } from "../locales/format";
import { t } from "../locales/t";
import { hrefFor } from "../router";

/**
 * The merchant's alerts, newest first: what each is about, when it was found, whether it cleared, was emailed or seen.
 * Acknowledge marks one as seen (it stays listed); dismiss hides it (the "All" tab still shows it).
 */
export function AlertsPage() {
  const { alerts, toast } = useServices();
  const [tab, setTab] = useState(0);
  const includeDismissed = tab === 1;
  const load = useCallback(
    (signal: AbortSignal) => alerts.list(includeDismissed, signal),
    [alerts, includeDismissed],
  );
  const { state, reload } = useAsync(load);
  const [busy, setBusy] = useState<string | null>(null);

  async function mark(alert: AlertView, action: "acknowledge" | "dismiss") {
    setBusy(alert.id);
    try {
      await alerts.mark(alert.id, action);
      toast(t(action === "acknowledge" ? "alerts.actions.acknowledged" : "alerts.actions.dismissed"));
      reload();
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page
      title={t("alerts.title")}
      subtitle={t("alerts.subtitle")}
      backAction={{ content: t("alerts.back"), url: hrefFor({ name: "dashboard" }) }}
      secondaryActions={[{ content: t("alerts.settingsAction"), url: `${hrefFor({ name: "settings" })}` }]}
    >
      <Card padding="0">
        <Tabs
          tabs={[
            { id: "alerts-open", content: t("alerts.tabs.open") },
            { id: "alerts-all", content: t("alerts.tabs.all") },
          ]}
          selected={tab}
          onSelect={setTab}
        />
        <ListBody state={state} reload={reload}>
          {({ alerts }) =>
            alerts.length === 0 ? (
              <EmptyState heading={t("alerts.empty.title")} image="">
                <p>{t("alerts.empty.body")}</p>
              </EmptyState>
            ) : (
              <ul aria-label={t("alerts.title")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
                {alerts.map((alert) => (
                  <AlertItem key={alert.id} alert={alert} busy={busy === alert.id} onMark={mark} />
                ))}
              </ul>
            )
          }
        </ListBody>
      </Card>
    </Page>
  );
}

function AlertItem({
  alert,
  busy,
  onMark,
}: {
  alert: AlertView;
  busy: boolean;
  onMark: (alert: AlertView, action: "acknowledge" | "dismiss") => Promise<void>;
}) {
  const kind = t(`alerts.kinds.${alert.kind}`);
  const when = formatDateTime(alert.detectedAt);
  const link = linkOf(alert);
  return (
    <li style={{ borderTop: "1px solid var(--p-color-border-secondary)" }}>
      <Box padding="400">
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center" wrap>
            <Text as="h2" variant="headingSm">
              {kind}
            </Text>
            <StateBadges alert={alert} />
          </InlineStack>
          <Text as="p">{describe(alert)}</Text>
          <InlineStack gap="300" blockAlign="center" align="space-between" wrap>
            <InlineStack gap="300" blockAlign="center">
              <Text as="span" tone="subdued">
                {t("alerts.detected", { date: when })}
              </Text>
              {link && <Link url={link.url}>{link.label}</Link>}
            </InlineStack>
            <InlineStack gap="200">
              {alert.acknowledgedAt === null && alert.dismissedAt === null && (
                <Button
                  size="slim"
                  onClick={() => void onMark(alert, "acknowledge")}
                  disabled={busy}
                  accessibilityLabel={t("alerts.actions.acknowledgeLabel", { kind, when })}
                >
                  {t("alerts.actions.acknowledge")}
                </Button>
              )}
              {alert.dismissedAt === null && (
                <Button
                  size="slim"
                  variant="tertiary"
                  onClick={() => void onMark(alert, "dismiss")}
                  disabled={busy}
                  accessibilityLabel={t("alerts.actions.dismissLabel", { kind, when })}
                >
                  {t("alerts.actions.dismiss")}
                </Button>
              )}
            </InlineStack>
          </InlineStack>
        </BlockStack>
      </Box>
    </li>
  );
}

function StateBadges({ alert }: { alert: AlertView }) {
  return (
    <InlineStack gap="100">
      {alert.resolvedAt !== null ? (
        <Badge tone="success">{t("alerts.state.resolved")}</Badge>
      ) : alert.acknowledgedAt === null && alert.dismissedAt === null ? (
        <Badge tone="attention">{t("alerts.state.new")}</Badge>
      ) : null}
      {alert.acknowledgedAt !== null && <Badge>{t("alerts.state.acknowledged")}</Badge>}
      {alert.dismissedAt !== null && <Badge>{t("alerts.state.dismissed")}</Badge>}
      {alert.emailedAt !== null && <Badge tone="info">{t("alerts.state.emailed")}</Badge>}
    </InlineStack>
  );
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** One sentence about the alert, from its stored facts. */
export function describe(alert: AlertView): string {
  const d = alert.detail;
  const order = str(d.orderName) || str(d.orderId);
  switch (alert.kind) {
    case "cap_reached":
      return t("alerts.describe.cap_reached", {
        title: [str(d.title), d.sku ? `(${str(d.sku)})` : ""].filter(Boolean).join(" "),
        units: str(d.waitingUnits),
        cap: d.cap === null || d.cap === undefined ? "?" : str(d.cap),
      });
    case "promise_at_risk":
      return t(
        d.state === "overdue"
          ? "alerts.describe.promise_at_risk_overdue"
          : "alerts.describe.promise_at_risk_due_soon",
        { order, title: str(d.title), units: str(d.units), date: formatDate(str(d.dueOn)) },
      );
    case "legal_deadline":
      return t("alerts.describe.legal_deadline", {
        order,
        title: str(d.title),
        units: str(d.units),
        jurisdiction: str(d.jurisdiction),
        date: formatDate(str(d.shipBy)),
      });
    case "webhook_dead":
      return t("alerts.describe.webhook_dead", { topic: str(d.topic), error: str(d.error) || "—" });
  }
}

function linkOf(alert: AlertView): { url: string; label: string } | null {
  if (alert.kind === "webhook_dead")
    return { url: hrefFor({ name: "inbox", status: "DEAD" }), label: t("alerts.actions.openInbox") };
  const lineItemId = str(alert.detail.lineItemId);
  return lineItemId
    ? { url: hrefFor({ name: "backorderLine", lineItemId }), label: t("alerts.actions.openLine") }
    : null;
}
