/**
 * Sends what the outbox holds: renders each message with the shop's template (its edit, else the default) in the
 * customer's language, sends it over SMTP and records the provider's answer. A failure is retried with backoff
 * (1 min × 2ⁿ, at most `maxAttempts`); a crash mid-send leaves a lease that runs out, and the message is taken again.
 */
import { defaultTemplate } from "../../domain/customer-care/default-templates.js";
import { messageLocale, type MessageData } from "../../domain/customer-care/messages.js";
import type { MessageKind } from "../../domain/customer-care/settings.js";
import type { ShopDomain } from "../ports.js";
import type { CustomerCareDeps } from "./context.js";
import type { RenderedMessage, StoredMessage } from "./ports.js";

export interface OutboxOptions {
  maxAttempts: number;
  backoffBaseMs: number;
  leaseMs: number;
  batchSize: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  maxAttempts: 8,
  backoffBaseMs: 60_000,
  leaseMs: 60_000,
  batchSize: 25,
};

export function createOutbox(deps: CustomerCareDeps, options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS) {
  const { repository: repo, clock, logger } = deps;

  /** The variables every template receives. */
  async function variables(shop: ShopDomain, data: MessageData): Promise<Record<string, unknown>> {
    const [record, settings] = await Promise.all([deps.shops.get(shop), repo.getSettings(shop)]);
    return {
      shop: { name: record?.name ?? shop, brand_color: settings.brandColor, domain: shop },
      order: { name: data.orderName },
      customer: { name: data.customerName },
      lines: data.lines.map((l) => ({
        title: l.title,
        ship_now: l.shipNow,
        waiting: l.waiting,
        eta: l.eta,
        previous_eta: l.previousEta,
      })),
      manage_url: data.manageUrl,
      discount_code: data.discountCode,
      action: data.action,
    };
  }

  async function render(
    shop: ShopDomain,
    kind: MessageKind,
    locale: string,
    data: MessageData,
  ): Promise<RenderedMessage> {
    const language = messageLocale(locale);
    const template = (await repo.getTemplate(shop, kind, language)) ?? defaultTemplate(kind, language);
    return deps.renderer.render(template, await variables(shop, data));
  }

  async function sendOne(message: StoredMessage): Promise<"sent" | "failed"> {
    const mailer = deps.mailer;
    if (!mailer) throw new Error("outbox: no mailer configured");
    try {
      const data = message.data;
      const rendered =
        "written" in data
          ? data.written
          : await render(
              message.shop,
              message.kind === "test" || message.kind === "merchant_alert" ? data.kind : message.kind,
              message.locale,
              data,
            );
      const answer = await mailer.send({ from: deps.mailFrom, to: message.to, ...rendered });
      await repo.markSent(message.id, {
        subject: rendered.subject,
        providerAnswer: answer.response,
        at: clock.now(),
      });
      return "sent";
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const retry = message.attempts < options.maxAttempts;
      const retryAt = retry
        ? new Date(clock.now().getTime() + options.backoffBaseMs * 2 ** (message.attempts - 1))
        : null;
      await repo.markFailed(message.id, { error, retryAt });
      logger.warn("email not sent", {
        shop: message.shop,
        kind: message.kind,
        attempts: message.attempts,
        retry,
        error,
      });
      return "failed";
    }
  }

  return {
    variables,
    render,
    /** Sends every due message (several batches); resolves with the counts. */
    async drain(): Promise<{ sent: number; failed: number }> {
      const counts = { sent: 0, failed: 0 };
      if (!deps.mailer) return counts;
      for (;;) {
        const batch = await repo.claimDue(clock.now(), options.batchSize, options.leaseMs);
        if (batch.length === 0) return counts;
        for (const message of batch) counts[await sendOne(message)] += 1;
      }
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
