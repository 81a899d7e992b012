import nodemailer, { type SendMailOptions } from "nodemailer";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { startDevStore, type RunningDevStore } from "../server.js";

const running: RunningDevStore[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.close();
});

async function devStore(mail?: false) {
  const d = await startDevStore({
    apps: [{ apiKey: "k", apiSecret: "s", appUrl: "http://127.0.0.1:9", appTomlPath: "shopify.app.toml" }],
    storefront: false,
    ...(mail === false ? { mail: false as const } : {}),
  });
  running.push(d);
  return d;
}

async function send(smtpUrl: string, messages: SendMailOptions[]) {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    for (const m of messages)
      await transport.sendMail({ from: "Waitwell Demo <orders@waitwell.test>", ...m });
  } finally {
    transport.close();
  }
}

describe("the local mailbox", () => {
  it("keeps every message sent over SMTP and lists them per address, newest last", async () => {
    const d = await devStore();
    expect(d.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    await send(d.smtpUrl!, [
      {
        to: "Ada <ada@example.com>",
        subject: "Your order is confirmed",
        text: "Ships 2026-04-01",
        html: "<p>Ships <b>2026-04-01</b></p>",
      },
      { to: "bob@example.com", subject: "Hello Bob", text: "hi" },
      { to: "ADA@example.com", subject: "Your order is delayed", text: "Now 2026-04-15" },
    ]);
    const http = request(d.url);
    const ada = (await http.get("/_devstore/mail?to=Ada@Example.com")).body;
    expect(ada.messages.map((m: { subject: string }) => m.subject)).toEqual([
      "Your order is confirmed",
      "Your order is delayed",
    ]);
    expect(ada.messages[0]).toMatchObject({
      to: "ada@example.com",
      subject: "Your order is confirmed",
      text: "Ships 2026-04-01",
      html: "<p>Ships <b>2026-04-01</b></p>",
    });
    expect(Date.parse(ada.messages[0].date)).not.toBeNaN();
    const all = (await http.get("/_devstore/mail")).body.messages;
    expect(all).toHaveLength(3);
    expect(all[1]).toMatchObject({ to: "bob@example.com", html: null });
  });

  it("shows a person's messages as pages (subject, to, date; one message's HTML in a sandboxed frame)", async () => {
    const d = await devStore();
    await send(d.smtpUrl!, [
      {
        to: "ada@example.com",
        subject: "Ready to ship <soon>",
        html: "<h1>Good news</h1><script>alert(1)</script>",
      },
    ]);
    const http = request(d.url);
    const list = await http.get("/_devstore/mailbox?to=ada@example.com");
    expect(list.status).toBe(200);
    expect(list.type).toBe("text/html");
    expect(list.text).toContain("Ready to ship &#60;soon&#62;");
    expect(list.text).toContain("ada@example.com");
    const id = (await http.get("/_devstore/mail")).body.messages[0].id;
    expect(list.text).toContain(`/_devstore/mailbox/${id}`);
    const page = await http.get(`/_devstore/mailbox/${id}`);
    expect(page.text).toContain(
      `<iframe title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/_devstore/mailbox/${id}/html">`,
    );
    const html = await http.get(`/_devstore/mailbox/${id}/html`);
    expect(html.text).toContain("<h1>Good news</h1>");
    expect(html.headers["content-security-policy"]).toMatch(
      /^sandbox allow-popups allow-popups-to-escape-sandbox;/,
    );
    // Its links open in a new tab, as in a mail client.
    expect(html.text.startsWith('<base target="_blank"><h1>Good news</h1>')).toBe(true);
    expect((await http.get("/_devstore/mailbox/999")).status).toBe(404);
    const empty = await http.get("/_devstore/mailbox?to=nobody@example.com");
    expect(empty.text).toContain("No messages for nobody@example.com yet.");
  });

  it("DELETE /_devstore/mail clears it", async () => {
    const d = await devStore();
    await send(d.smtpUrl!, [{ to: "ada@example.com", subject: "x", text: "y" }]);
    const http = request(d.url);
    expect((await http.delete("/_devstore/mail")).body).toEqual({ ok: true });
    expect((await http.get("/_devstore/mail")).body).toEqual({ messages: [] });
  });

  it("is off with mail: false", async () => {
    const d = await devStore(false);
    expect(d.smtpUrl).toBeNull();
    const res = await request(d.url).get("/_devstore/mail");
    expect(res.status).toBe(404);
  });
});
