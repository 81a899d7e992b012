import { lineSearchText, rejectDuplicates, writesOf } from "../../backorder-rows.js";
import { type DecisionChange } from "../../../use-cases/backorder/ports.js";
import { shippedAfterWaiting } from "../../../domain/backorder/index.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
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
  // Rows are converted (and checked) just before each statement, inside the transaction: a bad value anywhere
  // rolls back what was already written.
  await ctx.db.$transaction(
    async (tx) => {
      for (const chunk of chunks(change.orders, rowsPerStatement(ORDER_COLUMNS.length))) {
        await tx.$executeRaw(
          insertStatement({
            table: "BackorderOrder",
            columns: ORDER_COLUMNS,
            rows: chunk.map((o) => orderValues(shop, o, now)),
            onConflict: { key: ["shop", "orderId"], keep: ["createdAt"] },
          }),
        );
      }
      await writeLinesAndHistory(tx, ctx, shop, change, now);
      const writes = writesOf(change);
      for (const chunk of chunks(writes, rowsPerStatement(WRITE_COLUMNS.length))) {
        await tx.$executeRaw(
          upsertWrites(chunk.map((w) => [shop, w.kind, w.targetId, w.urgency, 1, now, now])),
        );
      }
    },
    // A restock over a huge queue writes every line it moves in this one transaction (100,000 lines ≈ a minute on
    // PostgreSQL here, BENCHMARKS.md): the time allowed grows with the rows, from 30 s.
    { maxWait: 10_000, timeout: Math.max(30_000, rowCount(change) * 2) },
  );
}

type Tx = Parameters<Parameters<Ctx["db"]["$transaction"]>[0]>[0];

/** A decision's lines and history, inside the caller's transaction (saveDecision, recordSyncs). */
export async function writeLinesAndHistory(
  tx: Tx,
  ctx: Ctx,
  shop: ShopDomain,
  change: Pick<DecisionChange, "lines" | "history">,
  now: Date,
): Promise<void> {
  // Display fields left undefined keep what is stored (the engine passes lines without them), so lines are
  // written in groups of the display fields they carry.
  for (const [display, lines] of groupByDisplayFields(change.lines)) {
    // The search text follows the display fields when all of them come (it is made of them).
    const search = display.length === DISPLAY_COLUMNS.length ? (["searchText"] as const) : [];
    // orderedUnits: the units of the line's first record, kept on every later write (demand analytics).
    const columns = [...LINE_COLUMNS, "orderedUnits", ...display, ...search];
    for (const chunk of chunks(lines, rowsPerStatement(columns.length))) {
      await tx.$executeRaw(
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
    await tx.$executeRaw`UPDATE "BackorderLine" SET "shippedAt" = ${toDate(shipped.at, "history.at")}
        WHERE "shop" = ${shop} AND "lineItemId" = ${shipped.lineItemId} AND "shippedAt" IS NULL`;
  }
  for (const chunk of chunks(change.history, rowsPerStatement(HISTORY_COLUMNS.length))) {
    await tx.$executeRaw(
      insertStatement({
        table: "LineHistory",
        columns: HISTORY_COLUMNS,
        rows: chunk.map((h) => historyValues(ctx.historyId(), shop, h)),
      }),
    );
  }
}
