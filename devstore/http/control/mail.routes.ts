import { Router, type Response } from "express";
import { DevStoreError } from "../../model/errors.js";
import type { Mailbox, MailMessage } from "../../mail/mailbox.js";
import { param } from "./input.js";

/**
 * The local mailbox: every email the app sent to the dev store's SMTP server. JSON for tests
 * (`GET /mail?to=`, `DELETE /mail`) and pages for a person (`/mailbox?to=`, `/mailbox/:id`).
 */
export function mailRoutes(mailbox: Mailbox | undefined): Router {
  const router = Router();
  const box = (): Mailbox => {
    if (!mailbox) throw new DevStoreError("the local mailbox is off in this dev store", 404);
    return mailbox;
  };
  const toOf = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

  router.get("/mail", (req, res) => {
    res.json({ messages: box().list(toOf(req.query.to)).map(json) });
  });

  router.delete("/mail", (_req, res) => {
    box().clear();
    res.json({ ok: true });
  });

  router.get("/mailbox", (req, res) => {
    const to = toOf(req.query.to);
    sendPage(res, to ? `Mail for ${to}` : "Mailbox", listPage(box().list(to), to));
  });

  router.get("/mailbox/:id", (req, res) => {
    const message = messageOf(box(), param(req, "id"));
    sendPage(res, message.subject || "(no subject)", messagePage(message));
  });

  router.get("/mailbox/:id/html", (req, res) => {
    const message = messageOf(box(), param(req, "id"));
    // The email's own HTML, shown in a sandboxed frame: no scripts, no same-origin access. Its links open in a new
    // tab, as a mail client opens them (a popup that leaves the sandbox, so the linked page works normally).
    res
      .set("Content-Security-Policy", `sandbox ${LINKS_OPEN}; script-src 'none'`)
      .type("html")
      .send(linksInNewTab(message.html ?? `<pre>${escape(message.text)}</pre>`));
  });

  return router;
}

const LINKS_OPEN = "allow-popups allow-popups-to-escape-sandbox";

/** `<base target="_blank">` in the head (after a doctype, so the document keeps its mode). */
function linksInNewTab(html: string): string {
  const base = `<base target="_blank">`;
  const head = /<head\b[^>]*>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + base + html.slice(doctype[0].length) : base + html;
}

function json(m: MailMessage) {
  return { id: m.id, to: m.to, from: m.from, subject: m.subject, text: m.text, html: m.html, date: m.date };
}

function messageOf(mailbox: Mailbox, id: string): MailMessage {
  const message = /^\d+$/.test(id) ? mailbox.get(Number(id)) : undefined;
  if (!message) throw new DevStoreError(`no message ${id} in the mailbox`, 404);
  return message;
}

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendPage(res: Response, title: string, body: string): void {
  res.type("html").send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · dev store</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
  iframe { width: 100%; height: 70vh; border: 1px solid #ccc; } dt { font-weight: 600; } .muted { color: #555; }
</style></head>
<body>${body}</body></html>`);
}

function listPage(messages: MailMessage[], to: string | undefined): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td><a href="/_devstore/mailbox/${m.id}">${escape(m.subject || "(no subject)")}</a></td>` +
        `<td>${escape(m.to)}</td><td><time datetime="${m.date}">${escape(m.date)}</time></td></tr>`,
    )
    .join("\n");
  return `<h1>${to ? `Mail for ${escape(to)}` : "Mailbox"}</h1>
<form method="get" action="/_devstore/mailbox"><label>Address <input name="to" type="email" value="${escape(to ?? "")}"></label>
<button>Show</button> <a href="/_devstore/mailbox">All mail</a></form>
${
  messages.length === 0
    ? `<p class="muted">No messages${to ? ` for ${escape(to)}` : ""} yet.</p>`
    : `<table><thead><tr><th>Subject</th><th>To</th><th>Received</th></tr></thead><tbody>
${rows}
</tbody></table>`
}`;
}

function messagePage(m: MailMessage): string {
  return `<p><a href="/_devstore/mailbox?to=${encodeURIComponent(m.to.split(",")[0] ?? "")}">← Mail for ${escape(m.to)}</a></p>
<h1>${escape(m.subject || "(no subject)")}</h1>
<dl><dt>From</dt><dd>${escape(m.from ?? "")}</dd><dt>To</dt><dd>${escape(m.to)}</dd><dt>Received</dt><dd>${escape(m.date)}</dd></dl>
<iframe title="Message" sandbox="${LINKS_OPEN}" src="/_devstore/mailbox/${m.id}/html"></iframe>
<details><summary>Text version</summary><pre>${escape(m.text)}</pre></details>`;
}
