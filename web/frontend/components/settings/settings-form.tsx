import { useState, type ReactNode } from "react";
import { Banner, Layout, Page } from "@shopify/polaris";
import type { SettingsAnswer, SettingsView } from "../../api/types";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { t } from "../../locales/t";
import { hrefFor } from "../../router";
import { AllocationSection } from "./allocation-section";
import { CalendarSections } from "./calendar-sections";
import { OrdersSection } from "./orders-section";
import type { SectionProps } from "./section-props";
import {
  draftOf,
  patchOf,
  readSettingsAnswer,
  serverFieldErrors,
  type Draft,
  type Field,
  type FieldErrors,
} from "./settings-draft";
import { SubstitutesSection } from "./substitutes-section";

/**
 * The shop's settings (PATCH /api/settings), one section per concern: orders, allocation, the warehouse calendar,
 * substitutes. A section is a component of this folder taking SectionProps; `children` are sections that save on
 * their own (e.g. the merchant's alerts), shown after these.
 */
export function SettingsForm({
  initial,
  onReloadNeeded,
  children,
}: {
  initial: SettingsView;
  onReloadNeeded: () => void;
  children?: ReactNode;
}) {
  const { api, toast } = useServices();
  const [limits, setLimits] = useState(initial.limits);
  const [saved, setSaved] = useState(() => draftOf(initial.settings));
  const [draft, setDraft] = useState(saved);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const setError = (field: Field, message: string | undefined) =>
    setErrors(({ [field]: _old, ...rest }) => (message === undefined ? rest : { ...rest, [field]: message }));
  const change = <K extends keyof Draft>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setError(field as Field, undefined);
  };

  async function save() {
    const result = patchOf(draft, saved, limits);
    setSaveError(null);
    if ("errors" in result) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (Object.keys(result.patch).length === 0) {
      // Only whitespace or the order of days changed: nothing to store.
      setDraft(saved);
      return;
    }
    setSaving(true);
    try {
      // An older server answered 204: read the settings again.
      const answer: SettingsAnswer | undefined = await api.updateSettings(result.patch);
      toast(t("settings.saved"));
      if (answer === undefined || answer === null) {
        onReloadNeeded();
      } else {
        const view = readSettingsAnswer(answer);
        const next = draftOf(view.settings);
        setLimits(view.limits);
        setSaved(next);
        setDraft(next);
      }
    } catch (error) {
      setSaveError(error);
      setErrors(serverFieldErrors(error));
    } finally {
      setSaving(false);
    }
  }

  const section: SectionProps = { draft, errors, change, setError, limits };
  return (
    <Page
      title={t("settings.title")}
      backAction={{ content: t("settings.back"), url: hrefFor({ name: "dashboard" }) }}
      primaryAction={{
        content: t("settings.save"),
        onAction: () => void save(),
        loading: saving,
        disabled: !dirty || saving,
      }}
    >
      <Layout>
        {(saveError !== null || Object.keys(errors).length > 0) && (
          <Layout.Section>
            <Banner
              tone="critical"
              title={t("settings.errorTitle")}
              onDismiss={saveError !== null ? () => setSaveError(null) : undefined}
            >
              <p>{saveError !== null ? describeError(saveError) : t("settings.fixFields")}</p>
            </Banner>
          </Layout.Section>
        )}
        <OrdersSection {...section} />
        <AllocationSection {...section} />
        <CalendarSections {...section} />
        <SubstitutesSection {...section} />
        {children}
      </Layout>
    </Page>
  );
}
