/**
 * How the list's text search reads a table, decided from a sample of that table's search texts.
 *
 * A trigram index (SQLite's FTS5 trigram tables, PostgreSQL's pg_trgm GIN) answers "rows holding every trigram of X"
 * by reading one list of rows per trigram, so its cost is the length of those lists. A term such as "sku-00123"
 * holds trigrams that every row holds ("sku", "ku-") and rare ones ("123"): asked for the whole term, the index
 * reads a million-row list to find 500 rows. The plan asks it for the term's rarest trigrams only (as the substrings
 * they form) and leaves the exact test to the caller, a substring test on every candidate it gets back. A term most
 * rows hold is better found by walking the list's sort index, testing each row, until a page is full.
 *
 * Pure: the sample comes in, the plan goes out. A stale or small sample only costs time, never a wrong answer: the
 * index read is bounded and every candidate is tested (list.ts).
 */

/**
 * The trigrams of a sample of a table's rows. Only their hashes are kept, never the text, so a customer's name or
 * email does not outlive its erasure in a cached sample.
 */
export interface TrigramSample {
  /** Rows the table holds (an estimate: the sample is of the whole table, every shop). */
  rows: number;
  /** Each sampled row's distinct trigram hashes, ascending. */
  sets: Int32Array[];
  /** How many sampled rows hold each trigram hash. */
  docs: Map<number, number>;
}

export type SearchPlan =
  /** Walk the sort index and test each row. */
  | { kind: "scan" }
  /** Ask the trigram index for rows holding every one of `parts` (substrings of the term), then test those. */
  | { kind: "index"; parts: string[] };

/** Trigrams held by more than this share of rows are not asked for on their own: their lists are the table. */
export const COMMON_SHARE = 1 / 4;
/** The rarest this many trigrams of a term narrow it enough: more add list reads and seldom remove a candidate. */
export const PLAN_TRIGRAMS = 3;

/**
 * The hashes of the trigrams of `text`, as the trigram tokenizers cut them: every run of 3 characters (code
 * points), by where it starts.
 */
export function trigramHashes(text: string): number[] {
  const points: number[] = [];
  for (const ch of text) points.push(ch.codePointAt(0)!);
  const out: number[] = [];
  for (let at = 0; at + 3 <= points.length; at++)
    out.push(hashOf(points[at]!, points[at + 1]!, points[at + 2]!));
  return out;
}

export function sampleOf(texts: readonly string[], rows: number): TrigramSample {
  const docs = new Map<number, number>();
  const sets = texts.map((text) => {
    const set = distinctSorted(Int32Array.from(trigramHashes(text)));
    for (const h of set) docs.set(h, (docs.get(h) ?? 0) + 1);
    return set;
  });
  return { rows: Math.max(rows, texts.length), sets, docs };
}

/**
 * The plan for `term` (normalised, as searched) against a table whose sample is `sample`, when the index read
 * stops at `candidateLimit` rows (and the search then falls back to a walk).
 *
 * `index` says which trigrams the index can be asked for alone. "any": SQLite's FTS5 trigram tokenizer indexes
 * every 3 characters. "word": pg_trgm indexes the words of a text (runs of letters and digits) padded with spaces,
 * so only a part made of letters and digits is matched by the trigrams it holds; around a space or punctuation it
 * matches word beginnings and ends, which are common ("sk" begins every "sku").
 */
export function planSearch(
  sample: TrigramSample,
  term: string,
  candidateLimit: number,
  index: "any" | "word",
): SearchPlan {
  const trigrams = distinct(term);
  if (trigrams.length === 0) return { kind: "scan" };
  const estimate = (hashes: number[]) =>
    sample.sets.length === 0
      ? 0
      : (sample.sets.filter((set) => hashes.every((h) => holds(set, h))).length * sample.rows) /
        sample.sets.length;
  // Half the bound: the estimate is rough, and a read that hits the bound is wasted.
  const budget = candidateLimit / 2;
  if (estimate(trigrams.map((t) => t.hash)) > budget) return { kind: "scan" };
  const docs = (hash: number) => sample.docs.get(hash) ?? 0;
  const chosen = trigrams
    .filter((t) => (index === "any" || t.word) && docs(t.hash) <= sample.sets.length * COMMON_SHARE)
    .sort((a, b) => docs(a.hash) - docs(b.hash) || a.at - b.at)
    .slice(0, PLAN_TRIGRAMS);
  if (chosen.length === 0 || estimate(chosen.map((t) => t.hash)) > budget) {
    // Only common trigrams, or rare ones that appear together too often: the whole term, which the index matches
    // (nearly) exactly, reading every list of it.
    return { kind: "index", parts: [term] };
  }
  const starts = chosen.map((t) => t.at);
  return { kind: "index", parts: runsOf(term, starts) };
}

/** The substrings of `term` that the trigrams at `starts` form: trigrams at neighbouring starts join into one. */
function runsOf(term: string, starts: number[]): string[] {
  const chars = Array.from(term);
  const sorted = [...starts].sort((a, b) => a - b);
  const parts: string[] = [];
  let first = sorted[0]!;
  let last = first;
  for (const at of [...sorted.slice(1), Infinity]) {
    if (at === last + 1) {
      last = at;
      continue;
    }
    parts.push(chars.slice(first, last + 3).join(""));
    first = last = at;
  }
  return parts;
}

/** Each trigram of `term` once: where it first starts, and whether it is three letters or digits. */
function distinct(term: string): { hash: number; at: number; word: boolean }[] {
  const chars = Array.from(term);
  const seen = new Map<number, number>();
  trigramHashes(term).forEach((hash, at) => {
    if (!seen.has(hash)) seen.set(hash, at);
  });
  return [...seen].map(([hash, at]) => ({
    hash,
    at,
    word: chars.slice(at, at + 3).every((c) => WORD_CHAR.test(c)),
  }));
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function distinctSorted(values: Int32Array): Int32Array {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++)
    if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i]!;
  return values.subarray(0, n);
}

function holds(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** FNV-1a over the three code points: a collision only blurs an estimate. */
function hashOf(a: number, b: number, c: number): number {
  let h = 0x811c9dc5;
  h = Math.imul(h ^ a, 0x01000193);
  h = Math.imul(h ^ b, 0x01000193);
  return Math.imul(h ^ c, 0x01000193) | 0;
}
