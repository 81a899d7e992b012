import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Link,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import type { FeedImportDetail } from "../../../server/http/routes/etas.schemas.js";
import { formatNumber } from "../../locales/format";
import { t } from "../../locales/t";
import { hrefFor } from "../../router";
import { etaText, ImportStatusBadge, inFlight } from "./feed-labels";

/**
 * One import as it runs and once it ended: a progress bar while the server reads, checks and writes; then the
 * figures, the first row problems (row number and reason) and the waiting lines the file delays, each linked to its
 * line page. `onApply` offers to apply a dry run that passed.
 */
export function ImportResult({ run, onApply }: { run: FeedImportDetail; onApply: (() => void) | null }) {
  const running = inFlight(run.status);
  return (
    <Card>
      <section aria-labelledby="feed-result-title">
        <BlockStack gap="400">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd" id="feed-result-title">
              {t("feeds.result.title", { file: run.filename ?? t("feeds.history.noName") })}
            </Text>
            <ImportStatusBadge status={run.status} />
          </InlineStack>
          {running ? (
            <BlockStack gap="200">
              <ProgressBar progress={run.progress} size="small" ariaLabelledBy="feed-progress-label" />
              <Text as="p" id="feed-progress-label">
                {`${t("feeds.progress.label")}: ${t(`feeds.progress.${run.phase}`)} (${run.progress}%)`}
              </Text>
            </BlockStack>
          ) : (
            <Outcome run={run} onApply={onApply} />
          )}
        </BlockStack>
      </section>
    </Card>
  );
}

function Outcome({ run, onApply }: { run: FeedImportDetail; onApply: (() => void) | null }) {
  const tone = run.status === "checked" || run.status === "applied" ? "success" : "critical";
  const status = run.status === "uploading" || run.status === "running" ? "failed" : run.status;
  return (
    <BlockStack gap="400">
      <Banner tone={tone} title={t(`feeds.result.${status}`)}>
        {run.failure ? <p>{run.failure}</p> : null}
      </Banner>
      <Figures run={run} />
      {run.errors.length > 0 ? <ErrorsTable run={run} /> : null}
      {run.status === "checked" || run.status === "applied" ? <SlipsTable run={run} /> : null}
      {onApply ? (
        <InlineStack gap="300" blockAlign="center">
          <Button variant="primary" onClick={onApply}>
            {t("feeds.upload.apply")}
          </Button>
          <Text as="p" tone="subdued">
            {t("feeds.upload.applyHint")}
          </Text>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

function Figures({ run }: { run: FeedImportDetail }) {
  const figures: [string, number][] = [
    [t("feeds.result.rows"), run.rows],
    [t("feeds.result.matched"), run.matched],
    [t("feeds.result.variants"), run.variants],
    [t("feeds.result.problems"), run.errorCount],
    [t("feeds.result.delayed"), run.slipCount],
  ];
  return (
    <InlineStack gap="600">
      {figures.map(([label, value]) => (
        <BlockStack gap="100" key={label}>
          <Text as="span" tone="subdued">
            {label}
          </Text>
          <Text as="span" variant="headingLg" numeric>
            {formatNumber(value)}
          </Text>
        </BlockStack>
      ))}
    </InlineStack>
  );
}

function ErrorsTable({ run }: { run: FeedImportDetail }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("feeds.errors.title")}
      </Text>
      {run.errorCount > run.errors.length ? (
        <Text as="p" tone="subdued">
          {t("feeds.result.shownErrors", {
            shown: formatNumber(run.errors.length),
            count: formatNumber(run.errorCount),
          })}
        </Text>
      ) : null}
      <DataTable
        columnContentTypes={["numeric", "text", "text"]}
        headings={[t("feeds.errors.row"), t("feeds.errors.column"), t("feeds.errors.problem")]}
        rows={run.errors.map((e) => [e.row, e.field, e.message])}
      />
    </BlockStack>
  );
}

function SlipsTable({ run }: { run: FeedImportDetail }) {
  const title = run.status === "applied" ? t("feeds.slips.titleApplied") : t("feeds.slips.titleChecked");
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {run.slips.length === 0 ? (
        <Text as="p" tone="subdued">
          {t("feeds.slips.empty")}
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "text", "text", "text"]}
          headings={[
            t("feeds.slips.order"),
            t("feeds.slips.customer"),
            t("feeds.slips.promised"),
            t("feeds.slips.before"),
            t("feeds.slips.after"),
          ]}
          rows={run.slips.map((slip) => [
            <Link key={slip.lineItemId} url={hrefFor({ name: "backorderLine", lineItemId: slip.lineItemId })}>
              {slip.orderName ?? t("feeds.slips.unknownOrder")}
            </Link>,
            [slip.customerName, slip.customerEmail].filter(Boolean).join(" · ") ||
              t("feeds.slips.noCustomer"),
            etaText(slip.promised),
            etaText(slip.previous),
            etaText(slip.revised),
          ])}
        />
      )}
    </BlockStack>
  );
}
