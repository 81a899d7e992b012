import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Mailbox } from "./mailbox.js";

export interface RunningSmtp {
  /** smtp://127.0.0.1:<port>: what the app's mailer takes as SMTP_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Largest message accepted (bytes); a bigger one is refused with SMTP 552. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * A local SMTP server that accepts every message (no auth, no TLS: it listens on loopback only) and files it in the
 * mailbox. A message the parser cannot read is refused, so the sender sees the failure instead of a lost email.
 */
export async function startSmtp(
  mailbox: Mailbox,
  opts: { port?: number; host?: string } = {},
): Promise<RunningSmtp> {
  const host = opts.host ?? "127.0.0.1";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Pooled senders (the app's nodemailer) keep connections open; closing does not wait on them for long.
    closeTimeout: 500,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mailbox.add({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            to: parsed.to,
            cc: parsed.cc,
            from: parsed.from,
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html,
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Errors after start (a client hanging up mid-message) concern that client only.
  server.on("error", () => undefined);
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
