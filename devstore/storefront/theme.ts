import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { z } from "zod";
import { escapeAttr, registerShopifyFilters } from "./liquid-filters.js";
import type { RenderedBlock } from "./theme-app-extension.js";

/**
 * The dev store's own theme (storefront/theme/): a layout, page templates and the merchant's theme-editor choices
 * (config/app-blocks.json: which app blocks sit in the product template, which app embeds are on, which app
 * snippets the product cards render). Rendering a page works as on Shopify: the template's output becomes
 * `content_for_layout`; the stylesheets of the app blocks on the page go into `content_for_header`; enabled app
 * embeds and the scripts their blocks' schemas name are inserted before `</body>`.
 */

export const THEME_DIR = path.join(import.meta.dirname, "theme");

const appBlock = z.object({
  type: z.string().regex(/^shopify:\/\/apps\/[^/]+\/(blocks|snippets)\/[^/]+\/[^/]+$/),
  disabled: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
});
const appBlocksSchema = z.object({
  product: z.array(appBlock).default([]),
  embeds: z.array(appBlock).default([]),
  card_snippets: z.array(appBlock).default([]),
});

export interface AppBlockRef {
  app: string;
  block: string;
  extension: string;
  settings: Record<string, unknown>;
}

export type AppBlockConfig = Record<"product" | "embeds" | "card_snippets", AppBlockRef[]>;

function ref(entry: z.infer<typeof appBlock>): AppBlockRef {
  const [, , , app, , block, extension] = entry.type.split("/");
  return { app: app!, block: block!, extension: extension!, settings: entry.settings };
}

export function readAppBlockConfig(dir = THEME_DIR): AppBlockConfig {
  const raw = JSON.parse(readFileSync(path.join(dir, "config/app-blocks.json"), "utf8")) as unknown;
  const parsed = appBlocksSchema.parse(raw);
  return {
    product: parsed.product.filter((b) => !b.disabled).map(ref),
    embeds: parsed.embeds.filter((b) => !b.disabled).map(ref),
    card_snippets: parsed.card_snippets.filter((b) => !b.disabled).map(ref),
  };
}

export interface PageParts {
  template: string;
  title: string;
  scope: Record<string, unknown>;
  /** App blocks rendered for this page (their assets are loaded) and app embeds (appended to the body). */
  blocks?: RenderedBlock[];
  embeds?: RenderedBlock[];
}

export class Theme {
  private readonly engine: Liquid;

  constructor(readonly dir = THEME_DIR) {
    this.engine = new Liquid({
      root: [path.join(dir, "templates"), path.join(dir, "layout")],
      extname: ".liquid",
      cache: true,
    });
    registerShopifyFilters(this.engine, {});
  }

  /** A template inside the layout. */
  async page(parts: PageParts): Promise<string> {
    const content = await this.engine.renderFile(parts.template, parts.scope);
    return this.layout(content, parts);
  }

  /** Liquid from elsewhere (an app proxy's `application/liquid` answer) inside the layout. */
  async liquidPage(source: string, parts: Omit<PageParts, "template">): Promise<string> {
    const content = await this.engine.parseAndRender(source, parts.scope);
    return this.layout(content, parts);
  }

  /** A whole document of its own (checkout and thank-you pages do not use the theme layout). */
  document(template: string, scope: Record<string, unknown>): Promise<string> {
    return this.engine.renderFile(template, scope);
  }

  private async layout(content: string, parts: Omit<PageParts, "template">): Promise<string> {
    const rendered = [...(parts.blocks ?? []), ...(parts.embeds ?? [])];
    const unique = (list: (string | null)[]) => [...new Set(list.filter((x): x is string => x !== null))];
    const header = unique(rendered.map((b) => b.stylesheet))
      .map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`)
      .join("\n");
    const scripts = unique(rendered.map((b) => b.javascript))
      .map((src) => `<script src="${escapeAttr(src)}" defer></script>`)
      .join("\n");
    const html = await this.engine.renderFile("theme", {
      ...parts.scope,
      page_title: parts.title,
      content_for_layout: content,
      content_for_header: header,
    });
    const tail = `${(parts.embeds ?? []).map((e) => e.html).join("\n")}\n${scripts}\n`;
    const at = html.lastIndexOf("</body>");
    return at === -1 ? html + tail : `${html.slice(0, at)}${tail}${html.slice(at)}`;
  }
}
