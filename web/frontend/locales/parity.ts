/** Checks that two catalogues hold the same messages: same keys, and the same `{placeholders}` in each message. */

export interface ParityProblem {
  key: string;
  problem: "missing" | "extra" | "not a string" | "placeholders differ" | "empty";
  detail?: string;
}

/** Every message of a catalogue by its dotted key ("page.count.one"). */
export function leaves(node: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof node === "object" && node !== null && !Array.isArray(node)) {
    for (const [name, child] of Object.entries(node)) leaves(child, prefix ? `${prefix}.${name}` : name, out);
  } else {
    out.set(prefix, node);
  }
  return out;
}

export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""))].sort();
}

/** What `other` gets wrong against `reference` (English); empty when they match. */
export function compareCatalogs(reference: unknown, other: unknown): ParityProblem[] {
  const expected = leaves(reference);
  const actual = leaves(other);
  const problems: ParityProblem[] = [];
  for (const [key, message] of expected) {
    const translated = actual.get(key);
    if (!actual.has(key)) problems.push({ key, problem: "missing" });
    else if (typeof translated !== "string") problems.push({ key, problem: "not a string" });
    else if (translated.trim() === "") problems.push({ key, problem: "empty" });
    else if (typeof message === "string") {
      const want = placeholders(message).join(",");
      const got = placeholders(translated).join(",");
      if (want !== got)
        problems.push({ key, problem: "placeholders differ", detail: `{${want}} vs {${got}}` });
    }
  }
  for (const key of actual.keys()) if (!expected.has(key)) problems.push({ key, problem: "extra" });
  return problems;
}
