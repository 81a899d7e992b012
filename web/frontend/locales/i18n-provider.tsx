import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LOCALE, type Locale } from "./catalogs";
import { setActiveLocale } from "./t";

export interface I18n {
  locale: Locale;
  /** The shop's currency (ISO 4217), once the shop is known; money is shown in it. */
  currency: string | null;
}

const I18nContext = createContext<I18n>({ locale: DEFAULT_LOCALE, currency: null });

/**
 * Makes `locale` the one t() and the formatters use, for everything below. The subtree is keyed on the locale, so a
 * change re-renders every page in the new language.
 */
export function I18nProvider({
  locale,
  currency = null,
  children,
}: {
  locale: Locale;
  currency?: string | null;
  children: ReactNode;
}) {
  // Before the children render, so their t() calls already read the new locale. Idempotent.
  setActiveLocale(locale);
  return (
    <I18nContext.Provider value={{ locale, currency }} key={locale}>
      {children}
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
