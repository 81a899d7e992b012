import { readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { AVAILABILITY, VARIANT_IDS, currencies, product, routes, variant } from "./fixtures.js";
import {
  EXTENSION_DIR,
  LOCALE_FILES,
  blockSource,
  createEngine,
  defaultSettings,
  localeStrings,
  readJson,
  schemaOf,
  snippetSource,
  type Locale,
} from "./liquid.js";

const en = createEngine("en");
const statusSource = blockSource("backorder-status");
const embedSource = blockSource("backorder-embed");
const statusSchema = schemaOf(en, statusSource);
const embedSchema = schemaOf(en, embedSource);

async function renderStatus(
  selected: Parameters<typeof product>[0],
  overrides: Record<string, unknown> = {},
  locale: Locale = "en",
  rootUrl = "/",
  presentmentCurrency = "USD",
) {
  const engine = locale === "en" ? en : createEngine(locale);
  return engine.parseAndRender(statusSource, {
    product: product(selected),
    block: { settings: { ...defaultSettings(statusSchema), ...overrides } },
    routes: routes(rootUrl),
    ...currencies(presentmentCurrency),
  });
}

function dom(html: string) {
  return new JSDOM(`<body>${html}</body>`).window.document;
}

function text(doc: Document, selector: string) {
  const el = doc.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el.hasAttribute("hidden") ? null : el.textContent!.trim();
}

function variantsJson(doc: Document) {
  return JSON.parse(doc.querySelector("[data-waitwell-variants]")!.textContent!) as Record<
    string,
    { state: string; badge: string; eta: string; capacity: string }
  >;
}

describe("schemas", () => {
  it("the product block targets sections, loads the assets, and has the merchant settings with defaults", () => {
    expect(statusSchema.target).toBe("section");
    expect(statusSchema.javascript).toBe("waitwell.js");
    expect(statusSchema.stylesheet).toBe("waitwell.css");
    expect(defaultSettings(statusSchema)).toEqual({
      label_in_stock: null,
      label_backorder: null,
      label_sold_out: null,
      show_in_stock: true,
      color_in_stock: "#1f7a3d",
      color_backorder: "#a15c07",
      color_sold_out: "#6b6b6b",
      show_substitutes: true,
      capacity_threshold: 10,
    });
  });

  it("the embed targets body with its settings", () => {
    expect(embedSchema.target).toBe("body");
    expect(embedSchema.javascript).toBe("waitwell.js");
    expect(defaultSettings(embedSchema)).toEqual({ button_label: null, add_property: true });
  });

  it("every t: reference in both schemas exists in en.default.schema.json", () => {
    const schemaStrings = readJson(path.join(EXTENSION_DIR, "locales/en.default.schema.json"));
    const refs = [statusSchema, embedSchema].flatMap((s) =>
      [s.name, ...s.settings.flatMap((x) => [x.label, x.content, (x as { info?: string }).info])].filter(
        (v): v is string => typeof v === "string",
      ),
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith("t:"), ref).toBe(true);
      const value = ref
        .slice(2)
        .split(".")
        .reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], schemaStrings);
      expect(typeof value, ref).toBe("string");
    }
  });
});

