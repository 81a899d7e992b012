import { useCallback, useState } from "react";
import {
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Page,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
} from "@shopify/polaris";
import type { CareTemplate } from "../api/waitwell-api";
import { ApiErrorBanner } from "../components/api-error-banner";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";

const LANGUAGES = [
  { label: "English", value: "en" },
  { label: "Français", value: "fr" },
  { label: "Deutsch", value: "de" },
  { label: "Español", value: "es" },
];

/**
 * Customer emails: each message (confirmation, delay notice, …) per language, edited in Liquid with a preview on
 * sample data, a test send, and a switch that turns the message off. The server renders and validates everything.
 */
export function CustomerEmailsPage() {
  const { api, toast } = useServices();
  const load = useCallback((signal: AbortSignal) => api.listCareTemplates(signal), [api]);
  const { state, reload } = useAsync(load);
  const [kind, setKind] = useState("confirmation");
  const [locale, setLocale] = useState("en");
  // Edits and the preview belong to the template they were made on (kind, language and its saved text).
  const [edit, setEdit] = useState<{ key: string; subject: string; body: string } | null>(null);
  const [shown, setPreview] = useState<{ key: string; html: string } | null>(null);
  const [testTo, setTestTo] = useState("");
  const [busy, setBusy] = useState(false);

  const templates: CareTemplate[] = state.status === "success" ? state.data.templates : [];
  const current = templates.find((x) => x.kind === kind && x.locale === locale) ?? null;
  const key = current ? `${kind}:${locale}:${current.subject}:${current.body}` : "";
  const draft = edit?.key === key ? edit : current;
  const setDraft = (next: { subject: string; body: string }) => setEdit({ key, ...next });
  const preview = shown?.key === key ? shown.html : null;

  async function run(action: () => Promise<unknown>, done?: string) {
    setBusy(true);
    try {
      await action();
      if (done) toast(done);
    } catch (error) {
      toast(describeError(error), { isError: true });
    } finally {
      setBusy(false);
    }
  }

  const kinds = [...new Set(templates.map((x) => x.kind))].map((k) => ({ label: k, value: k }));
  return (
    <Page title={t("customerEmails.heading")} subtitle={t("customerEmails.description")}>
      {state.status === "error" ? <ApiErrorBanner error={state.error} onRetry={reload} /> : null}
      {state.status === "loading" || !current || !draft ? (
        <Card>
          <SkeletonBodyText lines={6} />
        </Card>
      ) : (
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300">
                <Select label={t("customerEmails.message")} options={kinds} value={kind} onChange={setKind} />
                <Select
                  label={t("customerEmails.language")}
                  options={LANGUAGES}
                  value={locale}
                  onChange={setLocale}
                />
              </InlineStack>
              <Checkbox
                label={t("customerEmails.enabled")}
                checked={current.enabled}
                disabled={busy}
                onChange={(enabled) =>
                  void run(async () => {
                    await api.updateCareSettings({ messages: { [kind]: enabled } });
                    reload();
                  }, t("customerEmails.settingsSaved"))
                }
              />
              <TextField
                label={t("customerEmails.subject")}
                value={draft.subject}
                onChange={(subject) => setDraft({ ...draft, subject })}
                autoComplete="off"
              />
              <TextField
                label={t("customerEmails.body")}
                value={draft.body}
                onChange={(body) => setDraft({ ...draft, body })}
                multiline={10}
                monospaced
                autoComplete="off"
              />
              <InlineStack gap="200">
                <Button
                  variant="primary"
                  loading={busy}
                  onClick={() =>
                    void run(async () => {
                      await api.saveCareTemplate(kind, locale, { subject: draft.subject, body: draft.body });
                      reload();
                    }, t("customerEmails.saved"))
                  }
                >
                  {t("customerEmails.save")}
                </Button>
                <Button
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const answer = await api.previewCareTemplate(kind, locale, {
                        subject: draft.subject,
                        body: draft.body,
                      });
                      setPreview({ key, html: answer.preview.html });
                    })
                  }
                >
                  {t("customerEmails.preview")}
                </Button>
                {current.edited ? (
                  <Button
                    tone="critical"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await api.resetCareTemplate(kind, locale);
                        reload();
                      }, t("customerEmails.resetDone"))
                    }
                  >
                    {t("customerEmails.reset")}
                  </Button>
                ) : null}
              </InlineStack>
              <InlineStack gap="200" blockAlign="end">
                <TextField
                  label={t("customerEmails.testTo")}
                  type="email"
                  value={testTo}
                  onChange={setTestTo}
                  autoComplete="email"
                />
                <Button
                  disabled={busy || testTo === ""}
                  onClick={() =>
                    void run(
                      () => api.testCareTemplate(kind, locale, testTo),
                      t("customerEmails.testQueued", { to: testTo }),
                    )
                  }
                >
                  {t("customerEmails.sendTest")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
          {preview ? (
            <Card>
              <Box minHeight="400px">
                <Text as="h2" variant="headingSm">
                  {t("customerEmails.preview")}
                </Text>
                <iframe
                  title={t("customerEmails.preview")}
                  srcDoc={preview}
                  sandbox=""
                  style={{ width: "100%", minHeight: 380, border: 0 }}
                />
              </Box>
            </Card>
          ) : null}
        </BlockStack>
      )}
    </Page>
  );
}
