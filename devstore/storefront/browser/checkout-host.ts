/**
 * The checkout page's script (and the thank-you page's): renders the order summary from the checkout state, puts
 * every extension target in its own iframe (under each line, or where the merchant placed the block), answers the
 * frames' `apply*` calls through the dev store (`POST /checkout/apply`) and hands every frame the new state.
 */
import type { CheckoutLine, CheckoutState, ExtensionFrames, FrameState } from "./protocol.js";

interface Frame {
  element: HTMLIFrameElement;
  extension: ExtensionFrames;
  target: string;
  /** Index of the line a cart-line target belongs to. */
  line: number | null;
}

const origin = window.location.origin;
let state = JSON.parse(document.getElementById("checkout-state")!.textContent!) as CheckoutState;
const frames: Frame[] = [];

function frameState(frame: Frame): FrameState {
  const ext = frame.extension;
  return {
    lines: state.lines,
    attributes: state.attributes,
    appMetafields: ext.appMetafields,
    settings: ext.settings,
    instructions: state.instructions,
    note: state.note,
    target: frame.line === null ? undefined : state.lines[frame.line],
    order: state.order ?? undefined,
    orderConfirmation: state.orderConfirmation ?? undefined,
    checkoutToken: state.checkoutToken,
    cost: state.cost,
    shop: state.shop,
    currency: state.currency,
    country: state.country,
    i18n: { locale: state.locale, translations: ext.translations },
    extension: { target: frame.target, apiVersion: ext.apiVersion },
  };
}

function createFrame(
  extension: ExtensionFrames,
  target: { target: string; entry: string },
  line: number | null,
) {
  const element = document.createElement("iframe");
  element.src = `/checkouts/frames/${encodeURIComponent(target.entry)}`;
  element.title = extension.name;
  element.className = "extension-frame";
  element.setAttribute("data-extension-target", target.target);
  element.style.height = "0px";
  const frame: Frame = { element, extension, target: target.target, line };
  frames.push(frame);
  return element;
}

function money(amount: { amount: number; currencyCode: string }): string {
  return new Intl.NumberFormat(state.locale, { style: "currency", currency: amount.currencyCode }).format(
    amount.amount,
  );
}

function lineText(li: HTMLElement, line: CheckoutLine): void {
  li.querySelector("[data-line-title]")!.textContent = line.merchandise.title;
  const subtitle = li.querySelector<HTMLElement>("[data-line-subtitle]")!;
  subtitle.textContent = line.merchandise.subtitle ?? "";
  subtitle.hidden = !line.merchandise.subtitle;
  li.querySelector("[data-line-quantity]")!.textContent = `Quantity: ${line.quantity}`;
  li.querySelector("[data-line-price]")!.textContent = money(line.cost.totalAmount);
  const properties = li.querySelector<HTMLElement>("[data-line-properties]")!;
  properties.replaceChildren(
    ...line.attributes
      .filter((a) => !a.key.startsWith("_"))
      .map((a) => {
        const row = document.createElement("div");
        const dt = document.createElement("dt");
        const dd = document.createElement("dd");
        dt.textContent = a.key;
        dd.textContent = a.value;
        row.append(dt, dd);
        return row;
      }),
  );
  properties.hidden = properties.childElementCount === 0;
  // Every frame gets a title of its own (WCAG 4.1.2): the extension, and the line it is about.
  const about = line.merchandise.subtitle
    ? `${line.merchandise.title} (${line.merchandise.subtitle})`
    : line.merchandise.title;
  for (const frame of frames.filter((f) => li.contains(f.element)))
    frame.element.title = `${frame.extension.name}: ${about}`;
}

function newLineItem(index: number): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "checkout-line";
  li.setAttribute("data-checkout-line", String(index));
  li.innerHTML =
    '<div class="checkout-line__main"><div><p class="checkout-line__title" data-line-title></p>' +
    '<p class="checkout-line__subtitle" data-line-subtitle></p><dl class="checkout-line__properties" data-line-properties></dl>' +
    '<p class="checkout-line__quantity" data-line-quantity></p></div><p class="checkout-line__price" data-line-price></p></div>' +
    '<div class="checkout-line__extensions"></div>';
  const slot = li.querySelector(".checkout-line__extensions")!;
  for (const extension of state.extensions)
    for (const target of extension.targets.filter((t) => t.kind === "line"))
      slot.append(createFrame(extension, target, index));
  return li;
}

/** Lines keep their frames by position; a line that went away takes its frames with it. */
function renderLines(): void {
  const list = document.querySelector("[data-checkout-lines]")!;
  const items = [...list.querySelectorAll<HTMLLIElement>("li[data-checkout-line]")];
  state.lines.forEach((line, index) => {
    const li = items[index] ?? list.appendChild(newLineItem(index));
    lineText(li, line);
  });
  for (const extra of items.slice(state.lines.length)) {
    for (const f of frames.filter((f) => extra.contains(f.element))) frames.splice(frames.indexOf(f), 1);
    extra.remove();
  }
  const subtotal = document.querySelector("[data-checkout-subtotal]");
  if (subtotal) subtotal.textContent = money(state.cost.subtotalAmount);
}

function renderBlocks(): void {
  for (const slot of document.querySelectorAll<HTMLElement>("[data-extension-placement]")) {
    const placement = slot.getAttribute("data-extension-placement");
    for (const extension of state.extensions)
      for (const target of extension.targets.filter((t) => t.kind === "block" && t.target === placement))
        slot.append(createFrame(extension, target, null));
  }
}

function post(frame: Frame, message: unknown): void {
  frame.element.contentWindow?.postMessage(message, origin);
}

async function apply(method: string, change: unknown): Promise<unknown> {
  const response = await fetch("/checkout/apply", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ method, change }),
  });
  const body = (await response.json()) as { result?: unknown; state?: CheckoutState; error?: string };
  if (body.state) {
    state = body.state;
    renderLines();
    for (const frame of frames) post(frame, { type: "state", state: frameState(frame) });
  }
  return body.result ?? { type: "error", message: body.error ?? `HTTP ${response.status}` };
}

window.addEventListener("message", (event: MessageEvent) => {
  if (event.origin !== origin) return;
  const frame = frames.find((f) => f.element.contentWindow === event.source);
  if (!frame) return;
  const message = event.data as {
    type: string;
    id?: number;
    method?: string;
    change?: unknown;
    height?: number;
  };
  if (message.type === "ready") post(frame, { type: "state", state: frameState(frame) });
  if (message.type === "resize" && typeof message.height === "number")
    frame.element.style.height = `${message.height}px`;
  if (message.type === "apply" && message.method) {
    apply(message.method, message.change).then(
      (result) => post(frame, { type: "result", id: message.id, result }),
      (e: unknown) =>
        post(frame, { type: "result", id: message.id, result: { type: "error", message: String(e) } }),
    );
  }
});

renderLines();
renderBlocks();
