import { type LineHistoryEntry } from "../../../domain/backorder/index.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { type Ctx, toHistory } from "./shared.js";

// A line's history.
export async function lineHistory(
  ctx: Ctx,
  shop: ShopDomain,
  lineItemId: string,
): Promise<LineHistoryEntry[]> {
  const rows = await ctx.db.lineHistory.findMany({
    where: { shop, lineItemId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return rows.map(toHistory);
}
