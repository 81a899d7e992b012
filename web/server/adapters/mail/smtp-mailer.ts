import nodemailer from "nodemailer";
import type { Mailer } from "../../use-cases/customer-care/ports.js";

/**
 * Email over SMTP with nodemailer (`SMTP_URL`, e.g. smtp://user:pass@host:587 or smtps://…:465). One pooled
 * transport per process; the provider's answer ("250 2.0.0 Ok: queued as …") is kept on the outbox row.
 */
export function createSmtpMailer(smtpUrl: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: String(info.messageId), response: String(info.response) };
    },
    close: () => transport.close(),
  };
}
