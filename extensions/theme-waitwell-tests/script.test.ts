import { readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { describe, expect, it, vi } from "vitest";
import { VARIANT_IDS, currencies, product, routes } from "./fixtures.js";
import { EXTENSION_DIR, blockSource, createEngine, defaultSettings, schemaOf } from "./liquid.js";

const script = readFileSync(path.join(EXTENSION_DIR, "assets/waitwell.js"), "utf8");
const engine = createEngine("en");

/** A product page as a theme renders it: our app block, a product form with a variant <select>, and our embed. */
async function page(url: string, selected: keyof typeof VARIANT_IDS, before = "") {
  const status = blockSource("backorder-status");
  const embed = blockSource("backorder-embed");
  const ctx = (src: string) => ({
    product: product(selected),
    block: { settings: defaultSettings(schemaOf(engine, src)) },
    routes: routes(),
    ...currencies(),
  });
  const options = Object.values(VARIANT_IDS)
    .map((id) => `<option value="${id}"${id === VARIANT_IDS[selected] ? " selected" : ""}>${id}</option>`)
    .join("");
  const html = `<!doctype html><html><body>
    ${before}
    ${await engine.parseAndRender(status, ctx(status))}
    <form id="main-form" action="/cart/add" method="post">
      <select name="id">${options}</select>
      <button type="submit" name="add"><span>Add to cart</span></button>
    </form>
    ${await engine.parseAndRender(embed, ctx(embed))}
  </body></html>`;
  const dom = new JSDOM(html, { url, runScripts: "outside-only" });
  const fetch = vi.fn();
  const xhrOpen = vi.fn();
  dom.window.fetch = fetch;
  dom.window.XMLHttpRequest.prototype.open = xhrOpen;
  dom.window.eval(script);
  const doc = dom.window.document;
  const visible = (sel: string) => {
    const el = doc.querySelector(sel);
    return el && !el.hasAttribute("hidden") ? el.textContent!.trim() : null;
  };
  const select = doc.querySelector<HTMLSelectElement>("select[name=id]")!;
  const choose = (id: number) => {
    select.value = String(id);
    select.dispatchEvent(new dom.window.Event("change", { bubbles: true }));
  };
  const property = () => doc.querySelector<HTMLInputElement>('#main-form input[name="properties[Shipping]"]');
  const button = () => doc.querySelector("#main-form button[type=submit] span")!.textContent;
  const shownSubstitutes = () =>
    [...doc.querySelectorAll("[data-waitwell-substitutes]")]
      .filter((e) => !e.hasAttribute("hidden"))
      .map((e) => e.getAttribute("data-waitwell-substitutes"));
  /** Lets the script's deferred re-read (setTimeout 0) and MutationObserver callbacks run. */
  const settle = () => new Promise((resolve) => dom.window.setTimeout(resolve, 5));
  return { dom, doc, visible, choose, property, button, shownSubstitutes, settle, fetch, xhrOpen };
}

describe("waitwell.js variant switching", () => {
  it("switches badge, ETA, capacity, substitutes, button label and the Shipping property on <select> change", async () => {
    const p = await page("https://shop.test/products/hoodie", "inStock");
    expect(p.visible("[data-waitwell-badge]")).toBe("In stock");
    expect(p.button()).toBe("Add to cart");
    expect(p.property()).toBeNull();

    p.choose(VARIANT_IDS.exact);
    expect(p.visible("[data-waitwell-badge]")).toBe("Backorder");
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
    expect(p.visible("[data-waitwell-capacity]")).toBe("Only 3 left to pre-order");
    expect(p.shownSubstitutes()).toEqual([String(VARIANT_IDS.exact)]);
    expect(p.button()).toBe("Pre-order");
    expect(p.property()!.value).toBe("Ships around 12 Dec");
    expect(p.property()!.closest("form")).not.toBeNull();
    expect(p.property()!.type).toBe("text"); // visible: the promise must show in cart, checkout, order and emails

    p.choose(VARIANT_IDS.range);
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships between 3 Dec and 5 Dec");
    expect(p.visible("[data-waitwell-capacity]")).toBeNull();
    expect(p.shownSubstitutes()).toEqual([]);
    expect(p.property()!.value).toBe("Ships between 3 Dec and 5 Dec");
    expect(p.doc.querySelectorAll('input[name="properties[Shipping]"]')).toHaveLength(1);

    p.choose(VARIANT_IDS.soldOut);
    expect(p.visible("[data-waitwell-badge]")).toBe("Sold out");
    expect(p.visible("[data-waitwell-eta]")).toBeNull();
    expect(p.button()).toBe("Add to cart");
    expect(p.property()).toBeNull();
    expect(p.shownSubstitutes()).toEqual([String(VARIANT_IDS.soldOut)]);

    p.choose(VARIANT_IDS.unsynced);
    expect(p.visible("[data-waitwell-badge]")).toBeNull();

    expect(p.fetch).not.toHaveBeenCalled();
    expect(p.xhrOpen).not.toHaveBeenCalled();
  });

  it("follows a theme's variant:change event", async () => {
    const p = await page("https://shop.test/products/hoodie", "inStock");
    p.doc.dispatchEvent(
      new p.dom.window.CustomEvent("variant:change", { detail: { variant: { id: VARIANT_IDS.range } } }),
    );
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships between 3 Dec and 5 Dec");
    expect(p.button()).toBe("Pre-order");
  });

  it("reads ?variant= when the product form has no variant input", async () => {
    const p = await page(`https://shop.test/products/hoodie?variant=${VARIANT_IDS.exact}`, "inStock");
    p.doc.querySelector("select[name=id]")!.remove();
    (p.dom.window as unknown as { Waitwell: { update(): void } }).Waitwell.update();
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
  });

  it("initial state follows the selected variant on load", async () => {
    const p = await page("https://shop.test/products/hoodie", "exact");
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
    expect(p.button()).toBe("Pre-order");
    expect(p.property()!.value).toBe("Ships around 12 Dec");
  });

  it("follows Horizon's variant:update event (detail.resource)", async () => {
    const p = await page("https://shop.test/products/hoodie", "inStock");
    p.doc.dispatchEvent(
      new p.dom.window.CustomEvent("variant:update", {
        bubbles: true,
        detail: { resource: { id: VARIANT_IDS.exact }, sourceId: "main" },
      }),
    );
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
    expect(p.button()).toBe("Pre-order");
  });

  it("leaves another product's quick-add form alone, even when it comes first in the page", async () => {
    const quickAdd = `<form id="quick-add" action="/cart/add" method="post">
      <input type="hidden" name="id" value="999">
      <button type="submit"><span>Add to cart</span></button>
    </form>`;
    const p = await page("https://shop.test/products/hoodie", "exact", quickAdd);
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
    expect(p.button()).toBe("Pre-order");
    expect(p.doc.querySelector("#quick-add span")!.textContent).toBe("Add to cart");
    expect(p.doc.querySelector('#quick-add input[name="properties[Shipping]"]')).toBeNull();
    // its own change event names a variant of another product: ignored
    p.doc
      .querySelector<HTMLInputElement>("#quick-add [name=id]")!
      .dispatchEvent(new p.dom.window.Event("change", { bubbles: true }));
    await p.settle();
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships around 12 Dec");
  });

  it("re-applies the label when the theme re-renders the button after its own change handler (Dawn)", async () => {
    const p = await page("https://shop.test/products/hoodie", "inStock");
    p.choose(VARIANT_IDS.exact);
    expect(p.button()).toBe("Pre-order");
    // Dawn fetches the section and then writes "Add to cart" into the button
    p.doc.querySelector("#main-form button span")!.textContent = "Add to cart";
    await p.settle();
    expect(p.button()).toBe("Pre-order");
    // and a theme that says "Sold out" for the next variant keeps its word (we never restore over it)
    p.choose(VARIANT_IDS.soldOut);
    expect(p.button()).toBe("Add to cart");
    p.doc.querySelector("#main-form button span")!.textContent = "Sold out";
    await p.settle();
    expect(p.button()).toBe("Sold out");
    expect(p.property()).toBeNull();
  });

  it("catches a product form the theme replaced wholesale (section re-render)", async () => {
    const p = await page("https://shop.test/products/hoodie", "inStock");
    const form = p.doc.querySelector("#main-form")!;
    form.innerHTML = `<input type="hidden" name="id" value="${VARIANT_IDS.range}">
      <button type="submit" name="add"><span>Add to cart</span></button>`;
    await p.settle();
    expect(p.visible("[data-waitwell-eta]")).toBe("Ships between 3 Dec and 5 Dec");
    expect(p.button()).toBe("Pre-order");
    expect(p.property()!.value).toBe("Ships between 3 Dec and 5 Dec");
    expect(p.fetch).not.toHaveBeenCalled();
  });

  it("fits theme-check's 10 kB app-block JavaScript budget", () => {
    expect(Buffer.byteLength(script)).toBeLessThan(10_000);
  });
});
