import { useCallback, useEffect, useState } from "react";
import { Banner, BlockStack, Card, Layout, Page, SkeletonBodyText } from "@shopify/polaris";
import type { FeedImportDetail } from "../../server/http/routes/etas.schemas.js";
import { ApiErrorBanner } from "../components/api-error-banner";
import { ImportHistory } from "../components/feeds/import-history";
import { ImportResult } from "../components/feeds/import-result";
import { inFlight } from "../components/feeds/feed-labels";
import { UploadCard } from "../components/feeds/upload-card";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";

/** How often a running import is asked for its progress (ms). */
export const POLL_MS = 500;

/**
 * Supplier feeds: drop a CSV, check it (a dry run: the server reads it off its request thread, matches every row and
 * finds the waiting lines the new dates would delay), then apply it. A running import shows its progress; a finished
 * one its figures, the first row problems and the customers it delays; the history lists every import.
 */
export function FeedsPage({ importId }: { importId: string | null }) {
  const { api } = useServices();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const loadHistory = useCallback((signal: AbortSignal) => api.listFeedImports(signal), [api]);
  const history = useAsync(loadHistory);
  const run = useImport(importId, history.reload);

  async function start(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setUploadError(null);
    try {
      const created = await api.createFeedImport({ filename: file.name, dryRun, bytes: file.size });
      navigate({ name: "feeds", importId: created.import.id });
      await api.uploadFeedFile(created.import.id, file);
    } catch (error) {
      setUploadError(error);
      history.reload();
    } finally {
      setBusy(false);
    }
  }

  // While a poll is under way the last answer stays on screen (the loading state carries it).
  const current = run.state.data?.id === importId ? (run.state.data ?? null) : null;
  const canApply =
    current !== null && current.dryRun && current.status === "checked" && file?.name === current.filename;
  return (
    <Page title={t("feeds.heading")} subtitle={t("feeds.description")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <UploadCard
              file={file}
              onFile={(picked) => {
                setFile(picked);
                setUploadError(null);
              }}
              onCheck={() => void start(true)}
              busy={busy || (current !== null && inFlight(current.status))}
            />
            {uploadError ? (
              <Banner tone="critical" title={t("feeds.result.rejected")}>
                <p>{describeError(uploadError)}</p>
              </Banner>
            ) : null}
            {run.state.status === "error" ? (
              <ApiErrorBanner error={run.state.error} onRetry={run.reload} />
            ) : null}
            {current ? (
              <ImportResult run={current} onApply={canApply && !busy ? () => void start(false) : null} />
            ) : importId ? (
              <Card>
                <SkeletonBodyText lines={3} />
              </Card>
            ) : null}
            {history.state.status === "error" ? (
              <ApiErrorBanner error={history.state.error} onRetry={history.reload} />
            ) : (
              <ImportHistory
                imports={history.state.data?.imports ?? []}
                onOpen={(id) => navigate({ name: "feeds", importId: id })}
              />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** The import `id` (with its errors and slips), asked again every POLL_MS while it runs; `onSettled` when it ends. */
function useImport(id: string | null, onSettled: () => void) {
  const { api } = useServices();
  const [tick, setTick] = useState(0);
  const load = useCallback(
    async (signal: AbortSignal): Promise<FeedImportDetail | null> =>
      id ? (await api.getFeedImport(id, signal)).import : null,
    // `tick` asks again: each poll is a new load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, id, tick],
  );
  const { state, reload } = useAsync(load);
  const running = state.status === "success" && state.data !== null && inFlight(state.data.status);
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, state]);
  const settledId = state.status === "success" && state.data && !running ? state.data.id : null;
  useEffect(() => {
    if (settledId) onSettled();
  }, [settledId, onSettled]);
  return { state, reload };
}
