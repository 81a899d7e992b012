/**
 * A real SMTP server in the test process (smtp-server), keeping every message it accepts parsed by mailparser:
 * Waitwell's nodemailer transport talks to it over TCP exactly as it would to a provider.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
}

export interface TestMailbox {
  url: string;
  messages: ReceivedMail[];
  /** Messages to an address, in arrival order. */
  to(address: string): ReceivedMail[];
  /** Refuse the next `n` messages with a 451 (a temporary provider failure). */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startTestMailbox(): Promise<TestMailbox> {
  const messages: ReceivedMail[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      if (refuse > 0) {
        refuse -= 1;
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Try again later"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : (mail.to?.text ?? "");
          messages.push({
            to,
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            date: mail.date ?? new Date(),
          });
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    refuseNext: (n) => {
      refuse = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
