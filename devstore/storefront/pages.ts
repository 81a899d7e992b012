import type { ProductRecord } from "../model/types.js";
import type { Cart } from "./cart.js";
import { checkoutState, thankYouState, type InstalledUiExtension } from "./checkout-state.js";
import type { CheckoutConfig } from "./checkout-config.js";
import type { StorefrontContext } from "./context.js";
import { toJson } from "./liquid-filters.js";
import { cartObject, productObject, routes, shopObject } from "./liquid-objects.js";
import type { AppBlockConfig, AppBlockRef, Theme } from "./theme.js";
import type { RenderedBlock } from "./theme-app-extension.js";

/**
 * The online store's pages. Theme code sees Liquid objects without app namespaces; each app block, embed and
 * snippet is rendered with objects whose `$app` metafields resolve to its own app, and with its extension's
 * locale strings.
 */

export class PageNotFound extends Error {
  override name = "PageNotFound";
}

/** The shop's published languages: `/fr/…`, `/de/…`, `/es/…` serve the storefront in them, as Shopify's subfolders do. */
export const LOCALES = ["en", "fr", "de", "es"] as const;
const ENDONYMS: Record<(typeof LOCALES)[number], string> = {
  en: "English",
  fr: "Français",
  de: "Deutsch",
  es: "Español",
};
export const rootOf = (locale: string) => (locale === "en" ? "" : `/${locale}`);

export class StorefrontPages {
  constructor(
    private readonly ctx: StorefrontContext,
    private readonly theme: Theme,
    private readonly blocks: AppBlockConfig,
    private readonly checkout: CheckoutConfig,
  ) {}

  private scope(cart: Cart | null, locale: string, path = "/"): Record<string, unknown> {
    const s = this.ctx.state();
    return {
      shop: shopObject(s),
      cart: cartObject(s, cart, rootOf(locale)),
      routes: routes(rootOf(locale)),
      request: { locale: { iso_code: locale }, host: s.shop.domain, path },
      localization: {
        available_languages: LOCALES.map((code) => ({
          endonym_name: ENDONYMS[code],
          iso_code: code,
          url: `${rootOf(code)}${path}`,
          current: code === locale,
        })),
      },
    };
  }

  private async renderRefs(
    refs: AppBlockRef[],
    scopeFor: (appId: number) => Record<string, unknown>,
    idPrefix: string,
    locale: string,
  ): Promise<RenderedBlock[]> {
    const out: RenderedBlock[] = [];
    for (const [i, ref] of refs.entries()) {
      const found = this.ctx.themeBlock(ref);
      if (!found) continue;
      out.push(
        await found.extension.renderBlock(
          ref.block,
          `${idPrefix}-${i}`,
          ref.settings,
          scopeFor(found.app.appId),
          locale,
        ),
      );
    }
    return out;
  }

  private productRecord(handle: string): ProductRecord {
    const product = this.ctx.state().productList.find((p) => p.handle === handle && p.status === "ACTIVE");
    if (!product) throw new PageNotFound(`No product ${handle}`);
    return product;
  }

  async home(cart: Cart | null, locale: string): Promise<string> {
    return this.theme.page({
      template: "index",
      title: "Home",
      scope: this.scope(cart, locale),
      embeds: await this.embeds(cart, locale, null),
    });
  }

  async product(
    handle: string,
    variantId: number | null,
    cart: Cart | null,
    locale: string,
  ): Promise<string> {
    const s = this.ctx.state();
    const record = this.productRecord(handle);
    const root = rootOf(locale);
    const base = this.scope(cart, locale, `/products/${record.handle}`);
    const scopeFor = (appId: number | null) => ({
      ...base,
      product: productObject(s, record, appId, variantId, root),
    });
    const blocks = await this.renderRefs(this.blocks.product, scopeFor, "product", locale);
    const product = productObject(s, record, null, variantId, root);
    const variants = Object.fromEntries(
      product.variants.map((v) => [v.id, { price: v.price, available: v.available, title: v.title }]),
    );
    return this.theme.page({
      template: "product",
      title: record.title,
      scope: {
        ...scopeFor(null),
        content_for_app_blocks: blocks.map((b) => b.html).join("\n"),
        variants_json: toJson({ currency: s.shop.currency, variants }),
      },
      blocks,
      embeds: await this.embeds(cart, locale, record, variantId),
    });
  }

