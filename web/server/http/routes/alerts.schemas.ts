import { z } from "zod";
import { ALERT_KINDS, ALERT_LIMITS } from "../../domain/alerts/settings.js";
import { MESSAGE_LOCALES } from "../../domain/customer-care/messages.js";

/**
 * The merchant alerts' API shapes (/api/alerts): the routes validate with these schemas and the admin's types come
 * from them (web/frontend/api/alerts-api.ts).
 */
export const alertSettingsBody = z.strictObject({
  kinds: z.strictObject(
    Object.fromEntries(ALERT_KINDS.map((k) => [k, z.boolean()])) as Record<
      (typeof ALERT_KINDS)[number],
      z.ZodBoolean
    >,
  ),
  recipients: z.array(z.string().max(ALERT_LIMITS.emailLength)).max(ALERT_LIMITS.recipients),
  delivery: z.enum(["immediate", "digest"]),
  digestHour: z.number().int().min(0).max(23),
  /** Absent (a client from before the setting): English, as the emails were. */
  language: z.enum(MESSAGE_LOCALES).default("en"),
});
export type AlertSettingsBody = z.infer<typeof alertSettingsBody>;

export const alertsQuery = z.object({ dismissed: z.enum(["0", "1"]).default("0") });
export const alertParams = z.object({ id: z.string().min(1).max(64) });
export const alertAction = z.enum(["acknowledge", "dismiss"]);

/** One alert as the admin lists it. */
export interface AlertView {
  id: string;
  kind: (typeof ALERT_KINDS)[number];
  detail: Record<string, unknown>;
  detectedAt: string;
  resolvedAt: string | null;
  emailedAt: string | null;
  acknowledgedAt: string | null;
  dismissedAt: string | null;
}
