import { DevStoreError, type DevStore } from "../model/store.js";
import type { ShopState } from "../model/shop-state.js";
import type { AppExtensions } from "./apps.js";
import type { AppBlockRef } from "./theme.js";
import type { ThemeAppExtension } from "./theme-app-extension.js";

export interface InstalledApp extends AppExtensions {
  /** The app's id in the store: its reserved metafield namespace is `app--{appId}`. */
  appId: number;
}

/** Which shop the storefront serves, and the apps installed on it right now. */
export class StorefrontContext {
  constructor(
    readonly store: DevStore,
    readonly apps: AppExtensions[],
    private readonly fixedShop?: string,
  ) {}

  /** The configured shop, else the first one seeded. */
  shop(): string {
    const shop = this.fixedShop ?? this.store.shops()[0];
    if (!shop) throw new DevStoreError("The dev store has no shop yet: seed one (POST /_devstore/seed)", 404);
    return shop;
  }

  state(): ShopState {
    return this.store.state(this.shop());
  }

  installed(): InstalledApp[] {
    const shop = this.shop();
    return this.apps
      .filter((app) => this.store.installation(shop, app.apiKey) !== null)
      .map((app) => ({ ...app, appId: this.store.app(app.apiKey).id }));
  }

  /** The installed app and theme app extension a theme-editor entry points at, or null (app not installed). */
  themeBlock(ref: AppBlockRef): { app: InstalledApp; extension: ThemeAppExtension } | null {
    const app = this.installed().find((a) => a.handle === ref.app);
    const extension = app?.themeExtensions.get(ref.extension);
    return app && extension ? { app, extension } : null;
  }
}