describe("backorder-status block", () => {
  it("in stock: badge only, no ETA, no capacity, no substitutes; schema stripped", async () => {
    const html = await renderStatus("inStock");
    expect(html).not.toContain("schema");
    expect(html).not.toContain('"settings"');
    const doc = dom(html);
    expect(doc.querySelector("[data-waitwell-block]")!.getAttribute("data-state")).toBe("in_stock");
    expect(text(doc, "[data-waitwell-badge]")).toBe("In stock");
    expect(text(doc, "[data-waitwell-eta]")).toBeNull();
    expect(text(doc, "[data-waitwell-capacity]")).toBeNull();
    expect(doc.querySelector(`[data-waitwell-substitutes="${VARIANT_IDS.inStock}"]`)).toBeNull();
  });

  it("backorder with an exact date: 'Ships around 12 Dec', low capacity, substitutes shown (escaped, locale URL)", async () => {
    const doc = dom(await renderStatus("exact", {}, "en", "/fr"));
    expect(text(doc, "[data-waitwell-badge]")).toBe("Backorder");
    expect(text(doc, "[data-waitwell-eta]")).toBe("Ships around 12 Dec");
    expect(text(doc, "[data-waitwell-capacity]")).toBe("Only 3 left to pre-order");
    const subs = doc.querySelector(`[data-waitwell-substitutes="${VARIANT_IDS.exact}"]`)!;
    expect(subs.hasAttribute("hidden")).toBe(false);
    expect(subs.querySelector("a")!.getAttribute("href")).toBe("/fr/products/hoodie-classic?variant=101");
    expect(subs.querySelector("a")!.textContent).toBe("Hoodie <Classic> – Navy / M");
    expect(subs.innerHTML).toContain("Hoodie &lt;Classic&gt;");
    expect(subs.textContent).toContain("$49.00");
    expect(subs.textContent).toContain("Available now instead");
    // the sold-out variant's list is rendered too, hidden until the shopper selects it
    expect(
      doc.querySelector(`[data-waitwell-substitutes="${VARIANT_IDS.soldOut}"]`)!.hasAttribute("hidden"),
    ).toBe(true);
  });

  it("hides substitute prices when the shopper browses in another currency than the shop's", async () => {
    const subs = (html: string) =>
      dom(html).querySelector(`[data-waitwell-substitutes="${VARIANT_IDS.exact}"]`)!;
    const inEuros = subs(await renderStatus("exact", {}, "en", "/", "EUR"));
    expect(inEuros.querySelector("a")!.textContent).toBe("Hoodie <Classic> – Navy / M");
    expect(inEuros.querySelector(".waitwell-substitutes__price")).toBeNull();
    const inDollars = subs(await renderStatus("exact", {}, "en", "/", "USD"));
    expect(inDollars.querySelector(".waitwell-substitutes__price")!.textContent).toBe("$49.00");
  });

  it("backorder with a range: 'Ships between 3 Dec and 5 Dec', no capacity line when uncapped", async () => {
    const doc = dom(await renderStatus("range"));
    expect(text(doc, "[data-waitwell-badge]")).toBe("Backorder");
    expect(text(doc, "[data-waitwell-eta]")).toBe("Ships between 3 Dec and 5 Dec");
    expect(text(doc, "[data-waitwell-capacity]")).toBeNull();
  });

  it("sold out: badge, no ETA", async () => {
    const doc = dom(await renderStatus("soldOut"));
    expect(text(doc, "[data-waitwell-badge]")).toBe("Sold out");
    expect(text(doc, "[data-waitwell-eta]")).toBeNull();
  });

  it("a variant Waitwell has not synced yet shows nothing rather than a guess", async () => {
    const doc = dom(await renderStatus("unsynced"));
    expect(doc.querySelector("[data-waitwell-block]")!.getAttribute("data-state")).toBe("none");
    expect(text(doc, "[data-waitwell-badge]")).toBeNull();
    expect(text(doc, "[data-waitwell-eta]")).toBeNull();
  });

  it("embeds every variant's texts so the script can switch without a request", async () => {
    const json = variantsJson(dom(await renderStatus("inStock")));
    expect(json).toEqual({
      [VARIANT_IDS.inStock]: { state: "in_stock", badge: "In stock", eta: "", capacity: "" },
      [VARIANT_IDS.exact]: {
        state: "backorder",
        badge: "Backorder",
        eta: "Ships around 12 Dec",
        capacity: "Only 3 left to pre-order",
      },
      [VARIANT_IDS.range]: {
        state: "backorder",
        badge: "Backorder",
        eta: "Ships between 3 Dec and 5 Dec",
        capacity: "",
      },
      [VARIANT_IDS.soldOut]: { state: "sold_out", badge: "Sold out", eta: "", capacity: "" },
      [VARIANT_IDS.unsynced]: { state: "none", badge: "", eta: "", capacity: "" },
    });
  });

  it("merchant overrides: labels, colours, no in-stock badge, no substitutes, lower capacity threshold", async () => {
    const overrides = {
      label_backorder: "Made to order",
      color_backorder: "#123456",
      show_in_stock: false,
      show_substitutes: false,
      capacity_threshold: 2,
    };
    const html = await renderStatus("exact", overrides);
    const doc = dom(html);
    expect(text(doc, "[data-waitwell-badge]")).toBe("Made to order");
    expect(text(doc, "[data-waitwell-capacity]")).toBeNull();
    expect(doc.querySelector("[data-waitwell-substitutes]")).toBeNull();
    expect(doc.querySelector("[data-waitwell-block]")!.getAttribute("style")).toContain(
      "--waitwell-backorder: #123456",
    );
    expect(variantsJson(doc)[VARIANT_IDS.inStock]!.badge).toBe("");
    expect(text(dom(await renderStatus("inStock", overrides)), "[data-waitwell-badge]")).toBeNull();
  });

  it("capacity of exactly one uses the singular string", async () => {
    const p = product("exact");
    p.variants[1] = variant(VARIANT_IDS.exact, "M", { ...AVAILABILITY.exact, capacity: 1 });
    p.selected_or_first_available_variant = p.variants[1];
    const fr = createEngine("fr");
    const html = await fr.parseAndRender(statusSource, {
      product: p,
      block: { settings: defaultSettings(statusSchema) },
      routes: routes(),
      ...currencies(),
    });
    expect(text(dom(html), "[data-waitwell-capacity]")).toBe("Plus que 1 exemplaire en précommande");
  });

  it.each([
    ["fr", "Expédition vers le 12 déc.", "Expédition entre le 3 déc. et le 5 déc."],
    ["de", "Versand um den 12. Dez.", "Versand zwischen 3. Dez. und 5. Dez."],
    ["es", "Se envía hacia el 12 dic", "Se envía entre el 3 dic y el 5 dic"],
  ] as const)("ETA in %s", async (locale, exact, range) => {
    expect(text(dom(await renderStatus("exact", {}, locale)), "[data-waitwell-eta]")).toBe(exact);
    expect(text(dom(await renderStatus("range", {}, locale)), "[data-waitwell-eta]")).toBe(range);
  });
});

