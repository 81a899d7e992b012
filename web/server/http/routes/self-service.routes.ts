import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import { UnauthorizedError } from "../../errors.js";
import { PAGE_TEXT, type PageText } from "../../domain/customer-care/page-text.js";
import { messageLocale } from "../../domain/customer-care/messages.js";
import type {
  ActionOutcome,
  LinkRefusal,
  OrderPage,
  SelfService,
} from "../../use-cases/customer-care/self-service.js";
import type { Logger, ShopDomain } from "../../use-cases/ports.js";
import { unstorableTextAt } from "./parse.js";
import { randomUUID } from "node:crypto";

export interface SelfServiceRoutesDeps {
  verify(query: URLSearchParams): { valid: true; shop: ShopDomain } | { valid: false; reason: string };
  selfService: SelfService;
  logger: Logger;
}

const tokenQuery = z.object({ token: z.string().min(1).max(2000) });
const actionBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept_date"), line: z.string().min(1), key: z.string().min(8).max(64) }),
  z.object({ action: z.literal("cancel"), line: z.string().min(1), key: z.string().min(8).max(64) }),
  z.object({
    action: z.literal("swap"),
    line: z.string().min(1),
    key: z.string().min(8).max(64),
    substitute: z.string().min(1),
  }),
]);

/**
 * The self-service page under the app proxy (`/apps/waitwell/orders`), answered as `application/liquid` so Shopify
 * renders it inside the shop's theme (https://shopify.dev/docs/apps/build/online-store/app-proxies). The signature is
 * checked first; the link's token must name the signed shop. Never cached: it is one customer's order.
 */
export function selfServiceRoutes(deps: SelfServiceRoutesDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "4kb" });

  router.get("/orders", async (req, res) => {
    const opened = await openLink(deps, req, res);
    if (!opened) return;
    const page = await deps.selfService.page(opened.shop, opened.order);
    sendLiquid(res, 200, renderPage(page, opened.token, null));
  });

  router.post("/orders", form, async (req, res) => {
    const opened = await openLink(deps, req, res);
    if (!opened) return;
    const body = actionBody.safeParse(req.body);
    const text = PAGE_TEXT[messageLocale(opened.order.locale)];
    // A NUL or half a surrogate pair would fail the database's lookup (a 500 on PostgreSQL): a bad form like any other.
    if (!body.success || unstorableTextAt(req.body) !== null) {
      sendLiquid(res, 400, notice(text.invalidLink, "error"));
      return;
    }
    const b = body.data;
    const outcome = await deps.selfService.act(opened.shop, opened.order, {
      ...(b.action === "swap" ? { kind: "swap", substituteVariantId: b.substitute } : { kind: b.action }),
      lineItemId: b.line,
      key: b.key,
    } as Parameters<SelfService["act"]>[2]);
    const page = await deps.selfService.page(opened.shop, opened.order);
    sendLiquid(
      res,
      outcome === "failed" ? 502 : 200,
      renderPage(page, opened.token, { outcome, action: b.action }),
    );
  });

  return router;
}

async function openLink(deps: SelfServiceRoutesDeps, req: Request, res: Response) {
  res.setHeader("Cache-Control", "no-store");
  const signed = deps.verify(new URLSearchParams(rawQuery(req)));
  if (!signed.valid) {
    deps.logger.warn("self-service request refused", { reason: signed.reason });
    throw new UnauthorizedError("App proxy signature is missing or invalid");
  }
  const query = tokenQuery.safeParse(req.query);
  if (!query.success) {
    sendLiquid(res, 400, notice(PAGE_TEXT.en.invalidLink, "error"));
    return null;
  }
  const opened = await deps.selfService.open(query.data.token, signed.shop);
  if (!opened.ok) {
    sendLiquid(res, opened.reason === "expired" ? 410 : 403, refusal(opened.reason));
    return null;
  }
  return { shop: signed.shop, order: opened.order, token: query.data.token };
}

function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf("?");
  return at === -1 ? "" : req.originalUrl.slice(at + 1);
}

function sendLiquid(res: Response, status: number, body: string) {
  res.status(status).type("application/liquid").send(body);
}

function refusal(reason: LinkRefusal): string {
  const text = PAGE_TEXT.en;
  const message =
    reason === "expired" ? text.expiredLink : reason === "foreign" ? text.foreignLink : text.invalidLink;
  return notice(message, "error");
}

/** Escapes text for HTML, and `{` so merchant or customer text can never open a Liquid tag in the theme. */
function esc(value: string | number): string {
  return String(value).replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function notice(message: string, tone: "info" | "error"): string {
  return `<div class="waitwell-notice waitwell-notice--${tone}" role="${tone === "error" ? "alert" : "status"}"><p>${esc(message)}</p></div>\n`;
}

const OUTCOME_TEXT: Record<ActionOutcome, (t: PageText, action: string) => string> = {
  done: (t, action) =>
    action === "cancel" ? t.cancelledNotice : action === "swap" ? t.swappedNotice : t.acceptedNotice,
  already: (t) => t.alreadyNotice,
  nothing_to_do: (t) => t.nothingToCancel,
  failed: (t) => t.failedNotice,
};

function renderPage(
  page: OrderPage,
  token: string,
  result: { outcome: ActionOutcome; action: string } | null,
): string {
  const t = PAGE_TEXT[page.locale];
  const action = `/apps/waitwell/orders?token=${encodeURIComponent(token)}`;
  const button = (line: string, kind: string, label: string, extra = "") =>
    `<form method="post" action="${esc(action)}"><input type="hidden" name="action" value="${kind}">` +
    `<input type="hidden" name="line" value="${esc(line)}"><input type="hidden" name="key" value="${randomUUID()}">` +
    `${extra}<button type="submit">${esc(label)}</button></form>`;
  const rows = page.lines.map((l) => {
    const parts = [`<h2>${esc(l.title)}</h2>`];
    if (l.shipNow > 0) parts.push(`<p>${esc(l.shipNow)} ${esc(t.shipNow)}</p>`);
    if (l.waiting > 0) {
      parts.push(`<p class="waitwell-eta">${esc(l.waiting)} ${esc(t.waiting)}: ${esc(l.eta ?? "")}</p>`);
      if (l.promised) parts.push(`<p class="waitwell-promised">${esc(t.promised)}: ${esc(l.promised)}</p>`);
      if (l.canAccept) parts.push(button(l.lineItemId, "accept_date", t.accept));
      if (l.canCancel) parts.push(button(l.lineItemId, "cancel", t.cancel));
      if (l.substitutes.length > 0) {
        parts.push(`<p>${esc(t.swapFor)}</p>`);
        for (const s of l.substitutes) {
          const extra = `<input type="hidden" name="substitute" value="${esc(s.variantId)}">`;
          parts.push(button(l.lineItemId, "swap", `${t.swap}: ${s.title}`, extra));
        }
      }
    } else {
      parts.push(`<p>${esc(l.status === "allocated" || l.status === "released" ? t.ready : t.closed)}</p>`);
    }
    return `<li class="waitwell-line" data-line="${esc(l.lineItemId)}">${parts.join("")}</li>`;
  });
  return (
    `<div class="waitwell-self-service">\n<h1>${esc(t.title.replace("{order}", page.orderName))}</h1>\n` +
    (result
      ? notice(OUTCOME_TEXT[result.outcome](t, result.action), result.outcome === "failed" ? "error" : "info")
      : "") +
    `<p>${esc(t.intro)}</p>\n<ul>${rows.join("\n")}</ul>\n</div>\n`
  );
}
