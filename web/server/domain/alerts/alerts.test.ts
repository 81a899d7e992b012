import { describe, expect, it } from "vitest";
import {
  alertEmail,
  alertsToSend,
  capReached,
  clearedAlerts,
  decideRaise,
  DEFAULT_ALERT_SETTINGS,
  digestSlot,
  groupByKind,
  legalDeadline,
  promiseAtRisk,
  validateAlertSettings,
  webhookDead,
  type AlertKind,
  type PriorOccurrence,
} from "./index.js";
import { ALERT_EMAIL_TEXT } from "./email-text.js";

const at = (iso: string) => new Date(iso);
const cap = (when: string) =>
  capReached(
    { variantId: "gid://shopify/ProductVariant/7", title: "Jacket XL", sku: "J-XL", cap: 3, waitingUnits: 3 },
    at(when),
  );
const prior = (patch: Partial<PriorOccurrence>): PriorOccurrence => ({
  id: "a1",
  eventKey: "cap:gid://shopify/ProductVariant/7@2026-12-07T09:00:00.000Z",
  detectedAt: at("2026-12-07T09:00:00Z"),
  resolvedAt: null,
  ...patch,
});

describe("decideRaise", () => {
  it.each<[string, PriorOccurrence[], string, ReturnType<typeof decideRaise>]>([
    ["first time", [], "2026-12-07T09:00:00Z", { action: "open" }],
    ["still open", [prior({})], "2026-12-07T09:30:00Z", { action: "skip" }],
    [
      "cleared and reached again within the hour: the same alert",
      [prior({ resolvedAt: at("2026-12-07T09:10:00Z") })],
      "2026-12-07T09:59:00Z",
      { action: "reopen", id: "a1" },
    ],
    [
      "cleared and reached again after the hour: a new alert",
      [prior({ resolvedAt: at("2026-12-07T09:10:00Z") })],
      "2026-12-07T10:00:00Z",
      { action: "open" },
    ],
    [
      "the newest of several recent ones is reopened",
      [
        prior({ id: "old", detectedAt: at("2026-12-07T07:00:00Z"), resolvedAt: at("2026-12-07T07:30:00Z") }),
        prior({ id: "new", detectedAt: at("2026-12-07T09:20:00Z"), resolvedAt: at("2026-12-07T09:30:00Z") }),
      ],
      "2026-12-07T09:40:00Z",
      { action: "reopen", id: "new" },
    ],
  ])("a cap: %s", (_name, occurrences, now, expected) => {
    expect(decideRaise(cap(now), occurrences, at(now))).toEqual(expected);
  });

  it("a repeated webhook is the same occurrence, however long after", () => {
    const dead = webhookDead({ inboxId: "row1", topic: "orders/create", webhookId: "w1", error: "bad" });
    const stored = prior({ eventKey: dead.eventKey, resolvedAt: at("2026-12-01T00:00:00Z") });
    expect(decideRaise(dead, [stored], at("2026-12-07T00:00:00Z"))).toEqual({ action: "skip" });
  });

  it("a promise at risk is one alert per promised day; a new day that is also at risk is new", () => {
    const detail = {
      lineItemId: "L1",
      orderId: "O1",
      orderName: "#1001",
      title: "Boot",
      units: 1,
      state: "due_soon" as const,
      dueOn: "2026-12-09",
    };
    const first = promiseAtRisk(detail);
    const stored = prior({ eventKey: first.eventKey, resolvedAt: at("2026-12-08T00:00:00Z") });
    expect(decideRaise(first, [stored], at("2026-12-08T01:00:00Z"))).toEqual({ action: "skip" });
    const moved = promiseAtRisk({ ...detail, dueOn: "2026-12-16" });
    expect(moved.subject).toBe(first.subject);
    expect(decideRaise(moved, [stored], at("2026-12-14T01:00:00Z"))).toEqual({ action: "open" });
  });
});

describe("clearedAlerts", () => {
  const open = [
    { id: "1", kind: "promise_at_risk" as AlertKind, subject: "promise:L1" },
    { id: "2", kind: "promise_at_risk" as AlertKind, subject: "promise:L2" },
    { id: "3", kind: "cap_reached" as AlertKind, subject: "cap:V1" },
  ];
  it.each<[string, AlertKind[], string[], string[]]>([
    ["both still at risk", ["promise_at_risk"], ["promise:L1", "promise:L2"], []],
    ["L2 shipped", ["promise_at_risk"], ["promise:L1"], ["2"]],
    ["kinds not checked stay open", ["promise_at_risk", "legal_deadline"], [], ["1", "2"]],
  ])("%s", (_name, kinds, current, cleared) => {
    expect(clearedAlerts(open, kinds, new Set(current))).toEqual(cleared);
  });
});

