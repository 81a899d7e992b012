/**
 * The inbox list's keyset cursor, the last row's (receivedAt, id), opaque to the client: one format for every inbox
 * repository, so a cursor means the same thing whatever the storage.
 */
import { ValidationError } from "../errors.js";

export function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt.getTime(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === "string"
    ) {
      return { receivedAt: new Date(value[0] as number), id: value[1] };
    }
  } catch {
    // not base64url JSON: reported below
  }
  throw new ValidationError("cursor: not a cursor returned by this API", { field: "cursor" });
}
