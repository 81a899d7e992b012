import { Liquid } from "liquidjs";
import type { TemplateRenderer } from "../../use-cases/customer-care/ports.js";

/**
 * Renders message templates with liquidjs (https://liquidjs.com), outputs escaped by default so a customer's name or
 * a product title cannot inject markup. The body is wrapped in a small layout in the shop's colour; the plain-text
 * part is derived from the HTML.
 */
export function createLiquidRenderer(): TemplateRenderer {
  const engine = new Liquid({ outputEscape: "escape", strictFilters: true, cache: 200 });
  const plain = new Liquid({ strictFilters: true, cache: 200 });
  return {
    async render(template, variables) {
      const subject = (await plain.parseAndRender(template.subject, variables)) as string;
      const inner = (await engine.parseAndRender(template.body, variables)) as string;
      const shop = (variables.shop ?? {}) as { name?: string; brand_color?: string };
      const html = layout(inner, escapeHtml(shop.name ?? ""), shop.brand_color ?? "#1f5199");
      return { subject: subject.replace(/\s+/g, " ").trim(), html, text: toText(inner) };
    },
    check(template) {
      try {
        engine.parse(template.subject);
        engine.parse(template.body);
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  };
}

function layout(inner: string, shopName: string, color: string): string {
  const safeColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#1f5199";
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#202223;margin:0;padding:0}
.header{background:${safeColor};color:#fff;padding:16px 24px;font-size:20px;font-weight:600}
.content{padding:16px 24px;line-height:1.5}
a.button{display:inline-block;background:${safeColor};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none}
.code{font-size:20px;font-weight:600;letter-spacing:2px}
</style></head><body><div class="header">${shopName}</div><div class="content">
${inner}
</div></body></html>`;
}

function toText(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g, "$2: $1")
    .replace(/<li>/g, "- ")
    .replace(/<\/(p|li|ul)>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
