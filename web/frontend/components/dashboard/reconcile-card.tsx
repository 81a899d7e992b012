import { useCallback, useState } from "react";
import { Banner, BlockStack, Button, Card, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import type { ReconcileRun } from "../../api/types";
import { useAsync } from "../../hooks/use-async";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { formatDateTime } from "../../locales/format";
import { hasMessage, t } from "../../locales/t";
import { ApiErrorBanner } from "../api-error-banner";
import { Fact } from "../fact";
import { CardHeading } from "./card-heading";

/** The last reconcile run against Shopify, and the button that starts a new one. */
export function ReconcileCard() {
  const { api, toast } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getLatestReconcile(signal), [api]);
  const { state, reload } = useAsync(load);
  const [started, setStarted] = useState<ReconcileRun | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reconcile() {
    setStarting(true);
    setError(null);
    try {
      const { run } = await api.startReconcile();
      setStarted(run ?? null);
      toast(t("dashboard.reconcile.started"));
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  }

  function refresh() {
    setStarted(null);
    reload();
  }

  // The run just started is newer than what the last load returned, until the next refresh.
  const run = started ?? state.data ?? null;
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading
          title={t("dashboard.reconcile.heading")}
          description={t("dashboard.reconcile.description")}
        />
        {error !== null && (
          <Banner
            tone="critical"
            title={t("dashboard.reconcile.startError")}
            onDismiss={() => setError(null)}
          >
            <p>{describeError(error)}</p>
          </Banner>
        )}
        {state.status === "error" && started === null ? (
          <ApiErrorBanner error={state.error} onRetry={reload} title={t("dashboard.reconcile.loadError")} />
        ) : state.status === "loading" && started === null && state.data === undefined ? (
          <SkeletonBodyText lines={2} />
        ) : run ? (
          <RunReport run={run} />
        ) : (
          <Text as="p" tone="subdued">
            {t("dashboard.reconcile.never")}
          </Text>
        )}
        <InlineStack gap="200">
          <Button variant="primary" loading={starting} onClick={() => void reconcile()}>
            {t("dashboard.reconcile.action")}
          </Button>
          <Button onClick={refresh} disabled={starting}>
            {t("dashboard.reconcile.refresh")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

const RUN_FIELDS_SHOWN_ELSEWHERE = new Set(["id", "status", "startedAt", "finishedAt", "error"]);

/** The run's status and times, then every count it reports, named after its field ("linesChecked" → "Lines checked"). */
function RunReport({ run }: { run: ReconcileRun }) {
  const counts = runCounts(run);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("dashboard.reconcile.lastRun")}
      </Text>
      {run.status && <Fact label={t("dashboard.reconcile.status")} value={runStatusLabel(run.status)} />}
      {run.startedAt && (
        <Fact label={t("dashboard.reconcile.startedAt")} value={formatDateTime(run.startedAt)} />
      )}
      <Fact
        label={t("dashboard.reconcile.finishedAt")}
        value={run.finishedAt ? formatDateTime(run.finishedAt) : t("dashboard.reconcile.notFinished")}
      />
      {counts.map(([name, value]) => (
        <Fact key={name} label={fieldLabel(name)} value={String(value)} />
      ))}
      {typeof run.error === "string" && run.error && (
        <Text as="p" tone="critical">
          {t("dashboard.reconcile.errorMessage", { message: run.error })}
        </Text>
      )}
    </BlockStack>
  );
}

/** Numeric fields of the run, and of objects one level down (e.g. `{ counts: { linesChecked: 12 } }`). */
function runCounts(run: ReconcileRun): [string, number][] {
  const counts: [string, number][] = [];
  for (const [name, value] of Object.entries(run)) {
    if (RUN_FIELDS_SHOWN_ELSEWHERE.has(name)) continue;
    if (typeof value === "number") counts.push([name, value]);
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [inner, count] of Object.entries(value))
        if (typeof count === "number") counts.push([inner, count]);
    }
  }
  return counts;
}

function runStatusLabel(status: string): string {
  const key = `dashboard.reconcile.statuses.${status}`;
  return hasMessage(key) ? t(key) : status;
}

function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
