import { lineSearchText, rejectDuplicates, writesOf } from "../../backorder-rows.js";
import { type DecisionChange } from "../../../use-cases/backorder/ports.js";
import { shippedAfterWaiting } from "../../../domain/backorder/index.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { Prisma } from "../generated/sqlite/client.js";
import { levelStatements } from "./mirrors.js";
import {
  ORDER_COLUMNS,
  WRITE_COLUMNS,
  DISPLAY_COLUMNS,
  HISTORY_COLUMNS,
  type Ctx,
  chunks,
  LINE_COLUMNS,
  toDate,
} from "./shared.js";
import {
  insertStatement,
  rowCount,
  rowsPerStatement,
  groupByDisplayFields,
  orderValues,
  upsertWrites,
  historyValues,
  lineValues,
} from "./statements.js";

// Saving the engine's decisions.
export async function saveDecision(ctx: Ctx, shop: ShopDomain, change: DecisionChange): Promise<void> {
  rejectDuplicates(change);
  const now = ctx.clock.now();
  // Every row is converted (and checked) before the first statement runs: a bad value anywhere writes nothing.
  const statements = [
    ...levelStatements(shop, change.levels ?? [], now),
    ...chunks(change.orders, rowsPerStatement(ORDER_COLUMNS.length)).map((chunk) =>
      insertStatement({
        table: "BackorderOrder",
        columns: ORDER_COLUMNS,
        rows: chunk.map((o) => orderValues(shop, o, now)),
        onConflict: { key: ["shop", "orderId"], keep: ["createdAt"] },
      }),
    ),
    ...linesAndHistoryStatements(ctx, shop, change, now),
    ...chunks(writesOf(change), rowsPerStatement(WRITE_COLUMNS.length)).map((chunk) =>
      upsertWrites(chunk.map((w) => [shop, w.kind, w.targetId, w.urgency, 1, now, now])),
    ),
  ];
  // One statement is atomic on its own: no transaction around it (a level update that moved no decision).
  if (statements.length <= 1) {
    if (statements[0]) await ctx.db.$executeRaw(statements[0]);
    return;
  }
  await ctx.db.$transaction(
    async (tx) => {
      for (const statement of statements) await tx.$executeRaw(statement);
    },
    // A restock over a huge queue writes every line it moves in this one transaction (100,000 lines ≈ a minute on
    // PostgreSQL here, BENCHMARKS.md): the time allowed grows with the rows, from 30 s.
    { maxWait: 10_000, timeout: Math.max(30_000, rowCount(change) * 2) },
  );
}

type Tx = Parameters<Parameters<Ctx["db"]["$transaction"]>[0]>[0];

/** A decision's lines and history, inside the caller's transaction (recordSyncs). */
export async function writeLinesAndHistory(
  tx: Tx,
  ctx: Ctx,
  shop: ShopDomain,
  change: Pick<DecisionChange, "lines" | "history">,
  now: Date,
): Promise<void> {
  for (const statement of linesAndHistoryStatements(ctx, shop, change, now)) await tx.$executeRaw(statement);
}

/** The statements that store a decision's lines and history (saveDecision, recordSyncs). */
function linesAndHistoryStatements(
  ctx: Ctx,
  shop: ShopDomain,
  change: Pick<DecisionChange, "lines" | "history">,
  now: Date,
): Prisma.Sql[] {
  const statements: Prisma.Sql[] = [];
  // Display fields left undefined keep what is stored (the engine passes lines without them), so lines are
  // written in groups of the display fields they carry.
  for (const [display, lines] of groupByDisplayFields(change.lines)) {
    // The search text follows the display fields when all of them come (it is made of them).
    const search = display.length === DISPLAY_COLUMNS.length ? (["searchText"] as const) : [];
    // orderedUnits: the units of the line's first record, kept on every later write (demand analytics).
    const columns = [...LINE_COLUMNS, "orderedUnits", ...display, ...search];
    for (const chunk of chunks(lines, rowsPerStatement(columns.length))) {
      statements.push(
        insertStatement({
          table: "BackorderLine",
          columns,
          rows: chunk.map((l) => [
            ...lineValues(shop, l, now),
            l.quantity,
            ...display.map((c) => l[c] ?? null),
            ...search.map(() => lineSearchText(l)),
          ]),
          onConflict: { key: ["shop", "lineItemId"], keep: ["createdAt", "orderedUnits"] },
        }),
      );
    }
  }
  // A line that waited and now shipped its last units: the day it shipped, for promise accuracy (set once).
  for (const shipped of change.history.filter(shippedAfterWaiting)) {
    statements.push(Prisma.sql`UPDATE "BackorderLine" SET "shippedAt" = ${toDate(shipped.at, "history.at")}
        WHERE "shop" = ${shop} AND "lineItemId" = ${shipped.lineItemId} AND "shippedAt" IS NULL`);
  }
  for (const chunk of chunks(change.history, rowsPerStatement(HISTORY_COLUMNS.length))) {
    statements.push(
      insertStatement({
        table: "LineHistory",
        columns: HISTORY_COLUMNS,
        rows: chunk.map((h) => historyValues(ctx.historyId(), shop, h)),
      }),
    );
  }
  return statements;
}
