import { useEffect, useState } from "react";
import { Banner, BlockStack, List, Modal, Text, TextField } from "@shopify/polaris";
import type { BulkAction, BulkLineOutcome, BulkOutcome } from "../../api/types";
import { describeError } from "../../locales/describe-error";
import { plural, t } from "../../locales/t";
import { useServices } from "../../hooks/use-services";

export type BulkKind = BulkAction["kind"];

type Step =
  | { name: "input" }
  | { name: "reviewing" }
  | { name: "review"; action: BulkAction; plan: BulkOutcome }
  | { name: "running"; action: BulkAction; plan: BulkOutcome }
  | { name: "done"; outcome: BulkOutcome }
  | { name: "error"; error: unknown };

/**
 * A bulk action in three steps: what to do (the new priority), what it will do (the server's dry run, line by line,
 * before anything changes: the lines, orders and units it touches, and who gets an email), what it did. The actions
 * but "set priority" need no input and start at the review.
 */
export function BulkActionModal(props: {
  kind: BulkKind;
  lineItemIds: string[];
  onClose: (changed: boolean) => void;
}) {
  const { kind, lineItemIds, onClose } = props;
  const { api } = useServices();
  const [priority, setPriority] = useState("");
  const [step, setStep] = useState<Step>(kind === "set_priority" ? { name: "input" } : { name: "reviewing" });
  const priorityError =
    priority.trim() !== "" && !/^\d{1,7}$/.test(priority.trim())
      ? t("backorders.bulk.priorityInvalid")
      : undefined;

  async function review(action: BulkAction) {
    setStep({ name: "reviewing" });
    try {
      setStep({ name: "review", action, plan: await api.bulkLines(lineItemIds, action, true) });
    } catch (error) {
      setStep({ name: "error", error });
    }
  }

  async function run(action: BulkAction, plan: BulkOutcome) {
    setStep({ name: "running", action, plan });
    try {
      setStep({ name: "done", outcome: await api.bulkLines(lineItemIds, action, false) });
    } catch (error) {
      setStep({ name: "error", error });
    }
  }

  // The actions without input: their review is fetched as soon as the modal opens.
  useEffect(() => {
    if (kind === "set_priority") return;
    const action: BulkAction = { kind };
    let live = true;
    api.bulkLines(lineItemIds, action, true).then(
      (plan) => live && setStep({ name: "review", action, plan }),
      (error: unknown) => live && setStep({ name: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [api, kind, lineItemIds]);

  const priorityAction = (): BulkAction => ({
    kind: "set_priority",
    priority: priority.trim() === "" ? null : Number(priority.trim()),
  });
  const title = t(`backorders.bulk.${kind}.title`);
  const close = () => onClose(step.name === "done" && step.outcome.summary.done > 0);

  let primary;
  if (step.name === "input") {
    primary = {
      content: t("backorders.bulk.review"),
      disabled: priorityError !== undefined,
      onAction: () => void review(priorityAction()),
    };
  } else if (step.name === "review" || step.name === "running") {
    const { action, plan } = step;
    primary = {
      content: t(`backorders.bulk.${kind}.confirm.${plural(plan.summary.changing)}`, {
        count: plan.summary.changing,
      }),
      disabled: plan.summary.changing === 0,
      loading: step.name === "running",
      destructive: kind === "cancel_waiting",
      onAction: () => void run(action, plan),
    };
  } else {
    primary = { content: t("backorders.bulk.close"), onAction: close, loading: step.name === "reviewing" };
  }

  return (
    <Modal
      open
      title={title}
      onClose={close}
      primaryAction={primary}
      secondaryActions={
        step.name === "done" ? [] : [{ content: t("backorders.bulk.cancel"), onAction: close }]
      }
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            {t(`backorders.bulk.chosen.${plural(lineItemIds.length)}`, { count: lineItemIds.length })}
          </Text>
          {step.name === "input" && (
            <TextField
              label={t("backorders.bulk.priorityLabel")}
              helpText={t("backorders.bulk.priorityHelp")}
              type="number"
              min={0}
              value={priority}
              onChange={setPriority}
              error={priorityError}
              autoComplete="off"
            />
          )}
          {step.name === "reviewing" && <Text as="p">{t("backorders.bulk.checking")}</Text>}
          {(step.name === "review" || step.name === "running") && <Plan outcome={step.plan} />}
          {step.name === "done" && <Result outcome={step.outcome} />}
          {step.name === "error" && <Banner tone="critical">{describeError(step.error)}</Banner>}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function lineName(line: BulkLineOutcome): string {
  return [line.productTitle ?? line.lineItemId.split("/").pop(), line.variantTitle, line.sku]
    .filter(Boolean)
    .join(" · ");
}

function changeText(line: BulkLineOutcome): string {
  const { change, email } = line;
  if (!change) return t(`backorders.bulk.skipped.${line.skipped ?? "unchanged"}`);
  if ("notice" in change) return t("backorders.bulk.willNotify", { units: change.units, email: email ?? "" });
  if ("cancelled" in change) {
    const mail = email ? t("backorders.bulk.emailTo", { email }) : t("backorders.bulk.noEmail");
    const cancelled = t(`backorders.bulk.willCancel.${plural(change.cancelled)}`, {
      count: change.cancelled,
    });
    return `${cancelled}, ${mail}`;
  }
  if ("units" in change)
    return t(`backorders.bulk.willAllocate.${plural(change.units)}`, { count: change.units });
  return change.priority === null
    ? t("backorders.bulk.willClearPriority")
    : t("backorders.bulk.willSetPriority", { priority: change.priority });
}

/** The sentence that says what the action will do, for the lines it changes. */
function summaryText({ action, summary }: BulkOutcome): string {
  const count = summary.changing;
  return t(`backorders.bulk.${action}.summary.${plural(count)}`, { count, units: summary.units });
}

/** What the action will do: a sentence, then each line. */
function Plan({ outcome }: { outcome: BulkOutcome }) {
  const { summary } = outcome;
  return (
    <BlockStack gap="200">
      <Text as="p" fontWeight="semibold">
        {summaryText(outcome)}
        {summary.skipped > 0 &&
          ` ${t(`backorders.bulk.skippedCount.${plural(summary.skipped)}`, { count: summary.skipped })}`}
      </Text>
      {(outcome.action === "send_delay_notice" || outcome.action === "cancel_waiting") && (
        <List type="bullet">
          <List.Item>{t("backorders.bulk.facts.orders", { orders: summary.orders })}</List.Item>
          <List.Item>{t("backorders.bulk.facts.units", { units: summary.units })}</List.Item>
          <List.Item>{t("backorders.bulk.facts.emails", { emails: summary.emails })}</List.Item>
        </List>
      )}
      {outcome.action === "allocate_from_stock" && (
        <Text as="p">{t("backorders.bulk.facts.units", { units: summary.units })}</Text>
      )}
      <List type="bullet">
        {outcome.lines.map((line) => (
          <List.Item key={line.lineItemId}>
            {lineName(line)}: {changeText(line)}
          </List.Item>
        ))}
      </List>
    </BlockStack>
  );
}

function Result({ outcome }: { outcome: BulkOutcome }) {
  const refused = outcome.lines.filter((l) => l.result === "failed");
  const { done, failed } = outcome.summary;
  return (
    <BlockStack gap="200">
      <Banner tone={refused.length > 0 ? "warning" : "success"}>
        {t("backorders.bulk.result.text", {
          done: t(`backorders.bulk.result.done.${plural(done)}`, { count: done }),
          failed: t(`backorders.bulk.result.failed.${plural(failed)}`, { count: failed }),
        })}
      </Banner>
      {refused.length > 0 && (
        <List type="bullet">
          {refused.map((line) => (
            <List.Item key={line.lineItemId}>
              {lineName(line)}: {line.error}
            </List.Item>
          ))}
        </List>
      )}
    </BlockStack>
  );
}
