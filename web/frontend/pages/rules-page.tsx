import { useCallback, useState } from "react";
import { BlockStack, Card, DataTable, Link, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import type { Rule, RulesList } from "../api/rules-api";
import { ApiErrorBanner } from "../components/api-error-banner";
import { etaSummary, SCOPE_KINDS, targetLabel } from "../components/rules/rule-draft";
import { RulesImportModal } from "../components/rules/rules-import-modal";
import { saveFile } from "../components/save-file";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { formatNumber } from "../locales/format";
import { KeyboardScrollable } from "../components/keyboard-scrollable";
import { plural, t } from "../locales/t";
import { hrefFor } from "../router";

/**
 * Backorder rules by scope, most specific first (the order in which they win), with CSV export and import. Each row
 * opens the rule's editor, which previews what a change would do before it is saved.
 */
export function RulesPage() {
  const { api, toast } = useServices();
  const load = useCallback((signal: AbortSignal) => api.listRules(signal), [api]);
  const { state, reload } = useAsync(load);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);

  async function exportCsv() {
    setExporting(true);
    try {
      saveFile(await api.exportRules(), `backorder-rules-${new Date().toISOString().slice(0, 10)}.csv`);
      toast(t("rules.csv.exported"));
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setExporting(false);
    }
  }

  return (
    <Page
      title={t("rules.title")}
      subtitle={t("rules.subtitle")}
      primaryAction={{ content: t("rules.add"), url: hrefFor({ name: "ruleEditor", id: null }) }}
      secondaryActions={[
        { content: t("rules.csv.export"), onAction: () => void exportCsv(), loading: exporting },
        { content: t("rules.csv.import"), onAction: () => setImporting(true) },
      ]}
    >
      <BlockStack gap="400">
        {state.status === "error" ? <ApiErrorBanner error={state.error} onRetry={reload} /> : null}
        {state.status === "loading" && !state.data ? (
          <Card>
            <SkeletonBodyText lines={5} />
          </Card>
        ) : state.data ? (
          <RuleGroups list={state.data} />
        ) : null}
      </BlockStack>
      {importing ? (
        <RulesImportModal
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}

function RuleGroups({ list }: { list: RulesList }) {
  if (list.rules.length === 0) {
    return (
      <Card>
        <Text as="p">{t("rules.empty")}</Text>
      </Card>
    );
  }
  return (
    <BlockStack gap="400">
      <Text as="p" tone="subdued">
        {t("rules.precedence")}
      </Text>
      {SCOPE_KINDS.map((kind) => {
        const rules = list.rules
          .filter((r) => r.scope.kind === kind)
          .sort(
            (a, b) =>
              a.priority - b.priority ||
              targetLabel(a, list.titles).localeCompare(targetLabel(b, list.titles)),
          );
        if (rules.length === 0) return null;
        return (
          <Card key={kind} padding="0">
            <BlockStack gap="0">
              <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
                <Text as="h2" variant="headingMd">
                  {t(`rules.scopes.${kind}`)}
                </Text>
              </div>
              <KeyboardScrollable label={t(`rules.scopes.${kind}`)}>
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric"]}
                  headings={[
                    t("rules.columns.target"),
                    t("rules.columns.mode"),
                    t("rules.columns.eta"),
                    t("rules.columns.cap"),
                    t("rules.columns.maxLeadTime"),
                    t("rules.columns.priority"),
                  ]}
                  rows={rules.map((rule) => ruleRow(rule, list.titles))}
                />
              </KeyboardScrollable>
            </BlockStack>
          </Card>
        );
      })}
    </BlockStack>
  );
}

function ruleRow(rule: Rule, titles: Record<string, string>) {
  const { settings } = rule;
  const target = targetLabel(rule, titles);
  return [
    <Link
      key="target"
      url={hrefFor({ name: "ruleEditor", id: rule.id })}
      accessibilityLabel={t("rules.editLabel", { target })}
    >
      {target}
    </Link>,
    t(`rules.modes.${settings.mode}`),
    etaSummary(settings.etaSource),
    settings.cap === null ? t("rules.noCap") : formatNumber(settings.cap),
    settings.maxLeadTimeDays === null
      ? t("rules.noLimit")
      : t(`rules.days.${plural(settings.maxLeadTimeDays)}`, {
          count: formatNumber(settings.maxLeadTimeDays),
        }),
    formatNumber(rule.priority),
  ];
}
