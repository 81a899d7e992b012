import { AppProvider, Banner, Page } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import { ErrorBoundary } from "./components/error-boundary";
import { useRoute } from "./hooks/use-route";
import { ServicesProvider } from "./hooks/use-services";
import { t } from "./locales/t";
import { BackorderLinePage } from "./pages/backorder-line-page";
import { BackordersPage } from "./pages/backorders-page";
import { DashboardPage } from "./pages/dashboard-page";
import { InboxPage } from "./pages/inbox-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SettingsPage } from "./pages/settings-page";
import { CustomerEmailsPage } from "./pages/customer-emails-page";
import { hrefFor, type Route } from "./router";
import type { Services } from "./services";

/** The admin. `services` is null when the page has no App Bridge (opened outside admin and local mode). */
export function App({ services }: { services: Services | null }) {
  return (
    <AppProvider i18n={polarisTranslations}>
      {services ? (
        <ServicesProvider services={services}>
          <Routes />
        </ServicesProvider>
      ) : (
        <Page title={t("app.title")}>
          <Banner tone="critical" title={t("app.appBridgeMissing.title")}>
            <p>{t("app.appBridgeMissing.body")}</p>
          </Banner>
        </Page>
      )}
    </AppProvider>
  );
}

function Routes() {
  const route = useRoute();
  return <ErrorBoundary resetKey={hrefFor(route)}>{pageFor(route)}</ErrorBoundary>;
}

function pageFor(route: Route) {
  switch (route.name) {
    case "dashboard":
      return <DashboardPage />;
    case "inbox":
      return <InboxPage status={route.status} />;
    case "backorders":
      return <BackordersPage filters={route.filters} />;
    case "backorderLine":
      return <BackorderLinePage lineItemId={route.lineItemId} />;
    case "settings":
      return <SettingsPage />;
    case "customerEmails":
      return <CustomerEmailsPage />;
    case "notFound":
      return <NotFoundPage path={route.path} />;
  }
}
