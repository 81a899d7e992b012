import { resolveAllocationRules, tagRank, waitingUnits } from "../../domain/backorder/index.js";
import type { BackorderRepository } from "../backorder/ports.js";
import type { ShopDomain, ShopRepository, ShopSettings } from "../ports.js";
import { shopSettingsOf } from "../shop-settings.js";
import type { WaitingLine, WaitingLineSource } from "./ports.js";

/** Lines with units that wait for stock. */
const WAITING_STATUSES = ["backordered", "partially_allocated"] as const;

/**
 * The engine's stored lines, seen as the queues the ETA engine needs: units still waiting (quantity − in stock −
 * allocated) of the variants asked, each line ranked as the engine hands out arriving stock (staff priority, then
 * the shop's priority tags, then order time; sync-variants.ts queueOrder sorts on it).
 */
export function engineWaitingLines(deps: {
  backorders: Pick<BackorderRepository, "openLinesOfVariants">;
  shops: Pick<ShopRepository, "get">;
}): WaitingLineSource {
  return {
    async waitingLines(shop: ShopDomain, variantIds: string[], known?: ShopSettings): Promise<WaitingLine[]> {
      if (variantIds.length === 0) return [];
      const [lines, settings] = await Promise.all([
        deps.backorders.openLinesOfVariants(shop, [...new Set(variantIds)], [...WAITING_STATUSES]),
        known ?? shopSettingsOf(deps.shops, shop),
      ]);
      const { priorityTags } = resolveAllocationRules(settings.allocation);
      const result: WaitingLine[] = [];
      for (const line of lines) {
        const waiting = waitingUnits(line);
        if (waiting <= 0) continue;
        result.push({
          lineItemId: line.lineItemId,
          orderId: line.orderId,
          variantId: line.variantId,
          orderCreatedAt: new Date(line.orderCreatedAt),
          priority: line.priority,
          // As the engine ranks them (domain/backorder/decide.ts): a staff priority outranks every tag.
          tagRank: line.priority === null ? tagRank(line, priorityTags) : 0,
          waiting,
        });
      }
      return result;
    },
  };
}