describe("digestSlot", () => {
  it.each<[string, string, number, { due: boolean; day: string }]>([
    [
      "07:59 in New York is before an 8 o'clock digest",
      "2026-12-07T12:59:00Z",
      8,
      { due: false, day: "2026-12-07" },
    ],
    ["08:00 in New York", "2026-12-07T13:00:00Z", 8, { due: true, day: "2026-12-07" }],
    ["late evening stays due, same day", "2026-12-08T04:30:00Z", 8, { due: true, day: "2026-12-07" }],
    [
      "after midnight: the next day, not yet due",
      "2026-12-08T05:30:00Z",
      8,
      { due: false, day: "2026-12-08" },
    ],
    ["hour 0 is due at once", "2026-12-08T05:30:00Z", 0, { due: true, day: "2026-12-08" }],
  ])("%s", (_name, now, hour, expected) => {
    expect(digestSlot(at(now), "America/New_York", hour)).toEqual(expected);
  });

  it("reads the shop's zone, not the server's", () => {
    expect(digestSlot(at("2026-12-07T07:30:00Z"), "Europe/Berlin", 8)).toEqual({
      due: true,
      day: "2026-12-07",
    });
    expect(digestSlot(at("2026-12-07T07:30:00Z"), "Asia/Tokyo", 17)).toEqual({
      due: false,
      day: "2026-12-07",
    });
  });
});

describe("grouping and choosing what an email carries", () => {
  const a = (kind: AlertKind, iso: string, dismissed = false) => ({
    kind,
    detectedAt: at(iso),
    dismissedAt: dismissed ? at(iso) : null,
    id: `${kind}@${iso}`,
  });
  it("groups by kind in a fixed order, oldest first", () => {
    const groups = groupByKind([
      a("webhook_dead", "2026-12-07T10:00:00Z"),
      a("cap_reached", "2026-12-07T11:00:00Z"),
      a("cap_reached", "2026-12-07T09:00:00Z"),
    ]);
    expect(groups.map((g) => [g.kind, g.alerts.map((x) => x.id)])).toEqual([
      ["cap_reached", ["cap_reached@2026-12-07T09:00:00Z", "cap_reached@2026-12-07T11:00:00Z"]],
      ["webhook_dead", ["webhook_dead@2026-12-07T10:00:00Z"]],
    ]);
  });
  it("leaves out kinds turned off and alerts already dismissed", () => {
    const kinds = { ...DEFAULT_ALERT_SETTINGS.kinds, legal_deadline: false };
    const { send, skip } = alertsToSend(
      [
        a("cap_reached", "2026-12-07T09:00:00Z"),
        a("legal_deadline", "2026-12-07T09:00:00Z"),
        a("webhook_dead", "2026-12-07T09:00:00Z", true),
      ],
      kinds,
    );
    expect(send.map((x) => x.kind)).toEqual(["cap_reached"]);
    expect(skip.map((x) => x.kind)).toEqual(["legal_deadline", "webhook_dead"]);
  });
});

