import { useState } from "react";
import { Banner, BlockStack, DataTable, DropZone, Modal, Text } from "@shopify/polaris";
import { ApiError } from "../../api/client";
import type { RuleImportError, RuleImportOutcome } from "../../api/rules-api";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { formatNumber } from "../../locales/format";
import { KeyboardScrollable } from "../keyboard-scrollable";
import { plural, t } from "../../locales/t";
import { targetLabel } from "./rule-draft";

type Step =
  | { name: "choose" }
  | { name: "checking"; filename: string }
  | { name: "planned"; filename: string; csv: string; plan: RuleImportOutcome }
  | { name: "invalid"; filename: string; errors: RuleImportError[] }
  | { name: "failed"; message: string };

/** The row problems a 422 carries (`error.errors`); null for any other failure. */
function rowErrors(error: unknown): RuleImportError[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const errors = error.details?.errors;
  return Array.isArray(errors) ? (errors as RuleImportError[]) : null;
}

/**
 * Rules from a CSV: the file is checked first (a dry run on the server: every row, nothing written), the merchant
 * reads what it would create and replace, or every row's problem, and only then imports.
 */
export function RulesImportModal({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const { api, toast } = useServices();
  const [step, setStep] = useState<Step>({ name: "choose" });
  const [importing, setImporting] = useState(false);

  async function check(file: File) {
    setStep({ name: "checking", filename: file.name });
    const csv = await file.text();
    try {
      const plan = await api.importRules(csv, true);
      setStep({ name: "planned", filename: file.name, csv, plan });
    } catch (error) {
      const errors = rowErrors(error);
      setStep(
        errors
          ? { name: "invalid", filename: file.name, errors }
          : { name: "failed", message: describeError(error) },
      );
    }
  }

  async function confirm(csv: string) {
    setImporting(true);
    try {
      const done = await api.importRules(csv, false);
      toast(
        t("rules.csv.imported.text", {
          created: t(`rules.csv.imported.created.${plural(done.created)}`, { count: done.created }),
          updated: t(`rules.csv.replaced.${plural(done.updated)}`, { count: done.updated }),
        }),
      );
      onImported();
    } catch (error) {
      const errors = rowErrors(error);
      setStep(
        errors
          ? { name: "invalid", filename: "", errors }
          : { name: "failed", message: describeError(error) },
      );
    } finally {
      setImporting(false);
    }
  }

  const planned = step.name === "planned" ? step : null;
  return (
    <Modal
      open
      onClose={onClose}
      title={t("rules.csv.title")}
      primaryAction={
        planned
          ? {
              content: t(`rules.csv.confirm.${plural(planned.plan.rows.length)}`, {
                count: planned.plan.rows.length,
              }),
              onAction: () => void confirm(planned.csv),
              loading: importing,
            }
          : undefined
      }
      secondaryActions={[{ content: t("rules.csv.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          <Text as="p">{t("rules.csv.help")}</Text>
          <DropZone
            label={t("rules.csv.file")}
            accept=".csv,text/csv"
            type="file"
            allowMultiple={false}
            onDropAccepted={(files) => {
              const [file] = files;
              if (file) void check(file);
            }}
          >
            <DropZone.FileUpload
              actionTitle={t("rules.csv.file")}
              actionHint={
                step.name === "checking"
                  ? t("rules.csv.checking")
                  : step.name === "choose"
                    ? ""
                    : "filename" in step
                      ? step.filename
                      : ""
              }
            />
          </DropZone>
          {step.name === "failed" ? <Banner tone="critical">{step.message}</Banner> : null}
          {step.name === "invalid" ? (
            <Banner tone="critical" title={t("rules.csv.errorsTitle")}>
              <KeyboardScrollable label={t("rules.csv.title")}>
                <DataTable
                  columnContentTypes={["numeric", "text", "text"]}
                  headings={[t("rules.csv.row"), t("rules.csv.column"), t("rules.csv.problem")]}
                  rows={step.errors.map((e) => [formatNumber(e.row), e.field, e.message])}
                />
              </KeyboardScrollable>
            </Banner>
          ) : null}
          {planned ? (
            <BlockStack gap="200">
              <Text as="p">
                {t("rules.csv.plan.text", {
                  created: t(`rules.csv.plan.created.${plural(planned.plan.created)}`, {
                    count: planned.plan.created,
                  }),
                  updated: t(`rules.csv.replaced.${plural(planned.plan.updated)}`, {
                    count: planned.plan.updated,
                  }),
                })}
              </Text>
              <KeyboardScrollable label={t("rules.csv.title")}>
                <DataTable
                  columnContentTypes={["numeric", "text", "text", "text"]}
                  headings={[
                    t("rules.csv.row"),
                    t("rules.columns.target"),
                    t("rules.columns.mode"),
                    t("rules.csv.planAction"),
                  ]}
                  rows={planned.plan.rows.map((r) => [
                    formatNumber(r.row),
                    `${t(`rules.scope.${r.rule.scope.kind}`)}: ${targetLabel({ ...r.rule, id: "", updatedAt: "" }, {})}`,
                    t(`rules.modes.${r.rule.settings.mode}`),
                    r.action === "create" ? t("rules.csv.create") : t("rules.csv.update"),
                  ])}
                />
              </KeyboardScrollable>
            </BlockStack>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
