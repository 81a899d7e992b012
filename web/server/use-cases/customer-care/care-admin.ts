/**
 * What the merchant manages of customer care (/api/customer-care): the settings (branding colour, which messages go
 * out, delivery-law rules, incentive), the message templates per language with a preview on sample data and a test
 * send, the messages sent, and the to-do list of lines at a legal deadline.
 */
import { randomUUID } from "node:crypto";
import { defaultTemplate } from "../../domain/customer-care/default-templates.js";
import {
  MESSAGE_LOCALES,
  type MessageData,
  type MessageLocale,
} from "../../domain/customer-care/messages.js";
import {
  MESSAGE_KINDS,
  mergeCareSettings,
  type CareSettings,
  type DeepPartial,
  type MessageKind,
} from "../../domain/customer-care/settings.js";
import { ValidationError } from "../../errors.js";
import type { ShopDomain } from "../ports.js";
import type { CustomerCareDeps } from "./context.js";
import type { Outbox } from "./outbox.js";

export interface TemplateView {
  kind: MessageKind;
  locale: MessageLocale;
  subject: string;
  body: string;
  /** The merchant edited it (false: Waitwell's default). */
  edited: boolean;
  /** The message goes out (the merchant can turn each kind off). */
  enabled: boolean;
}

/** Sample data for previews and test sends: one line that ships now, one that waits with a moved date. */
export function sampleData(kind: MessageKind, locale: MessageLocale): MessageData {
  const words = {
    en: "Ships around 15 Dec 2026",
    fr: "Expédition vers le 15 déc. 2026",
    de: "Versand um den 15. Dez. 2026",
    es: "Se envía hacia el 15 dic 2026",
  };
  const before = {
    en: "Ships around 8 Dec 2026",
    fr: "Expédition vers le 8 déc. 2026",
    de: "Versand um den 8. Dez. 2026",
    es: "Se envía hacia el 8 dic 2026",
  };
  return {
    kind,
    orderName: "#1001",
    customerName: "Ada Lovelace",
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/1",
        title: "Rain jacket – M",
        shipNow: 1,
        waiting: 0,
        eta: "",
        previousEta: null,
        etaLastDay: null,
      },
      {
        lineItemId: "gid://shopify/LineItem/2",
        title: "Trail pack 24 L",
        shipNow: 0,
        waiting: 2,
        eta: words[locale],
        previousEta: kind === "delay" || kind === "renewed" ? before[locale] : null,
        etaLastDay: null,
      },
    ],
    manageUrl: "https://example.myshopify.com/apps/waitwell/orders?token=sample",
    discountCode: kind === "incentive" || kind === "delay" ? "WAIT-SAMPLE" : null,
    action:
      kind === "cancelled"
        ? { units: 2, refund: "98.00 USD", substitute: null }
        : kind === "swapped"
          ? { units: 2, refund: null, substitute: "Trail pack 20 L" }
          : null,
  };
}

export function createCareAdmin(deps: CustomerCareDeps & { outbox: Outbox; wake?: () => void }) {
  const { repository: repo } = deps;

  function checkTemplate(template: { subject: string; body: string }) {
    const problem = deps.renderer.check(template);
    if (problem) throw new ValidationError(`The template does not parse: ${problem}`);
  }

  return {
    getSettings: (shop: ShopDomain) => repo.getSettings(shop),

    async updateSettings(shop: ShopDomain, patch: DeepPartial<CareSettings>): Promise<CareSettings> {
      const merged = mergeCareSettings(await repo.getSettings(shop), patch);
      if (!merged.ok) throw new ValidationError(`Invalid settings: ${merged.problems.join("; ")}`);
      await repo.saveSettings(shop, merged.settings);
      return merged.settings;
    },

    async listTemplates(shop: ShopDomain): Promise<TemplateView[]> {
      const [edits, settings] = await Promise.all([repo.listTemplates(shop), repo.getSettings(shop)]);
      return MESSAGE_KINDS.flatMap((kind) =>
        MESSAGE_LOCALES.map((locale) => {
          const edit = edits.find((t) => t.kind === kind && t.locale === locale);
          const template = edit ?? defaultTemplate(kind, locale);
          return {
            kind,
            locale,
            subject: template.subject,
            body: template.body,
            edited: Boolean(edit),
            enabled: settings.messages[kind],
          };
        }),
      );
    },

    async saveTemplate(
      shop: ShopDomain,
      kind: MessageKind,
      locale: MessageLocale,
      template: { subject: string; body: string },
    ) {
      checkTemplate(template);
      return repo.saveTemplate(shop, { kind, locale, ...template });
    },

    /** Back to Waitwell's default; true when there was an edit. */
    resetTemplate: (shop: ShopDomain, kind: MessageKind, locale: MessageLocale) =>
      repo.deleteTemplate(shop, kind, locale),

    /** The message as the customer would get it, on sample data; a draft (subject, body) renders without saving. */
    async preview(
      shop: ShopDomain,
      kind: MessageKind,
      locale: MessageLocale,
      draft?: { subject: string; body: string },
    ) {
      const data = sampleData(kind, locale);
      if (!draft) return deps.outbox.render(shop, kind, locale, data);
      checkTemplate(draft);
      return deps.renderer.render(draft, await deps.outbox.variables(shop, data));
    },

    /** Queues the message on sample data to `to` (the outbox sends it like any other). */
    async testSend(shop: ShopDomain, kind: MessageKind, locale: MessageLocale, to: string) {
      const eventKey = `test:${randomUUID()}`;
      await repo.enqueue(shop, {
        eventKey,
        kind: "test",
        orderId: null,
        customerId: null,
        to,
        locale,
        data: sampleData(kind, locale),
        status: "pending",
      });
      deps.wake?.();
      return { eventKey };
    },

    listMessages: (
      shop: ShopDomain,
      filter: {
        orderId?: string;
        status?: "pending" | "sending" | "sent" | "failed" | "suppressed";
        limit: number;
      },
    ) => repo.listMessages(shop, filter),
    listTasks: (shop: ShopDomain, open: boolean) => repo.listTasks(shop, open),
    resolveTask: (shop: ShopDomain, id: string) => repo.resolveTask(shop, id, deps.clock.now()),
  };
}

export type CareAdmin = ReturnType<typeof createCareAdmin>;
