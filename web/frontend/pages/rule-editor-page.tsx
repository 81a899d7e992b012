import { useCallback, useState } from "react";
import { Banner, BlockStack, Card, Layout, Page, PageActions, SkeletonBodyText } from "@shopify/polaris";
import type { RulePreview } from "../api/rules-api";
import { ApiErrorBanner } from "../components/api-error-banner";
import { draftOf, inputOf, NEW_RULE, type RuleDraft } from "../components/rules/rule-draft";
import { EtaFields, ScopeFields, SellingFields } from "../components/rules/rule-fields";
import { RulePreviewCard } from "../components/rules/rule-preview-card";
import { useAsync } from "../hooks/use-async";
import { navigate } from "../hooks/use-route";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";
import { hrefFor } from "../router";

/** "Invalid rule: settings.cap: expected …; scope.variantId: …" → { "settings.cap": "expected …", … }. */
export function fieldErrors(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.replace(/^[^:]*:\s*/, "").split(/;\s*/)) {
    const match = /^([\w.]+):\s*(.+)$/.exec(part);
    if (match?.[1] && match[2]) out[match[1]] = match[2];
  }
  return out;
}

/**
 * A backorder rule's editor: scope (picked with the resource picker), mode, cap, ETA source, longest wait, and a
 * preview of what the rule would do before it is saved. `id` null: a new rule.
 */
export function RuleEditorPage({ id }: { id: string | null }) {
  const { api } = useServices();
  const load = useCallback(
    async (signal: AbortSignal): Promise<RuleDraft> => {
      if (id === null) return NEW_RULE;
      const [rule, list] = await Promise.all([api.getRule(id, signal), api.listRules(signal)]);
      return draftOf(rule, list.titles);
    },
    [api, id],
  );
  const { state, reload } = useAsync(load);
  return (
    <Page
      title={id === null ? t("rules.editor.newTitle") : t("rules.editor.editTitle")}
      backAction={{ content: t("rules.editor.back"), url: hrefFor({ name: "rules" }) }}
    >
      {state.status === "error" ? <ApiErrorBanner error={state.error} onRetry={reload} /> : null}
      {state.status === "success" ? (
        <RuleEditor key={id ?? "new"} id={id} initial={state.data} />
      ) : state.status === "loading" ? (
        <Card>
          <SkeletonBodyText lines={8} />
        </Card>
      ) : null}
    </Page>
  );
}

function RuleEditor({ id, initial }: { id: string | null; initial: RuleDraft }) {
  const { api, toast } = useServices();
  const [draft, setDraft] = useState(initial);
  const [preview, setPreview] = useState<{ for: RuleDraft; result: RulePreview } | null>(null);
  const [busy, setBusy] = useState<"preview" | "save" | "delete" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = inputOf(draft);
  const change = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  // A preview belongs to the draft it was computed for; an edit makes it stale.
  const shown = preview?.for === draft ? preview.result : null;

  async function run(kind: "preview" | "save" | "delete", action: () => Promise<void>) {
    setBusy(kind);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  }

  const runPreview = () =>
    run("preview", async () => {
      if (!input) return setError(t("rules.editor.needTarget"));
      setPreview({ for: draft, result: await api.previewRule(input, id ?? undefined) });
    });
  const save = () =>
    run("save", async () => {
      if (!input) return setError(t("rules.editor.needTarget"));
      if (id === null) await api.createRule(input);
      else await api.updateRule(id, input);
      toast(t("rules.editor.saved"));
      navigate({ name: "rules" });
    });
  const remove = () =>
    run("delete", async () => {
      if (id === null) return;
      await api.deleteRule(id);
      toast(t("rules.editor.deleted"));
      navigate({ name: "rules" });
    });

  const errors = error ? fieldErrors(error) : {};
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          {error ? (
            <Banner tone="critical" title={t("rules.editor.saveFailed")}>
              <p>{error}</p>
            </Banner>
          ) : null}
          <ScopeFields draft={draft} onChange={change} />
          <SellingFields draft={draft} onChange={change} errors={errors} />
          <EtaFields draft={draft} onChange={change} errors={errors} />
          <RulePreviewCard
            preview={shown}
            loading={busy === "preview"}
            disabled={busy !== null}
            onPreview={() => void runPreview()}
          />
          <PageActions
            primaryAction={{
              content: t("rules.editor.save"),
              onAction: () => void save(),
              loading: busy === "save",
              disabled: busy !== null && busy !== "save",
            }}
            secondaryActions={
              id === null
                ? []
                : [
                    {
                      content: t("rules.editor.delete"),
                      destructive: true,
                      onAction: () => void remove(),
                      loading: busy === "delete",
                    },
                  ]
            }
          />
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}
