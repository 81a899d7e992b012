/**
 * Text no database of ours can store: PostgreSQL refuses a NUL character in text, and Prisma's query protocol fails
 * on half of a UTF-16 surrogate pair (JSON's "\ud800"). Both arrive as JSON escapes, valid JSON that decodes to them.
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The text with each NUL and unpaired surrogate replaced by U+FFFD, as a UTF-8 decoder does with a bad byte. */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(UNSTORABLE_ALL, "\ufffd");
}

/**
 * Replaces, in place, every string of a JSON-shaped value (plain objects and arrays) that is not storable text with
 * its storableText. Iterative: nesting depth does not matter. Returns the value.
 */
export function makeTextStorable<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) continue;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === "string") {
        if (!isStorableText(child)) record[key] = storableText(child);
      } else if (typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return value;
}