describe("alertEmail", () => {
  const capAlert = {
    ...cap("2026-12-07T09:00:00Z"),
    detectedAt: at("2026-12-07T09:00:00Z"),
    resolvedAt: null,
  };
  const law = {
    ...legalDeadline({
      lineItemId: "L1",
      orderId: "O1",
      orderName: "#1001",
      title: "Boot <b>",
      units: 2,
      jurisdiction: "US",
      shipBy: "2026-12-09",
      daysLeft: 2,
      action: "send_delay_notice",
    }),
    detectedAt: at("2026-12-07T10:00:00Z"),
    resolvedAt: null,
  };
  it("one alert sent at once names its kind", () => {
    const mail = alertEmail({
      shopName: "Demo",
      alerts: [capAlert],
      digestDay: null,
      adminUrl: "https://x/alerts",
      locale: "en",
    });
    expect(mail.subject).toBe("Waitwell alert for Demo: Backorder cap reached");
    expect(mail.text).toContain("Jacket XL (J-XL): 3 waiting, the cap of 3 is reached");
    expect(mail.text).toContain("https://x/alerts");
  });
  it("a digest lists every alert under its kind, escaped in HTML", () => {
    const mail = alertEmail({
      shopName: "Demo",
      alerts: [law, capAlert],
      digestDay: "2026-12-07",
      adminUrl: "u",
      locale: "en",
    });
    expect(mail.subject).toBe("Waitwell daily alerts for Demo, 7 Dec 2026: 2 alerts");
    expect(mail.text.indexOf("Backorder cap reached")).toBeLessThan(
      mail.text.indexOf("Legal shipping deadlines"),
    );
    expect(mail.text).toContain(
      "#1001, Boot <b> × 2: US ship-by 9 Dec 2026 (in 2 days), send the delay notice",
    );
    expect(mail.html).toContain("Boot &lt;b&gt;");
    expect(mail.html).not.toContain("Boot <b>");
  });

  // The same alerts in each language the alert settings offer: subject, the alert's line, what to do, the link.
  it.each([
    [
      "fr",
      "Alertes Waitwell du jour pour Demo, 7 déc. 2026 : 2 alertes",
      "#1001, Boot <b> × 2 : US, expédition au plus tard le 9 déc. 2026 (dans 2 jours), envoyer l'avis de retard",
      "Jacket XL (J-XL) : 3 en attente, le plafond de 3 est atteint",
      "Ouvrir les alertes dans Waitwell : u",
    ],
    [
      "de",
      "Tägliche Waitwell-Warnungen für Demo, 7. Dez. 2026: 2 Warnungen",
      "#1001, Boot <b> × 2: US, Versand bis 9. Dez. 2026 (in 2 Tagen), Verzögerungsmitteilung senden",
      "Jacket XL (J-XL): 3 wartend, die Obergrenze von 3 ist erreicht",
      "Warnungen in Waitwell öffnen: u",
    ],
    [
      "es",
      "Alertas diarias de Waitwell para Demo, 7 dic 2026: 2 alertas",
      "#1001, Boot <b> × 2: US, envío a más tardar el 9 dic 2026 (en 2 días), enviar el aviso de retraso",
      "Jacket XL (J-XL): 3 en espera, se alcanzó el tope de 3",
      "Abrir las alertas en Waitwell: u",
    ],
  ] as const)("a digest in %s", (locale, subject, lawLine, capLine, link) => {
    const mail = alertEmail({
      shopName: "Demo",
      alerts: [law, capAlert],
      digestDay: "2026-12-07",
      adminUrl: "u",
      locale,
    });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(lawLine);
    expect(mail.text).toContain(capLine);
    expect(mail.text).toContain(ALERT_EMAIL_TEXT[locale].actions.legal_deadline);
    expect(mail.text.endsWith(link)).toBe(true);
    expect(mail.html).toContain(`<html lang="${locale}">`);
  });

  it.each([
    ["en", 1, "Waitwell alert for Demo: Backorder cap reached"],
    ["en", 2, "Waitwell alerts for Demo: 2 alerts"],
    ["fr", 2, "Alertes Waitwell pour Demo : 2 alertes"],
  ] as const)("sent at once in %s, %i alert(s)", (locale, n, subject) => {
    const alerts = n === 1 ? [capAlert] : [capAlert, law];
    expect(alertEmail({ shopName: "Demo", alerts, digestDay: null, adminUrl: "u", locale }).subject).toBe(
      subject,
    );
  });

  it("every language names every kind, its action and every legal action", () => {
    const keys = (o: object) => Object.keys(o).sort();
    for (const words of Object.values(ALERT_EMAIL_TEXT)) {
      expect(keys(words)).toEqual(keys(ALERT_EMAIL_TEXT.en));
      expect(keys(words.headings)).toEqual(keys(ALERT_EMAIL_TEXT.en.headings));
      expect(keys(words.actions)).toEqual(keys(ALERT_EMAIL_TEXT.en.actions));
      expect(keys(words.legalActions)).toEqual(keys(ALERT_EMAIL_TEXT.en.legalActions));
    }
  });
});

describe("validateAlertSettings", () => {
  it.each<[string, Partial<typeof DEFAULT_ALERT_SETTINGS>, string[]]>([
    ["the defaults", {}, []],
    ["two good addresses", { recipients: ["ops@shop.example", "me@shop.example"] }, []],
    ["not an address", { recipients: ["ops@shop"] }, ["alerts.recipients.0"]],
    ["a duplicate", { recipients: ["a@b.co", "A@b.co"] }, ["alerts.recipients"]],
    ["hour 24", { digestHour: 24 }, ["alerts.digestHour"]],
  ])("%s", (_name, patch, fields) => {
    expect(validateAlertSettings({ ...DEFAULT_ALERT_SETTINGS, ...patch }).map((p) => p.field)).toEqual(
      fields,
    );
  });
});
