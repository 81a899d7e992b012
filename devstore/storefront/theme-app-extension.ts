import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, Tag, TokenKind, type TagToken, type TopLevelToken } from "liquidjs";
import { registerShopifyFilters } from "./liquid-filters.js";

/**
 * A theme app extension as Shopify serves it (https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/
 * configuration): `blocks/*.liquid` each ending in a `{% schema %}`, `snippets/` for `render`, `locales/` for the `t`
 * filter (the extension's own strings, the shop's language with `en.default` as fallback), and `assets/` served from
 * the CDN and loaded on the page when a rendered block's schema names them (`javascript`, `stylesheet`).
 */

export interface BlockSchema {
  name: string;
  target: "section" | "head" | "body" | "compliance_head";
  javascript?: string;
  stylesheet?: string;
  settings?: { id?: string; default?: unknown }[];
}

export interface RenderedBlock {
  html: string;
  javascript: string | null;
  stylesheet: string | null;
}

class SchemaTag extends Tag {
  raw = "";
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
    super(token, remain, liquid);
    const parts: string[] = [];
    while (remain.length) {
      const t = remain.shift()!;
      if (t.kind === TokenKind.Tag && (t as TagToken).name === "endschema") {
        this.raw = parts.join("");
        return;
      }
      parts.push(t.getText());
    }
    throw new Error(`tag ${token.getText()} not closed`);
  }
  // Shopify renders nothing for the schema.
  *render(): Generator<never, void, unknown> {}
}

const ASSET_NAME = /^[A-Za-z0-9_.-]+\.(js|css|json|png|jpe?g|svg|wasm)$/;

export class ThemeAppExtension {
  private readonly engines = new Map<string, Liquid>();
  private readonly blocks = new Map<string, { source: string; schema: BlockSchema }>();

  constructor(
    /** The extension folder's name: the CLI's handle, used in CDN URLs. */
    readonly handle: string,
    readonly dir: string,
  ) {
    const engine = this.engine("en");
    for (const file of readdirSync(path.join(dir, "blocks")).filter((f) => f.endsWith(".liquid"))) {
      const source = readFileSync(path.join(dir, "blocks", file), "utf8");
      const tag = engine.parse(source).find((t): t is SchemaTag => t instanceof SchemaTag);
      if (!tag) throw new Error(`${handle}/blocks/${file} has no {% schema %}`);
      this.blocks.set(file.slice(0, -".liquid".length), {
        source,
        schema: JSON.parse(tag.raw) as BlockSchema,
      });
    }
  }

  blockNames(): string[] {
    return [...this.blocks.keys()];
  }

  schema(block: string): BlockSchema {
    const found = this.blocks.get(block);
    if (!found) throw new Error(`theme app extension ${this.handle} has no block ${block}`);
    return found.schema;
  }

  /** Renders a block with its schema defaults under the merchant's settings, in Shopify's app block wrapper. */
  async renderBlock(
    block: string,
    id: string,
    settings: Record<string, unknown>,
    scope: Record<string, unknown>,
    locale: string,
  ): Promise<RenderedBlock> {
    const { source, schema } = this.blocks.get(block) ?? this.fail(block);
    const defaults = Object.fromEntries(
      (schema.settings ?? []).filter((s) => s.id).map((s) => [s.id!, s.default ?? null]),
    );
    const html = await this.engine(locale).parseAndRender(source, {
      ...scope,
      block: { id, settings: { ...defaults, ...settings } },
    });
    return {
      html: `<div id="shopify-block-${id}" class="shopify-block shopify-app-block">${html}</div>`,
      javascript: schema.javascript ? this.assetUrl(schema.javascript) : null,
      stylesheet: schema.stylesheet ? this.assetUrl(schema.stylesheet) : null,
    };
  }

  /** Renders one of the extension's snippets with these parameters (`render` sees nothing else). */
  renderSnippet(name: string, params: Record<string, unknown>, locale: string): Promise<string> {
    const safe = name.replace(/[^a-z0-9_-]/gi, "");
    const args = Object.keys(params)
      .filter((k) => /^[a-z_][a-z0-9_]*$/i.test(k))
      .map((k) => `, ${k}: ${k}`)
      .join("");
    return this.engine(locale).parseAndRender(`{% render '${safe}'${args} %}`, params);
  }

  hasSnippet(name: string): boolean {
    return existsSync(path.join(this.dir, "snippets", `${name}.liquid`));
  }

  assetUrl(file: string): string {
    return `/cdn/shop/extensions/${this.handle}/assets/${file}`;
  }

  /** The file under assets/ for a CDN request, or null. */
  assetPath(file: string): string | null {
    if (!ASSET_NAME.test(file)) return null;
    const full = path.join(this.dir, "assets", file);
    return existsSync(full) ? full : null;
  }

  locales(): string[] {
    return readdirSync(path.join(this.dir, "locales"))
      .filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"))
      .map((f) => f.replace(/(\.default)?\.json$/, ""));
  }

  private fail(block: string): never {
    throw new Error(`theme app extension ${this.handle} has no block ${block}`);
  }

  private engine(locale: string): Liquid {
    let engine = this.engines.get(locale);
    if (engine) return engine;
    engine = new Liquid({
      root: [path.join(this.dir, "snippets")],
      extname: ".liquid",
      strictFilters: true,
      relativeReference: false,
      cache: true,
    });
    engine.registerTag("schema", SchemaTag);
    registerShopifyFilters(engine, {
      translations: [this.strings(locale), this.strings("en")],
      assetUrl: (file) => this.assetUrl(file),
    });
    this.engines.set(locale, engine);
    return engine;
  }

  private strings(locale: string): Record<string, unknown> {
    const candidates = locale === "en" ? ["en.default.json", "en.json"] : [`${locale}.json`];
    for (const file of candidates) {
      const full = path.join(this.dir, "locales", file);
      if (existsSync(full)) return JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
    }
    return {};
  }
}
