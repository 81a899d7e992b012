import type { AddressObject } from "mailparser";

/** One message as the mailbox keeps it: what a person would see in their inbox. */
export interface MailMessage {
  id: number;
  /** The recipients, as one string: "ada@example.com" or "ada@example.com, bob@example.com". */
  to: string;
  from: string | null;
  subject: string;
  text: string;
  html: string | null;
  /** When the dev store received it (ISO 8601). */
  date: string;
}

/** The parsed parts of an email the mailbox stores; smtp.ts fills it from mailparser. */
export interface IncomingMail {
  envelopeTo: string[];
  to?: AddressObject | AddressObject[] | undefined;
  cc?: AddressObject | AddressObject[] | undefined;
  from?: AddressObject | undefined;
  subject?: string | undefined;
  text?: string | undefined;
  html?: string | false | undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.flatMap((v) => (v.address ? [v.address.toLowerCase()] : [])));
}

/**
 * Every email sent to the dev store's SMTP server, kept in memory in arrival order (local mode's stand-in for the
 * shoppers' inboxes). Nothing is dropped until `clear()`.
 */
export class Mailbox {
  private readonly messages: { message: MailMessage; recipients: Set<string> }[] = [];
  private nextId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(mail: IncomingMail): MailMessage {
    const headerTo = addresses(mail.to);
    const recipients = new Set([
      ...headerTo,
      ...addresses(mail.cc),
      ...mail.envelopeTo.map((a) => a.toLowerCase()),
    ]);
    const message: MailMessage = {
      id: this.nextId++,
      to: (headerTo.length > 0 ? headerTo : [...recipients]).join(", "),
      from: mail.from?.value[0]?.address ?? null,
      subject: mail.subject ?? "",
      text: mail.text ?? "",
      html: typeof mail.html === "string" ? mail.html : null,
      date: this.now().toISOString(),
    };
    this.messages.push({ message, recipients });
    return message;
  }

  /** Messages for an address (To, Cc or envelope; any case), or all of them; oldest first. */
  list(to?: string): MailMessage[] {
    const address = to?.trim().toLowerCase();
    return this.messages.filter((m) => !address || m.recipients.has(address)).map((m) => m.message);
  }

  get(id: number): MailMessage | undefined {
    return this.messages.find((m) => m.message.id === id)?.message;
  }

  clear(): void {
    this.messages.length = 0;
  }
}
