import { z } from "zod";
import { MESSAGE_LOCALES } from "../../domain/customer-care/messages.js";
import { MESSAGE_KINDS } from "../../domain/customer-care/settings.js";
import { gidParam } from "./parse.js";

export const templateParams = z.object({ kind: z.enum(MESSAGE_KINDS), locale: z.enum(MESSAGE_LOCALES) });

export const templateBody = z.object({
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(50_000),
});

export const previewBody = templateBody
  .partial()
  .refine((b) => (b.subject === undefined) === (b.body === undefined), {
    message: "give both subject and body (a draft), or neither (the saved template)",
  });

export const testSendBody = z.object({ to: z.email() });

export const settingsPatch = z
  .object({
    brandColor: z.string(),
    messages: z.object(Object.fromEntries(MESSAGE_KINDS.map((k) => [k, z.boolean()]))).partial(),
    law: z
      .object({
        jurisdictions: z.array(z.enum(["US", "EU", "UK"])),
        mode: z.enum(["automatic", "ask_me"]),
        transitDays: z.number().int(),
      })
      .partial(),
    swapPriceDifference: z.enum(["refund", "keep"]),
    linkValidityDays: z.number().int(),
    incentive: z
      .object({ enabled: z.boolean(), afterDays: z.number().int(), percentage: z.number().int() })
      .partial(),
  })
  .partial()
  .strict();

export const messagesQuery = z.object({
  orderId: gidParam("Order").optional(),
  status: z.enum(["pending", "sending", "sent", "failed", "suppressed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const tasksQuery = z.object({ open: z.enum(["true", "false"]).default("true") });
export const taskParams = z.object({ id: z.string().min(1) });
