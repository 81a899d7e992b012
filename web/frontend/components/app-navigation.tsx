import { Frame, Navigation, TopBar } from "@shopify/polaris";
import { useRef, useState, type ReactNode } from "react";
import { t } from "../locales/t";
import { KeyboardScrollable } from "./keyboard-scrollable";
import { NAV_ENTRIES } from "../navigation";
import { hrefFor, type Route } from "../router";

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      /** App Bridge's navigation menu (https://shopify.dev/docs/api/app-bridge-library/web-components/ui-nav-menu). */
      "ui-nav-menu": { children?: ReactNode };
    }
  }
}

/**
 * Inside Shopify admin, App Bridge defines `<ui-nav-menu>` and the admin draws the menu beside the app; in local mode
 * nothing does, so the page draws its own. The check is on the element itself, not on how the page was opened.
 */
export function hasAppBridgeNavMenu(scope: { customElements?: CustomElementRegistry } = window): boolean {
  return Boolean(scope.customElements?.get("ui-nav-menu"));
}

/** The page with the admin's menu (navigation.ts) around it. */
export function AppNavigation({ route, children }: { route: Route; children: ReactNode }) {
  if (hasAppBridgeNavMenu()) {
    return (
      <>
        <ui-nav-menu>
          {/* The first link is the app's home: App Bridge takes it for the app's name, not as an entry. */}
          <a href="/" rel="home">
            {t("nav.label")}
          </a>
          {NAV_ENTRIES.filter((entry) => entry.route.name !== "dashboard").map((entry) => (
            <a key={entry.label} href={`/${hrefFor(entry.route)}`}>
              {t(entry.label)}
            </a>
          ))}
        </ui-nav-menu>
        {children}
      </>
    );
  }
  return <LocalFrame route={route}>{children}</LocalFrame>;
}

function LocalFrame({ route, children }: { route: Route; children: ReactNode }) {
  const [mobileOpen, setMobileOpen] = useState(false);
  // Frame's "Skip to content" link focuses this; without it the link would change the hash, which is our route.
  const skipTarget = useRef<HTMLAnchorElement>(null);
  const toggle = () => setMobileOpen((open) => !open);
  const navigation = (
    <Navigation location={hrefFor(route)} ariaLabelledBy="waitwell-nav-label">
      <span id="waitwell-nav-label" hidden>
        {t("nav.label")}
      </span>
      <Navigation.Section
        items={NAV_ENTRIES.map((entry) => ({
          url: hrefFor(entry.route),
          label: t(entry.label),
          selected: entry.covers.includes(route.name),
          onClick: () => setMobileOpen(false),
        }))}
      />
    </Navigation>
  );
  return (
    <Frame
      topBar={<TopBar showNavigationToggle onNavigationToggle={toggle} />}
      navigation={navigation}
      showMobileNavigation={mobileOpen}
      onNavigationDismiss={toggle}
      skipToContentTarget={skipTarget}
    >
      <a id="waitwell-content" ref={skipTarget} tabIndex={-1} />
      {/* The menu narrows the page: any table may scroll sideways, so every one must be reachable by keyboard. */}
      <KeyboardScrollable label={t("app.scrollableTable")}>{children}</KeyboardScrollable>
    </Frame>
  );
}
