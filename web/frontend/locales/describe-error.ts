import { ApiError } from "../api/client";
import { hasMessage, t } from "./t";

/**
 * The text to show for a failed request: the server's own message when it sent one (the API's messages are written
 * for merchants and never carry internals), otherwise our wording for what the client saw.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  if (error.fromServer) return error.message;
  const key = `errors.${error.code}`;
  return hasMessage(key) ? t(key, { status: error.status }) : t("errors.unexpected");
}
