import { GraphQLError } from "graphql";

/**
 * Relay connections as Shopify serves them: `first`/`after` or `last`/`before`, optional `reverse`, `edges`,
 * `nodes` and `pageInfo`. Items arrive sorted ascending by their sort key; cursors are opaque base64 JSON holding
 * that key ({"last_id":…,"last_value":…}), so a cursor stays valid when objects are added.
 */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortKey = readonly [number | string, number];

export interface Connection<V> {
  __typename?: string;
  edges: { cursor: string; node: V }[];
  nodes: V[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** Shopify's page size limit (https://shopify.dev/docs/api/usage/pagination-graphql). */
export const MAX_PAGE_SIZE = 250;

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify({ last_id: key[1], last_value: key[0] })).toString("base64");
}

function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    if (
      typeof parsed.last_id === "number" &&
      (typeof parsed.last_value === "number" || typeof parsed.last_value === "string")
    ) {
      return [parsed.last_value, parsed.last_id];
    }
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: "BAD_REQUEST" },
  });
}

function compare(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

function checkCount(name: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (value < 0)
    throw new GraphQLError(`\`${name}\` must be greater than or equal to 0`, {
      extensions: { code: "BAD_REQUEST" },
    });
  if (value > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The \`${name}\` argument must be at most ${MAX_PAGE_SIZE}.`, {
      extensions: { code: "BAD_REQUEST" },
    });
  }
}

/** First logical index whose key satisfies `pred`, assuming pred is monotonic along the logical order. */
function lowerBound(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function connection<T, V>(
  items: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => SortKey,
  view: (item: T) => V,
  filter?: (item: T) => boolean,
): Connection<V> {
  const { first, last } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined)) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  checkCount("first", first);
  checkCount("last", last);
  const n = items.length;
  const dir = args.reverse ? -1 : 1;
  const at = (p: number): T => items[dir === 1 ? p : n - 1 - p]!;
  const cmpAt = (p: number, k: SortKey): number => compare(keyOf(at(p)), k) * dir;
  const start = args.after ? lowerBound(n, (p) => cmpAt(p, decodeCursor(args.after!)) > 0) : 0;
  const end = args.before ? lowerBound(n, (p) => cmpAt(p, decodeCursor(args.before!)) >= 0) : n;
  const matches = (p: number): boolean => !filter || filter(at(p));

  let selected: number[] = [];
  let hasNextPage = false;
  let hasPreviousPage = false;
  if (first !== null && first !== undefined) {
    for (let p = start; p < end; p++) {
      if (!matches(p)) continue;
      if (selected.length === first) {
        hasNextPage = true;
        break;
      }
      selected.push(p);
    }
    for (let p = start - 1; p >= 0 && !hasPreviousPage; p--) hasPreviousPage = matches(p);
    if (last !== null && last !== undefined && selected.length > last) {
      hasPreviousPage = true;
      selected = selected.slice(selected.length - last);
    }
  } else {
    const want = last!;
    for (let p = end - 1; p >= start; p--) {
      if (!matches(p)) continue;
      if (selected.length === want) {
        hasPreviousPage = true;
        break;
      }
      selected.push(p);
    }
    selected.reverse();
    for (let p = end; p < n && !hasNextPage; p++) hasNextPage = matches(p);
  }
  const edges = selected.map((p) => {
    const item = at(p);
    return { cursor: encodeCursor(keyOf(item)), node: view(item) };
  });
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Connections over small fixed lists (an order's line items): id order, no search. */
export function listConnection<T extends { id: number }, V>(
  items: readonly T[],
  args: ConnectionArgs,
  view: (item: T) => V,
  filter?: (item: T) => boolean,
): Connection<V> {
  return connection(items, args, (i) => [i.id, i.id], view, filter);
}
