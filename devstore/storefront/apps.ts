import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import type { AppProxyConfig } from "../webhooks/app-config.js";
import { findUiExtensions, type UiExtension } from "./checkout-extensions.js";
import { ThemeAppExtension } from "./theme-app-extension.js";

/**
 * The apps the storefront knows (every app the dev store was started with) and what each brings to the online
 * store: its theme app extensions and checkout UI extensions (found under `extensions/*` beside its
 * shopify.app.toml, as the Shopify CLI finds them) and its app proxy. What a shop shows is what its installed apps
 * bring: an uninstalled app's blocks disappear from the theme, as on Shopify.
 */

export interface StorefrontApp {
  apiKey: string;
  apiSecret: string;
  /** shopify.app.toml `handle`. */
  handle: string;
  /** The folder of shopify.app.toml. */
  root: string;
  appProxy: AppProxyConfig | null;
}

export interface AppExtensions extends StorefrontApp {
  themeExtensions: Map<string, ThemeAppExtension>;
  uiExtensions: UiExtension[];
}

function findThemeExtensions(root: string): Map<string, ThemeAppExtension> {
  const base = path.join(root, "extensions");
  const found = new Map<string, ThemeAppExtension>();
  if (!existsSync(base)) return found;
  for (const name of readdirSync(base).sort()) {
    const toml = path.join(base, name, "shopify.extension.toml");
    if (!existsSync(toml)) continue;
    const raw = parseToml(readFileSync(toml, "utf8")) as { type?: unknown };
    if (raw.type === "theme") found.set(name, new ThemeAppExtension(name, path.dirname(toml)));
  }
  return found;
}

export function loadAppExtensions(apps: StorefrontApp[]): AppExtensions[] {
  return apps.map((app) => ({
    ...app,
    themeExtensions: findThemeExtensions(app.root),
    uiExtensions: findUiExtensions(app.root),
  }));
}
