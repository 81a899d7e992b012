import { SEARCH_ORDER_LIMIT } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { providerOf } from "../client.js";
import { Prisma } from "../generated/sqlite/client.js";
import { planSearch, type SearchPlan } from "./search-plan.js";
import type { SearchedTable } from "./search-sample.js";
import type { Ctx } from "./shared.js";

// The list's text search: a substring match on the stored, lower-cased "searchText" of lines (SKU, product and
// variant titles) and of orders (name, customer name and email).
//
// From 3 characters it can go through a trigram index (migration list_search_and_all_tab): SQLite's FTS5 trigram
// tables, PostgreSQL's pg_trgm GIN indexes. search-plan.ts picks, from a sample of the table, what the index is
// asked for (the term's rarest trigrams) or that the term is too common for it. The index's rows are candidates:
// at most `candidateLimit` + 1 are read, each is tested for the whole term, and a read that reaches the bound is
// dropped for the walk of the sort index, so the answer is the substring match's either way.

/** Candidate rows an index read stops at; past it, a walk of the sort index finds a page sooner. */
export const SEARCH_CANDIDATE_LIMIT = 10_000;

/** The term is in the row's "searchText" (exact, no pattern characters). */
export function textContains(ctx: Ctx, term: string): Prisma.Sql {
  return providerOf(ctx.db) === "sqlite"
    ? Prisma.sql`instr("searchText", ${term}) > 0`
    : Prisma.sql`strpos("searchText", ${term}) > 0`;
}

/** The ids of up to SEARCH_ORDER_LIMIT + 1 of the shop's orders whose name or customer contains `term`, by id. */
export async function ordersMatching(ctx: Ctx, shop: ShopDomain, term: string): Promise<string[]> {
  const matching = (from: Prisma.Sql) => Prisma.sql`SELECT "orderId" FROM ${from}
    WHERE "shop" = ${shop} AND ${textContains(ctx, term)} ORDER BY "orderId" LIMIT ${SEARCH_ORDER_LIMIT + 1}`;
  const plan = await planFor(ctx, "BackorderOrder", term);
  if (plan.kind === "index") {
    const rows = await ctx.db.$queryRaw<{ searchCandidates: unknown; orderId: string | null }[]>(
      Prisma.sql`${candidates(ctx, "BackorderOrder", plan.parts)}
        SELECT * FROM "n" LEFT JOIN (${matching(Prisma.raw(`"c"`))}) "p" ON TRUE ORDER BY "orderId"`,
    );
    if (!overflows(ctx, rows)) return rows.flatMap((r) => (r.orderId === null ? [] : [r.orderId]));
  }
  const rows = await ctx.db.$queryRaw<{ orderId: string }[]>(matching(Prisma.raw(`"BackorderOrder"`)));
  return rows.map((r) => r.orderId);
}

/**
 * The page of lines matching `term` or belonging to `orders` (those ordersMatching found) among those `where`
 * admits, in the `orderBy` order, up to `limit` rows; read from the candidates the index names, or null when the
 * plan says walk or the candidates reached the bound.
 */
export async function indexedLinePage(
  ctx: Ctx,
  q: { term: string; orders: string[]; where: Prisma.Sql[]; orderBy: string; limit: number },
): Promise<Record<string, unknown>[] | null> {
  const plan = await planFor(ctx, "BackorderLine", q.term);
  if (plan.kind === "scan") return null;
  const conditions = Prisma.join(q.where, " AND ");
  const contains = textContains(ctx, q.term);
  // Lines of a matched order are read by order id; those the text matches too are already candidates.
  const ofOrders =
    q.orders.length > 0
      ? Prisma.sql`UNION ALL SELECT * FROM "BackorderLine" WHERE ${conditions}
          AND "orderId" IN (${Prisma.join(q.orders)}) AND NOT (${contains})`
      : Prisma.empty;
  const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`${candidates(ctx, "BackorderLine", plan.parts)}
      SELECT * FROM "n" LEFT JOIN (SELECT * FROM "c" WHERE ${conditions} AND ${contains} ${ofOrders}
        ORDER BY ${Prisma.raw(q.orderBy)} LIMIT ${q.limit}) "p" ON TRUE`,
  );
  if (overflows(ctx, rows)) return null;
  return rows.filter((r) => r.lineItemId !== null && r.lineItemId !== undefined);
}

async function planFor(ctx: Ctx, table: SearchedTable, term: string): Promise<SearchPlan> {
  const { textSearch: search } = ctx;
  if (!search.index || Array.from(term).length < 3) return { kind: "scan" };
  const sample = await search.samples.of(ctx.db, table, ctx.clock.now().getTime());
  return planSearch(sample, term, search.candidateLimit, providerOf(ctx.db) === "sqlite" ? "any" : "word");
}

/**
 * `WITH` "c", the rows of `table` that the trigram index says may hold every one of `parts` (of every shop, at most
 * candidateLimit + 1), and "n", one row with their count as "searchCandidates".
 */
function candidates(ctx: Ctx, table: SearchedTable, parts: string[]): Prisma.Sql {
  const t = Prisma.raw(`"${table}"`);
  const bound = ctx.textSearch.candidateLimit + 1;
  if (providerOf(ctx.db) === "sqlite") {
    const fts = Prisma.raw(`"${table}Search"`);
    // The index's rowids first, then the rows by rowid: CROSS JOIN keeps that order.
    return Prisma.sql`WITH "f" AS MATERIALIZED
        (SELECT rowid AS "r" FROM ${fts} WHERE ${fts} MATCH ${parts.map(ftsPhrase).join(" AND ")} LIMIT ${bound}),
      "n" AS (SELECT count(*) AS "searchCandidates" FROM "f"),
      "c" AS (SELECT "t".* FROM "f" CROSS JOIN ${t} "t" ON "t".rowid = "f"."r")`;
  }
  const likes = parts.map((p) => Prisma.sql`"searchText" LIKE ${likeSubstring(p)} ESCAPE '\\'`);
  return Prisma.sql`WITH "c" AS MATERIALIZED (SELECT * FROM ${t} WHERE ${Prisma.join(likes, " AND ")} LIMIT ${bound}),
    "n" AS (SELECT count(*) AS "searchCandidates" FROM "c")`;
}

function overflows(ctx: Ctx, rows: { searchCandidates?: unknown }[]): boolean {
  return Number(rows[0]?.searchCandidates ?? 0) > ctx.textSearch.candidateLimit;
}

const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;
const likeSubstring = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;
