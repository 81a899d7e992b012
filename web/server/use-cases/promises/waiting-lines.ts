import { waitingUnits } from "../../domain/backorder/index.js";
import type { BackorderRepository } from "../backorder/ports.js";
import type { ShopDomain } from "../ports.js";
import type { WaitingLine, WaitingLineSource } from "./ports.js";

/** Lines with units that wait for stock. */
const WAITING_STATUSES = ["backordered", "partially_allocated"] as const;
const PAGE = 500;

/** The engine's stored lines, seen as the queues the ETA engine needs. */
export function engineWaitingLines(backorders: Pick<BackorderRepository, "listLines">): WaitingLineSource {
  return {
    async waitingLines(shop: ShopDomain, variantIds: string[]): Promise<WaitingLine[]> {
      const result: WaitingLine[] = [];
      for (const variantId of new Set(variantIds)) {
        let cursor: string | null = null;
        do {
          const page = await backorders.listLines(shop, {
            variantId,
            status: [...WAITING_STATUSES],
            limit: PAGE,
            ...(cursor ? { cursor } : {}),
          });
          for (const line of page.lines) {
            const waiting = waitingUnits(line);
            if (waiting <= 0) continue;
            result.push({
              lineItemId: line.lineItemId,
              orderId: line.orderId,
              variantId: line.variantId,
              orderCreatedAt: new Date(line.orderCreatedAt),
              priority: line.priority,
              waiting,
            });
          }
          cursor = page.nextCursor;
        } while (cursor !== null);
      }
      return result;
    },
  };
}
