import { useCallback, useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  SkeletonBodyText,
  TextField,
} from "@shopify/polaris";
import type { AlertSettings } from "../../api/alerts-api";
import { ApiError } from "../../api/client";
import { ApiErrorBanner } from "../../components/api-error-banner";
import { useAsync } from "../../hooks/use-async";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { isLocale, LOCALES, type Locale } from "../../locales/catalogs";
import { activeLocale, t } from "../../locales/t";
import { ALERT_KINDS, ALERT_LIMITS, validateAlertSettings } from "../../../server/domain/alerts/settings.js";

/** The merchant alerts' settings on the settings page: which kinds are emailed, to whom, at once or daily. */
export function AlertsSection() {
  const { alerts } = useServices();
  const load = useCallback((signal: AbortSignal) => alerts.getSettings(signal), [alerts]);
  const { state, reload } = useAsync(load);
  return (
    <Page>
      <Layout>
        <Layout.AnnotatedSection
          id="alert-settings"
          title={t("alerts.settings.heading")}
          description={t("alerts.settings.description")}
        >
          {state.status === "error" ? (
            <ApiErrorBanner error={state.error} onRetry={reload} />
          ) : state.data === undefined ? (
            <Card>
              <SkeletonBodyText lines={6} />
            </Card>
          ) : (
            <AlertsForm initial={state.data.settings} />
          )}
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

type Errors = Partial<Record<"recipients" | "digestHour", string>>;

/** A language's name in the admin's language ("French", "français", "Französisch"). */
const languageName = (locale: Locale) =>
  new Intl.DisplayNames([activeLocale()], { type: "language" }).of(locale) ?? locale;

const HOURS = Array.from({ length: 24 }, (_, h) => ({
  label: `${String(h).padStart(2, "0")}:00`,
  value: String(h),
}));

export function AlertsForm({ initial }: { initial: AlertSettings }) {
  const { alerts, toast } = useServices();
  const [saved, setSaved] = useState(initial);
  const [kinds, setKinds] = useState(initial.kinds);
  const [recipients, setRecipients] = useState(initial.recipients.join("\n"));
  const [delivery, setDelivery] = useState(initial.delivery);
  const [digestHour, setDigestHour] = useState(initial.digestHour);
  const [language, setLanguage] = useState(initial.language);
  const [errors, setErrors] = useState<Errors>({});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const draft: AlertSettings = {
    kinds,
    recipients: recipients
      .split(/[\n,;]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    delivery,
    digestHour,
    language,
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  async function save() {
    setSaveError(null);
    const local = fieldErrors(validateAlertSettings(draft), draft.recipients);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      const answer = await alerts.saveSettings(draft);
      setSaved(answer.settings);
      setRecipients(answer.settings.recipients.join("\n"));
      toast(t("alerts.settings.saved"));
    } catch (error) {
      setSaveError(error);
      setErrors(serverErrors(error, draft.recipients));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card>
      <BlockStack gap="400">
        {saveError !== null && (
          <Banner
            tone="critical"
            title={t("alerts.settings.errorTitle")}
            onDismiss={() => setSaveError(null)}
          >
            <p>{describeError(saveError)}</p>
          </Banner>
        )}
        <FormLayout>
          <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
            <legend>{t("alerts.settings.kindsLabel")}</legend>
            <BlockStack gap="100">
              {ALERT_KINDS.map((kind) => (
                <Checkbox
                  key={kind}
                  label={t(`alerts.kinds.${kind}`)}
                  checked={kinds[kind]}
                  onChange={(checked) => setKinds((k) => ({ ...k, [kind]: checked }))}
                />
              ))}
            </BlockStack>
          </fieldset>
          <TextField
            label={t("alerts.settings.recipients")}
            value={recipients}
            onChange={(value) => {
              setRecipients(value);
              setErrors(({ recipients: _fixed, ...rest }) => rest);
            }}
            multiline={3}
            autoComplete="email"
            helpText={t("alerts.settings.recipientsHelp", { max: ALERT_LIMITS.recipients })}
            error={errors.recipients}
          />
          <ChoiceList
            title={t("alerts.settings.delivery")}
            choices={[
              { label: t("alerts.settings.immediate"), value: "immediate" },
              { label: t("alerts.settings.digest"), value: "digest" },
            ]}
            selected={[delivery]}
            onChange={([value]) => setDelivery(value === "immediate" ? "immediate" : "digest")}
          />
          <Select
            label={t("alerts.settings.digestHour")}
            options={HOURS}
            value={String(digestHour)}
            onChange={(value) => setDigestHour(Number(value))}
            disabled={delivery !== "digest"}
            error={errors.digestHour}
          />
          <Select
            label={t("alerts.settings.language")}
            options={LOCALES.map((locale) => ({ label: languageName(locale), value: locale }))}
            value={language}
            onChange={(value) => isLocale(value) && setLanguage(value)}
          />
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" onClick={() => void save()} loading={saving} disabled={!dirty || saving}>
            {t("alerts.settings.save")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/** The problems the shared validation (domain/alerts/settings.ts) names, in the admin's language. */
function fieldErrors(problems: { field: string; message: string }[], recipients: string[]): Errors {
  const errors: Errors = {};
  for (const p of problems) {
    const field = p.field.replace(/^alerts\./, "");
    if (field.startsWith("recipients")) {
      const index = Number(field.split(".")[1]);
      const value = recipients[index];
      const duplicate = recipients.find((r, i) =>
        recipients.some((o, j) => j < i && o.toLowerCase() === r.toLowerCase()),
      );
      errors.recipients ??= Number.isInteger(index)
        ? t("alerts.settings.invalidEmail", { value: value ?? "" })
        : duplicate
          ? t("alerts.settings.duplicate", { value: duplicate })
          : t("alerts.settings.tooMany", { max: ALERT_LIMITS.recipients });
    } else if (field === "digestHour") {
      errors.digestHour ??= p.message;
    }
  }
  return errors;
}

/** A 400's message lists "field: problem; …" (the server's zod check or the shared validation). */
function serverErrors(error: unknown, recipients: string[]): Errors {
  if (!(error instanceof ApiError) || !error.fromServer) return {};
  const listed = /^Invalid [a-z ]+: (.+)$/s.exec(error.message)?.[1] ?? "";
  const problems = listed.split("; ").flatMap((part) => {
    const at = part.indexOf(": ");
    return at > 0 ? [{ field: part.slice(0, at), message: part.slice(at + 2) }] : [];
  });
  return fieldErrors(problems, recipients);
}
