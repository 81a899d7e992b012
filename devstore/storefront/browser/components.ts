/**
 * Minimal, accessible stand-ins for Shopify's checkout web components (`s-stack`, `s-text`, `s-heading`, `s-banner`,
 * `s-checkbox`, `s-button`, `s-link`; https://shopify.dev/docs/api/checkout-ui-extensions/latest/web-components). Each is a
 * custom element with an open shadow root holding real HTML (a `<button>`, a labelled `<input type="checkbox">`, a
 * `role="status"` region…), and the extension's own children slotted in, so Preact keeps owning the light DOM.
 * Properties and attributes both work (Preact sets a property when the element has one). Events: `s-checkbox` fires
 * `change` and `input` on itself with `.checked` updated; `s-button`'s inner button's `click` bubbles out of the
 * shadow root (click is a composed event).
 */

type Kind = "boolean" | "string";

abstract class ShopifyElement extends HTMLElement {
  static props: Record<string, Kind> = {};
  protected readonly root: ShadowRoot;

  static get observedAttributes(): string[] {
    return Object.keys(this.props).map(attributeName);
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  connectedCallback(): void {
    this.render();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.render();
  }

  protected string(name: string): string {
    return this.getAttribute(attributeName(name)) ?? "";
  }

  protected flag(name: string): boolean {
    const value = this.getAttribute(attributeName(name));
    return value !== null && value !== "false";
  }

  protected abstract render(): void;

  protected static styles(css: string): CSSStyleSheet {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  }
}

function attributeName(prop: string): string {
  return prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Property accessors reflecting to attributes, so `el.checked = true` and `checked=""` mean the same. */
function define(tag: string, element: typeof ShopifyElement & (new () => ShopifyElement)): void {
  for (const [prop, kind] of Object.entries(element.props)) {
    if (prop in element.prototype) continue;
    Object.defineProperty(element.prototype, prop, {
      configurable: true,
      get(this: HTMLElement) {
        const value = this.getAttribute(attributeName(prop));
        return kind === "boolean" ? value !== null && value !== "false" : (value ?? undefined);
      },
      set(this: HTMLElement, value: unknown) {
        const name = attributeName(prop);
        if (value === false || value === null || value === undefined) this.removeAttribute(name);
        else this.setAttribute(name, kind === "boolean" ? "" : String(value));
      },
    });
  }
  if (!customElements.get(tag)) customElements.define(tag, element);
}

const GAPS: Record<string, string> = {
  none: "0",
  "small-500": "0.125rem",
  "small-400": "0.25rem",
  "small-300": "0.375rem",
  "small-200": "0.5rem",
  "small-100": "0.75rem",
  small: "0.5rem",
  base: "1rem",
  large: "1.5rem",
  "large-100": "1.5rem",
  "large-200": "2rem",
};

class SStack extends ShopifyElement {
  static override props: Record<string, Kind> = {
    direction: "string",
    gap: "string",
    alignItems: "string",
    justifyContent: "string",
  };
  protected render(): void {
    const inline = this.string("direction") === "inline";
    const gap = this.string("gap").split(" ")[0] ?? "";
    this.style.display = "flex";
    this.style.flexDirection = inline ? "row" : "column";
    this.style.flexWrap = inline ? "wrap" : "nowrap";
    this.style.gap = GAPS[gap] ?? (gap ? GAPS.base! : "0");
    this.style.alignItems = this.string("alignItems") || (inline ? "center" : "stretch");
    this.style.justifyContent = this.string("justifyContent") || "flex-start";
    if (!this.root.firstChild) this.root.innerHTML = "<slot></slot>";
  }
}

/** Text colours with at least 4.5:1 contrast on white (WCAG AA). */
const TONES: Record<string, string> = {
  info: "#00527c",
  success: "#0c5132",
  warning: "#7a4100",
  caution: "#7a4100",
  critical: "#8e1f0b",
  neutral: "#303030",
  subdued: "#616161",
};

class SText extends ShopifyElement {
  static override props: Record<string, Kind> = { tone: "string", type: "string", color: "string" };
  protected render(): void {
    const type = this.string("type");
    this.style.color =
      TONES[this.string("tone")] ?? (this.string("color") === "subdued" ? TONES.subdued! : "");
    this.style.fontSize = type === "small" ? "0.875rem" : "";
    this.style.fontWeight = type === "strong" ? "600" : "";
    if (!this.root.firstChild) this.root.innerHTML = "<slot></slot>";
  }
}

class SHeading extends ShopifyElement {
  static override props: Record<string, Kind> = {};
  protected render(): void {
    if (this.root.firstChild) return;
    this.root.innerHTML = '<h2 part="heading"><slot></slot></h2>';
    this.root.adoptedStyleSheets = [ShopifyElement.styles("h2{font-size:1rem;margin:0;font-weight:600}")];
  }
}

const BANNER_CSS = `
.banner{border-radius:.5rem;padding:.75rem 1rem;border:1px solid #8a8a8a;background:#f7f7f7;color:#303030}
.banner[data-tone=warning]{border-color:#b98900;background:#fff5d9}
.banner[data-tone=critical]{border-color:#c70a24;background:#fee9e8}
.banner[data-tone=success]{border-color:#29845a;background:#e6f6ee}
.banner[data-tone=info]{border-color:#0094d5;background:#eaf4ff}
h2{font-size:1rem;margin:0 0 .25rem}
h2:empty{display:none}`;

class SBanner extends ShopifyElement {
  static override props: Record<string, Kind> = { heading: "string", tone: "string" };
  protected render(): void {
    if (!this.root.firstChild) {
      this.root.adoptedStyleSheets = [ShopifyElement.styles(BANNER_CSS)];
      this.root.innerHTML = '<div class="banner" part="banner"><h2></h2><div><slot></slot></div></div>';
    }
    const tone = this.string("tone") || "info";
    const box = this.root.querySelector(".banner")!;
    box.setAttribute("data-tone", tone);
    // Critical messages interrupt (alert); the others are announced politely.
    box.setAttribute("role", tone === "critical" ? "alert" : "status");
    box.querySelector("h2")!.textContent = this.string("heading");
  }
}

class SCheckbox extends ShopifyElement {
  static override props: Record<string, Kind> = {
    label: "string",
    details: "string",
    error: "string",
    name: "string",
    value: "string",
    disabled: "boolean",
    required: "boolean",
  };
  private state = false;

  get checked(): boolean {
    return this.state;
  }
  set checked(value: boolean) {
    this.state = Boolean(value);
    const input = this.root.querySelector("input");
    if (input) input.checked = this.state;
  }

  protected render(): void {
    if (!this.root.firstChild) {
      this.root.adoptedStyleSheets = [
        ShopifyElement.styles(
          "label{display:flex;gap:.5rem;align-items:flex-start;cursor:pointer}input{width:1.1rem;height:1.1rem;margin:.1rem 0 0}" +
            ".details{margin:.25rem 0 0 1.6rem;font-size:.875rem;color:#616161}.error{color:#8e1f0b}",
        ),
      ];
      this.root.innerHTML =
        '<label><input type="checkbox"><span class="label"></span></label><p class="details" hidden></p><p class="details error" role="alert" hidden></p>';
      const input = this.root.querySelector("input")!;
      input.addEventListener("change", () => {
        this.state = input.checked;
        this.dispatchEvent(new Event("input", { bubbles: true }));
        this.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    if (this.hasAttribute("checked") && this.getAttribute("checked") !== "false") this.state = true;
    const input = this.root.querySelector("input")!;
    input.checked = this.state;
    input.disabled = this.flag("disabled");
    input.required = this.flag("required");
    this.root.querySelector(".label")!.textContent = this.string("label");
    const [details, error] = [...this.root.querySelectorAll("p")];
    details!.textContent = this.string("details");
    details!.hidden = !this.string("details");
    error!.textContent = this.string("error");
    error!.hidden = !this.string("error");
    input.setAttribute("aria-invalid", this.string("error") ? "true" : "false");
  }
}

const BUTTON_CSS = `
button{font:inherit;padding:.55rem 1rem;border-radius:.5rem;border:1px solid #1a1a1a;background:#1a1a1a;color:#fff;cursor:pointer;min-height:2.5rem}
button[data-variant=secondary]{background:#fff;color:#1a1a1a}
button:disabled{opacity:.6;cursor:default}
button:focus-visible{outline:2px solid #005bd3;outline-offset:2px}`;

class SButton extends ShopifyElement {
  static override props: Record<string, Kind> = {
    variant: "string",
    tone: "string",
    type: "string",
    loading: "boolean",
    disabled: "boolean",
    accessibilityLabel: "string",
  };
  protected render(): void {
    if (!this.root.firstChild) {
      this.root.adoptedStyleSheets = [ShopifyElement.styles(BUTTON_CSS)];
      this.root.innerHTML = '<button type="button" part="button"><slot></slot></button>';
    }
    const button = this.root.querySelector("button")!;
    const loading = this.flag("loading");
    button.disabled = loading || this.flag("disabled");
    button.setAttribute("aria-busy", String(loading));
    button.setAttribute("data-variant", this.string("variant") || "primary");
    const label = this.string("accessibilityLabel");
    if (label) button.setAttribute("aria-label", label);
    else button.removeAttribute("aria-label");
  }
}

/**
 * `s-link`: a real `<a>`. `target` "auto" (the default) navigates the page the extension sits on, not its frame, as
 * Shopify's host does; "_blank" opens a new tab.
 */
class SLink extends ShopifyElement {
  static override props: Record<string, Kind> = {
    href: "string",
    target: "string",
    tone: "string",
    accessibilityLabel: "string",
  };
  protected render(): void {
    if (!this.root.firstChild) {
      this.root.adoptedStyleSheets = [
        ShopifyElement.styles(
          "a{color:#005bd3;text-decoration:underline}a:focus-visible{outline:2px solid #005bd3}",
        ),
      ];
      this.root.innerHTML = '<a part="link"><slot></slot></a>';
    }
    const a = this.root.querySelector("a")!;
    const href = this.string("href");
    if (href) a.setAttribute("href", href);
    else a.removeAttribute("href");
    a.target = this.string("target") === "_blank" ? "_blank" : "_top";
    if (a.target === "_blank") a.rel = "noopener";
    const label = this.string("accessibilityLabel");
    if (label) a.setAttribute("aria-label", label);
    else a.removeAttribute("aria-label");
  }
}

export function defineComponents(): void {
  define("s-stack", SStack);
  define("s-text", SText);
  define("s-heading", SHeading);
  define("s-banner", SBanner);
  define("s-checkbox", SCheckbox);
  define("s-button", SButton);
  define("s-link", SLink);
}
