import { randomBytes } from "node:crypto";
import { Router } from "express";
import type { DevStore } from "../model/store.js";
import { appProxyRoutes } from "./app-proxy.routes.js";
import { loadAppExtensions, type StorefrontApp } from "./apps.js";
import { CartActions } from "./cart-actions.js";
import { Carts } from "./cart.js";
import { readCheckoutConfig } from "./checkout-config.js";
import { CheckoutBundler } from "./checkout-extensions.js";
import { checkoutRoutes } from "./checkout.routes.js";
import { StorefrontContext } from "./context.js";
import { LOCALES, StorefrontPages } from "./pages.js";
import { localePrefix } from "./http.js";
import { storefrontRoutes } from "./storefront.routes.js";
import { readAppBlockConfig, Theme } from "./theme.js";

export type { StorefrontApp } from "./apps.js";

export interface StorefrontOptions {
  store: DevStore;
  apps: StorefrontApp[];
  /** The shop served; default: the first shop seeded. */
  shop?: string;
  /** The app proxy signs with wall-clock time: apps check it against their own clock. */
  wallClock: () => number;
  /** Where checkout bundles are built from (the project root). */
  root: string;
}

export interface Storefront {
  router: Router;
  /** Builds the checkout extensions now rather than on the first checkout. */
  warmUp(): Promise<void>;
}

/** The online store: pages, cart, checkout with the apps' extensions, and app proxies (see devstore/README.md). */
export function createStorefront(options: StorefrontOptions): Storefront {
  const apps = loadAppExtensions(options.apps);
  const ctx = new StorefrontContext(options.store, apps, options.shop);
  const carts = new Carts(() => randomBytes(16).toString("hex"));
  const pages = new StorefrontPages(ctx, new Theme(), readAppBlockConfig(), readCheckoutConfig());
  const actions = new CartActions(ctx, carts);
  const bundler = new CheckoutBundler(options.root, () => apps.flatMap((a) => a.uiExtensions));
  const router = Router();
  router.use(localePrefix(LOCALES));
  router.use(storefrontRoutes({ ctx, pages, actions, carts }));
  router.use(checkoutRoutes({ ctx, pages, actions, carts, bundler }));
  router.use(appProxyRoutes({ ctx, pages, carts, wallClock: options.wallClock }));
  return { router, warmUp: () => bundler.bundle().then(() => undefined) };
}
