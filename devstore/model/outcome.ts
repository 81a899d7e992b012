/**
 * Expected refusals come back as values, shaped like Shopify's `userErrors` so the GraphQL layer can return them
 * as they are and the control API can turn them into a DevStoreError.
 */
export interface UserErrorRecord {
  field: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; userErrors: UserErrorRecord[] };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(...userErrors: UserErrorRecord[]): Outcome<T> {
  return { ok: false, userErrors };
}

export function userError(
  field: (string | number)[] | null,
  message: string,
  code?: string | null,
): UserErrorRecord {
  return { field: field ? field.map(String) : null, message, code: code ?? null };
}