describe("backorder-embed", () => {
  async function renderEmbed(settings: Record<string, unknown> = {}, ctx: Record<string, unknown> = {}) {
    return en.parseAndRender(embedSource, {
      product: product("exact"),
      block: { settings: { ...defaultSettings(embedSchema), ...settings } },
      ...ctx,
    });
  }

  it("gives the script the pre-order label, property setting and each variant's state and ETA", async () => {
    const el = dom(await renderEmbed()).querySelector("script[data-waitwell-embed]")!;
    expect(el.getAttribute("data-selected-variant")).toBe(String(VARIANT_IDS.exact));
    expect(JSON.parse(el.textContent!)).toEqual({
      button: "Pre-order",
      property: true,
      label: "Shipping",
      variants: {
        [VARIANT_IDS.inStock]: { state: "in_stock", eta: "" },
        [VARIANT_IDS.exact]: { state: "backorder", eta: "Ships around 12 Dec" },
        [VARIANT_IDS.range]: { state: "backorder", eta: "Ships between 3 Dec and 5 Dec" },
        [VARIANT_IDS.soldOut]: { state: "sold_out", eta: "" },
        [VARIANT_IDS.unsynced]: { state: "none", eta: "" },
      },
    });
  });

  it("merchant label and property switch", async () => {
    const el = dom(await renderEmbed({ button_label: 'Order "now"', add_property: false })).querySelector(
      "script[data-waitwell-embed]",
    )!;
    const json = JSON.parse(el.textContent!) as { button: string; property: boolean };
    expect(json.button).toBe('Order "now"');
    expect(json.property).toBe(false);
  });

  it("renders nothing (but strips its schema) off product pages", async () => {
    expect((await renderEmbed({}, { product: null })).trim()).toBe("");
  });
});

describe("collection-badge snippet", () => {
  const src = snippetSource("collection-badge");
  const render = (p: ReturnType<typeof product>, extra: Record<string, unknown> = {}) =>
    en.parseAndRender(src, { product: p, ...extra });

  it("backorder: badge with ETA", async () => {
    const html = await render(product("exact"));
    expect(dom(html).querySelector(".waitwell-card-badge")!.textContent).toBe(
      "Backorder · Ships around 12 Dec",
    );
  });
  it("sold out, in stock, unsynced", async () => {
    expect(dom(await render(product("soldOut"))).querySelector(".waitwell-card-badge")!.textContent).toBe(
      "Sold out",
    );
    expect((await render(product("inStock"))).trim()).toBe("");
    expect((await render(product("unsynced"))).trim()).toBe("");
  });
  it("an explicit variant wins over the product's selected one", async () => {
    const p = product("inStock");
    const html = await render(p, { variant: p.variants[2] });
    expect(html).toContain("Ships between 3 Dec and 5 Dec");
  });
});

describe("locales", () => {
  function flatten(node: unknown, prefix = ""): Record<string, string> {
    if (typeof node === "string") return { [prefix]: node };
    return Object.entries(node as Record<string, unknown>).reduce(
      (acc, [k, v]) => ({ ...acc, ...flatten(v, prefix ? `${prefix}.${k}` : k) }),
      {},
    );
  }
  const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  const en = flatten(localeStrings("en"));

  it.each(["fr", "de", "es"] as const)(
    "%s has exactly the English keys and placeholders, all non-empty",
    (locale) => {
      const other = flatten(localeStrings(locale));
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(other)) {
        expect(value.trim(), `${locale} ${key}`).not.toBe("");
        expect(vars(value), `${locale} ${key}`).toEqual(vars(en[key]!));
      }
    },
  );

  const enSchema = flatten(readJson(path.join(EXTENSION_DIR, "locales/en.default.schema.json")));
  it.each(["fr", "de", "es"] as const)(
    "%s.schema.json translates every merchant-facing setting",
    (locale) => {
      const other = flatten(readJson(path.join(EXTENSION_DIR, `locales/${locale}.schema.json`)));
      expect(Object.keys(other).sort()).toEqual(Object.keys(enSchema).sort());
      for (const [key, value] of Object.entries(other)) {
        expect(value.trim(), `${locale} ${key}`).not.toBe("");
      }
    },
  );

  it("the four required locale files exist", () => {
    for (const file of Object.values(LOCALE_FILES)) {
      expect(() => readFileSync(path.join(EXTENSION_DIR, "locales", file))).not.toThrow();
    }
  });
});
