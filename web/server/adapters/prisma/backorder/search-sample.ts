import { providerOf, type Db } from "../client.js";
import { Prisma } from "../generated/sqlite/client.js";
import { sampleOf, type TrigramSample } from "./search-plan.js";

/** The tables the list's text search reads, each with its stored lower-cased "searchText". */
export type SearchedTable = "BackorderLine" | "BackorderOrder";

/** Rows per sample: a trigram in 1 row of 400 still shows, and reading them costs a few milliseconds. */
export const SAMPLE_ROWS = 2000;
/** SQLite reads a sample as this many runs of RUN_ROWS neighbouring rowids. */
const SAMPLE_RUNS = 40;
const RUN_ROWS = SAMPLE_ROWS / SAMPLE_RUNS;
/** A sample is taken again after this long, so the plans follow what the shop sells and who buys it. */
export const SAMPLE_TTL_MS = 10 * 60_000;

/**
 * One process's samples of the searched tables (search-plan.ts). The first search of a table waits for its sample;
 * later ones use the last sample taken, and the first after it expires takes the next one in the background.
 */
export class SearchSamples {
  private readonly taken = new Map<SearchedTable, { atMs: number; sample: Promise<TrigramSample> }>();

  of(db: Db, table: SearchedTable, nowMs: number): Promise<TrigramSample> {
    const entry = this.taken.get(table);
    if (entry && nowMs - entry.atMs < SAMPLE_TTL_MS) return entry.sample;
    const next = readSample(db, table);
    if (!entry) {
      this.taken.set(table, { atMs: nowMs, sample: next });
      // A failed first read is not kept: the next search tries again.
      next.catch(() => {
        if (this.taken.get(table)?.sample === next) this.taken.delete(table);
      });
      return next;
    }
    entry.atMs = nowMs;
    next.then(
      (sample) => (entry.sample = Promise.resolve(sample)),
      () => (entry.atMs = 0),
    );
    return entry.sample;
  }
}

async function readSample(db: Db, table: SearchedTable): Promise<TrigramSample> {
  const t = Prisma.raw(`"${table}"`);
  const texts = async (sql: Prisma.Sql) =>
    (await db.$queryRaw<{ searchText: string }[]>(sql)).map((r) => r.searchText);
  if (providerOf(db) === "sqlite") {
    // Rowids run from 1 to about the row count (VACUUM renumbers them): random ones are a random sample.
    const [{ top } = { top: 0 }] = await db.$queryRaw<{ top: number | bigint | null }[]>(
      Prisma.sql`SELECT max(rowid) AS "top" FROM ${t}`,
    );
    const max = Number(top ?? 0);
    if (max <= SAMPLE_ROWS) {
      const all = await texts(Prisma.sql`SELECT "searchText" FROM ${t}`);
      return sampleOf(all, all.length);
    }
    // Runs of neighbouring rows: a few reads of whole pages rather than one random page per row.
    const runs = Array.from({ length: SAMPLE_RUNS }, () => {
      const first = 1 + Math.floor(Math.random() * (max - RUN_ROWS + 1));
      return Prisma.sql`SELECT "searchText" FROM ${t} WHERE rowid BETWEEN ${first} AND ${first + RUN_ROWS - 1}`;
    });
    const found = await texts(Prisma.join(runs, " UNION ALL "));
    return sampleOf(found, Math.round((max * found.length) / (SAMPLE_RUNS * RUN_ROWS)));
  }
  // PostgreSQL's row estimate (-1 before the table's first ANALYZE), then whole pages at random.
  const [{ estimate } = { estimate: -1 }] = await db.$queryRaw<{ estimate: number }[]>(
    Prisma.sql`SELECT reltuples::float8 AS "estimate" FROM pg_class WHERE oid = to_regclass(${`"${table}"`})`,
  );
  if (estimate < SAMPLE_ROWS * 2) {
    const first = await texts(Prisma.sql`SELECT "searchText" FROM ${t} LIMIT ${SAMPLE_ROWS}`);
    return sampleOf(first, Math.max(estimate, first.length));
  }
  const percent = Math.min(100, (100 * SAMPLE_ROWS) / estimate);
  const found = await texts(
    Prisma.sql`SELECT "searchText" FROM ${t} TABLESAMPLE SYSTEM (${percent}::float4)`,
  );
  return sampleOf(found, estimate);
}