  /** Shopify's automatic `all` collection: every active product. */
  async collection(handle: string, cart: Cart | null, locale: string): Promise<string> {
    if (handle !== "all") throw new PageNotFound(`No collection ${handle}`);
    const s = this.ctx.state();
    const cards = [];
    for (const record of s.productList.filter((p) => p.status === "ACTIVE")) {
      let snippets = "";
      for (const ref of this.blocks.card_snippets) {
        const found = this.ctx.themeBlock(ref);
        if (!found || !found.extension.hasSnippet(ref.block)) continue;
        snippets += await found.extension.renderSnippet(
          ref.block,
          { product: productObject(s, record, found.app.appId, null, rootOf(locale)), shop: shopObject(s) },
          locale,
        );
      }
      cards.push({ product: productObject(s, record, null, null, rootOf(locale)), app_snippets: snippets });
    }
    return this.theme.page({
      template: "collection",
      title: "All products",
      scope: {
        ...this.scope(cart, locale, "/collections/all"),
        collection: { title: "All products", handle: "all", cards },
      },
      embeds: await this.embeds(cart, locale, null),
    });
  }

  async cart(cart: Cart | null, locale: string, error: string | null = null): Promise<string> {
    return this.theme.page({
      template: "cart",
      title: "Your cart",
      scope: { ...this.scope(cart, locale, "/cart"), error },
      embeds: await this.embeds(cart, locale, null),
    });
  }

  /** A Liquid answer from an app proxy, rendered with the shop's objects inside the layout. */
  async proxied(source: string, cart: Cart | null, locale: string): Promise<string> {
    return this.theme.liquidPage(source, {
      title: this.ctx.state().shop.name,
      scope: this.scope(cart, locale),
    });
  }

  /** App embeds are on every page; they see the product on product pages. */
  private embeds(
    cart: Cart | null,
    locale: string,
    product: ProductRecord | null,
    variantId: number | null = null,
  ) {
    const s = this.ctx.state();
    const base = this.scope(cart, locale);
    return this.renderRefs(
      this.blocks.embeds,
      (appId) => ({
        ...base,
        product: product ? productObject(s, product, appId, variantId, rootOf(locale)) : null,
      }),
      "embed",
      locale,
    );
  }

  installedUiExtensions(): InstalledUiExtension[] {
    return this.ctx.installed().flatMap((app) =>
      app.uiExtensions.map((extension) => {
        const placed = this.checkout.extensions.find(
          (e) => e.app === app.handle && e.handle === extension.handle,
        );
        return {
          extension,
          appId: app.appId,
          settings: placed?.settings ?? {},
          placements: placed?.placements ?? [],
        };
      }),
    );
  }

  checkoutState(cart: Cart, storefrontUrl: string) {
    return checkoutState(this.ctx.state(), cart, this.installedUiExtensions(), {
      storefrontUrl,
      locale: cart.locale,
    });
  }

  async checkoutPage(cart: Cart, storefrontUrl: string, form: { email: string; error: string | null }) {
    const state = this.checkoutState(cart, storefrontUrl);
    return this.theme.document("checkout", {
      ...this.scope(cart, cart.locale, "/checkout"),
      state_json: toJson(state),
      email: form.email,
      error: form.error,
    });
  }

  async thankYouPage(orderToken: string, storefrontUrl: string): Promise<string> {
    const s = this.ctx.state();
    const order = s.orderList.find((o) => o.token === orderToken);
    if (!order) throw new PageNotFound("No such order");
    const locale = (LOCALES as readonly string[]).includes(order.customerLocale)
      ? order.customerLocale
      : "en";
    const state = thankYouState(s, order, s.lineItemsOf(order), this.installedUiExtensions(), {
      storefrontUrl,
      locale,
    });
    return this.theme.document("thank-you", {
      ...this.scope(null, locale),
      order: { name: order.name, email: order.email },
      state_json: toJson(state),
    });
  }
}
