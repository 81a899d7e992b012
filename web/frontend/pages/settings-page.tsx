import { useCallback } from "react";
import { Card, Layout, Page, SkeletonBodyText, SkeletonPage } from "@shopify/polaris";
import { ApiErrorBanner } from "../components/api-error-banner";
import { normalizeSettings } from "../components/settings/settings-draft";
import { SettingsForm } from "../components/settings/settings-form";
import { useAsync } from "../hooks/use-async";
import { useServices } from "../hooks/use-services";
import { t } from "../locales/t";
import { hrefFor } from "../router";
import { AlertsSection } from "./settings/alerts-section";

export { normalizeSettings, serverFieldErrors } from "../components/settings/settings-draft";

export function SettingsPage() {
  const { api } = useServices();
  const load = useCallback((signal: AbortSignal) => api.getSettings(signal), [api]);
  const { state, reload } = useAsync(load);
  const backAction = { content: t("settings.back"), url: hrefFor({ name: "dashboard" }) };

  if (state.status === "error") {
    return (
      <Page title={t("settings.title")} backAction={backAction}>
        <ApiErrorBanner error={state.error} onRetry={reload} />
      </Page>
    );
  }
  if (state.data === undefined) return <SettingsSkeleton />;
  return (
    <>
      <SettingsForm initial={normalizeSettings(state.data)} onReloadNeeded={reload} />
      <AlertsSection />
    </>
  );
}

function SettingsSkeleton() {
  return (
    <SkeletonPage title={t("settings.title")} primaryAction backAction>
      <Layout>
        <Layout.AnnotatedSection title={t("settings.orders.heading")}>
          <Card>
            <SkeletonBodyText lines={3} />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.allocation.heading")}>
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.weekend.heading")}>
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </SkeletonPage>
  );
}
