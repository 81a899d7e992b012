import { gid } from "../../model/ids.js";
import type { AppRecord, InstallationRecord } from "../../model/types.js";
import type { AdminContext } from "../context.js";
import { HasMetafields } from "./metafields.js";
import { dateTime } from "./scalars.js";

export class ShopView extends HasMetafields {
  readonly __typename = "Shop";
  get id() {
    return this.c.s.gid;
  }
  private get r() {
    return this.c.s.shop;
  }
  get name() {
    return this.r.name;
  }
  get email() {
    return this.r.email;
  }
  get contactEmail() {
    return this.r.email;
  }
  get myshopifyDomain() {
    return this.r.domain;
  }
  get url() {
    return `https://${this.r.domain}`;
  }
  get primaryDomain() {
    return {
      id: gid("Domain", this.r.id),
      host: this.r.domain,
      url: `https://${this.r.domain}`,
      sslEnabled: true,
    };
  }
  get currencyCode() {
    return this.r.currency;
  }
  get enabledPresentmentCurrencies() {
    return [this.r.currency];
  }
  get ianaTimezone() {
    return this.r.ianaTimezone;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get plan() {
    return { displayName: "Development", partnerDevelopment: true, shopifyPlus: false };
  }
  get shopOwnerName() {
    return this.r.name;
  }
  readonly orderNumberFormatPrefix = "#";
  readonly orderNumberFormatSuffix = "";
  readonly taxesIncluded = false;
  readonly taxShipping = false;
  readonly setupRequired = false;
  readonly checkoutApiSupported = true;
  readonly transactionalSmsDisabled = false;
  readonly marketingSmsConsentEnabledAtCheckout = false;
  readonly weightUnit = "POUNDS";
  readonly unitSystem = "IMPERIAL_SYSTEM";
  readonly description = null;
}

export class AppView {
  readonly __typename = "App";
  constructor(
    private readonly r: AppRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("App", this.r.id);
  }
  get apiKey() {
    return this.r.apiKey;
  }
  get title() {
    return this.r.apiKey;
  }
  get handle() {
    return this.r.apiKey;
  }
  readonly embedded = true;
  readonly developerType = "PARTNER";
  readonly published = false;
  readonly shopifyDeveloped = false;
  readonly webhookApiVersion = "2026-07";
  get installation() {
    const inst = this.c.s.installations.get(this.r.apiKey);
    return inst ? new AppInstallationView(inst, this.c) : null;
  }
}

export class AppInstallationView extends HasMetafields {
  readonly __typename = "AppInstallation";
  constructor(
    private readonly r: InstallationRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("AppInstallation", this.r.id);
  }
  get app() {
    return new AppView(this.c.store.app(this.r.apiKey), this.c);
  }
  get accessScopes() {
    return this.r.scopes.map((handle) => ({ handle, description: handle.replace(/_/g, " ") }));
  }
  get launchUrl() {
    return `https://${this.c.s.shop.domain}/admin/apps/${this.r.apiKey}`;
  }
  readonly uninstallUrl = null;
  readonly activeSubscriptions = [];
}
