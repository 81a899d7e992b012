import { AppProvider, Banner, Page } from "@shopify/polaris";
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisEs from "@shopify/polaris/locales/es.json";
import polarisFr from "@shopify/polaris/locales/fr.json";
import { AppNavigation } from "./components/app-navigation";
import { ErrorBoundary } from "./components/error-boundary";
import { useRoute } from "./hooks/use-route";
import { ServicesProvider } from "./hooks/use-services";
import type { Locale } from "./locales/catalogs";
import { I18nProvider } from "./locales/i18n-provider";
import { activeLocale, t } from "./locales/t";
import { BackorderLinePage } from "./pages/backorder-line-page";
import { BackordersPage } from "./pages/backorders-page";
import { DashboardPage } from "./pages/dashboard-page";
import { InboxPage } from "./pages/inbox-page";
import { NotFoundPage } from "./pages/not-found-page";
import { SettingsPage } from "./pages/settings-page";
import { CustomerEmailsPage } from "./pages/customer-emails-page";
import { RuleEditorPage } from "./pages/rule-editor-page";
import { RulesPage } from "./pages/rules-page";
import { SubstitutesPage } from "./pages/substitutes-page";
import { FeedsPage } from "./pages/feeds-page";
import { AlertsPage } from "./pages/alerts-page";
import { hrefFor, type Route } from "./router";
import type { Services } from "./services";

/** Polaris's own strings (pagination, "Loading", …) in the admin's language. */
const POLARIS_TRANSLATIONS: Record<Locale, typeof polarisEn> = {
  en: polarisEn,
  fr: polarisFr,
  de: polarisDe,
  es: polarisEs,
};

/**
 * The admin. `services` is null when the page has no App Bridge (opened outside admin and local mode); `locale` is
 * the merchant's language (main.tsx detects it).
 */
export function App({ services, locale = activeLocale() }: { services: Services | null; locale?: Locale }) {
  return (
    <I18nProvider locale={locale}>
      <AppProvider i18n={POLARIS_TRANSLATIONS[locale]}>
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
    </I18nProvider>
  );
}

function Routes() {
  const route = useRoute();
  return (
    <AppNavigation route={route}>
      <ErrorBoundary resetKey={hrefFor(route)}>{pageFor(route)}</ErrorBoundary>
    </AppNavigation>
  );
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
    case "alerts":
      return <AlertsPage />;
    case "rules":
      return <RulesPage />;
    case "ruleEditor":
      return <RuleEditorPage id={route.id} />;
    case "substitutes":
      return <SubstitutesPage variantId={route.variantId} />;
    case "feeds":
      return <FeedsPage importId={route.importId} />;
    case "notFound":
      return <NotFoundPage path={route.path} />;
  }
}
