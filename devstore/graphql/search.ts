/**
 * A small subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax): `field:value`,
 * comparators (`:>`, `:>=`, `:<`, `:<=`), negation (`-field:value`, `NOT field:value`), `OR` between terms (AND
 * binds tighter; juxtaposition and `AND` mean AND), quoted values, a trailing `*` prefix match, `field:*` (exists)
 * and bare words (matched against a resource's default text). Unknown fields are ignored with a warning, as Shopify
 * does in `extensions.search`.
 */

export type FieldKind = "string" | "number" | "date" | "tags" | "enum";

export type FieldSpec<T> =
  | { kind: FieldKind; get: (item: T) => string | number | Date | null | readonly string[] }
  /** Fields with their own meaning (`status:open`, `sku:` over an order's lines). */
  | { kind: "custom"; match: (item: T, value: string) => boolean };

export interface SearchSpec<T> {
  fields: Record<string, FieldSpec<T>>;
  /** What a bare word matches (case-insensitive substring). */
  text: (item: T) => string;
}

export interface SearchWarning {
  field: string;
  message: string;
}

type Comparator = ":" | ":>" | ":>=" | ":<" | ":<=";

interface Term {
  negated: boolean;
  field: string | null;
  comparator: Comparator;
  value: string;
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    while (i < query.length && /\s/.test(query[i]!)) i++;
    if (i >= query.length) break;
    let token = "";
    while (i < query.length && !/\s/.test(query[i]!)) {
      const ch = query[i]!;
      if (ch === '"' || ch === "'") {
        const close = query.indexOf(ch, i + 1);
        const end = close === -1 ? query.length : close;
        token += query.slice(i + 1, end);
        i = end + 1;
      } else if (ch === "(" || ch === ")") {
        // Grouping is not supported; parentheses are ignored so simple queries still work.
        i++;
      } else {
        token += ch;
        i++;
      }
    }
    if (token) tokens.push(token);
  }
  return tokens;
}

function parseTerm(token: string, negated: boolean): Term {
  let neg = negated;
  let t = token;
  if (t.startsWith("-") && t.length > 1) {
    neg = !neg;
    t = t.slice(1);
  }
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)(:>=|:<=|:>|:<|:)(.*)$/.exec(t);
  if (!m) return { negated: neg, field: null, comparator: ":", value: t };
  return { negated: neg, field: m[1]!.toLowerCase(), comparator: m[2] as Comparator, value: m[3]! };
}

/** Parses into OR-groups of AND-ed terms. */
function parse(query: string): Term[][] {
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    groups[groups.length - 1]!.push(parseTerm(token, negateNext));
    negateNext = false;
  }
  return groups.filter((g) => g.length > 0);
}

function parseDate(value: string): { from: number; to: number } | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const from = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(from) ? null : { from, to: from + 86_400_000 };
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : { from: t, to: t + 1 };
}

function compareScalar(actual: number, comparator: Comparator, low: number, high: number): boolean {
  switch (comparator) {
    case ":":
      return actual >= low && actual < high;
    case ":>":
      return actual >= high;
    case ":>=":
      return actual >= low;
    case ":<":
      return actual < low;
    case ":<=":
      return actual < high;
  }
}

function matchString(actual: string, expected: string, comparator: Comparator): boolean {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  if (comparator !== ":")
    return comparator === ":>" ? a > e : comparator === ":>=" ? a >= e : comparator === ":<" ? a < e : a <= e;
  if (e.endsWith("*")) return a.startsWith(e.slice(0, -1));
  return a === e;
}

function matchTerm<T>(spec: FieldSpec<T>, term: Term, item: T): boolean {
  if (spec.kind === "custom") return spec.match(item, term.value);
  const actual = spec.get(item);
  if (term.value === "*")
    return actual !== null && actual !== "" && !(Array.isArray(actual) && actual.length === 0);
  if (actual === null) return false;
  switch (spec.kind) {
    case "tags":
      return (actual as readonly string[]).some((t) => matchString(t, term.value, ":"));
    case "number": {
      const n = Number(term.value);
      if (Number.isNaN(n)) return false;
      return compareScalar(
        actual as number,
        term.comparator,
        n,
        n + (Number.isInteger(n) ? 1 : Number.EPSILON),
      );
    }
    case "date": {
      const range = parseDate(term.value);
      if (!range) return false;
      return compareScalar((actual as Date).getTime(), term.comparator, range.from, range.to);
    }
    case "enum":
    case "string":
      return matchString(String(actual), term.value, term.comparator);
  }
}

export interface CompiledSearch<T> {
  predicate: ((item: T) => boolean) | undefined;
  warnings: SearchWarning[];
}

export function compileSearch<T>(query: string | null | undefined, spec: SearchSpec<T>): CompiledSearch<T> {
  if (!query || !query.trim()) return { predicate: undefined, warnings: [] };
  const warnings: SearchWarning[] = [];
  const groups = parse(query).map((terms) =>
    terms.filter((term) => {
      if (term.field === null || Object.hasOwn(spec.fields, term.field)) return true;
      warnings.push({ field: term.field, message: "Invalid search field for this query." });
      return false;
    }),
  );
  const usable = groups.filter((g) => g.length > 0);
  if (usable.length === 0) return { predicate: undefined, warnings };
  const predicate = (item: T): boolean =>
    usable.some((terms) =>
      terms.every((term) => {
        const hit =
          term.field === null
            ? spec.text(item).toLowerCase().includes(term.value.toLowerCase())
            : matchTerm(spec.fields[term.field]!, term, item);
        return term.negated ? !hit : hit;
      }),
    );
  return { predicate, warnings };
}
