/**
 * The admin's view of backorder lines: lists (with their order's name and customer), a streamed export, one line
 * with its history, and the staff actions through the engine (staff.ts).
 */
import { waitingUnits, type LineHistoryEntry, type LineStatus } from "../../domain/backorder/index.js";
import type { LineItemGid } from "../../domain/shared/gid.js";
import type { Clock, ShopDomain, ShopRepository } from "../ports.js";
import type { AllocationPreview, PreviewTarget } from "./allocation-preview.js";
import { createBulkLineActions, type BulkAction, type BulkOutcome } from "./bulk-actions.js";
import { ordersById, requireLine } from "./line-reads.js";
import type { BackorderRepository, EngineOrder, LineFilter, StoredLine } from "./ports.js";
import type { StaffActions } from "./staff.js";

const DAY_MS = 86_400_000;

/** A line as the admin lists it: the stored line joined with its order's name and customer. */
export interface LineView {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  orderCreatedAt: string;
  customer: { id: string; name: string | null; email: string | null } | null;
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  status: LineStatus;
  quantity: number;
  inStock: number;
  allocated: number;
  waiting: number;
  priority: number | null;
  updatedAt: Date;
}

export type LineQuery = Omit<LineFilter, "createdBefore"> & {
  /** Lines of orders placed more than this many days ago. */
  olderThanDays?: number;
};

/** Lines read per query while exporting: big enough for few round trips, small enough to stream. */
export const EXPORT_PAGE_SIZE = 500;

export interface BackorderAdmin {
  listLines(
    shop: ShopDomain,
    query: LineQuery,
  ): Promise<{ lines: LineView[]; nextCursor: string | null; searchTruncated?: boolean }>;
  /** Every line the query matches, in its sort, a page at a time (for a streamed export). */
  exportLines(shop: ShopDomain, query: Omit<LineQuery, "limit" | "cursor">): AsyncGenerator<LineView[]>;
  getLine(shop: ShopDomain, lineItemId: string): Promise<{ line: LineView; history: LineHistoryEntry[] }>;
  stats(shop: ShopDomain): ReturnType<BackorderRepository["stats"]>;
  reprioritise(
    shop: ShopDomain,
    lineItemId: string,
    priority: number | null,
    staffRef: string,
  ): Promise<LineView>;
  allocate(shop: ShopDomain, lineItemId: string, units: number, staffRef: string): Promise<LineView>;
  previewAllocation(shop: ShopDomain, target: PreviewTarget, arriving: number): Promise<AllocationPreview>;
  /** One action on many lines; `dryRun` says what it would do and writes nothing (bulk-actions.ts). */
  bulk(
    shop: ShopDomain,
    lineItemIds: LineItemGid[],
    action: BulkAction,
    options: { dryRun: boolean; staffRef: string },
  ): Promise<BulkOutcome>;
}

/**
 * The admin API's use cases: reads straight from the repository (one order read per page, not per line), writes
 * through the engine, whose lock serialises them with the webhooks of the shop.
 */
export function createBackorderAdmin(deps: {
  engine: Pick<StaffActions, "reprioritise" | "allocate" | "previewAllocation">;
  repository: BackorderRepository;
  clock: Clock;
  /** The shop's allocation rules, for what a bulk "allocate from stock" would hand out. */
  shops: Pick<ShopRepository, "get">;
}): BackorderAdmin {
  const { repository: repo, engine } = deps;
  const view = async (shop: ShopDomain, line: StoredLine): Promise<LineView> =>
    lineView(line, await repo.getOrder(shop, line.orderId));

  const admin: BackorderAdmin = {
    async listLines(shop, { olderThanDays, ...query }) {
      const filter: LineFilter = { ...query };
      if (olderThanDays !== undefined) {
        filter.createdBefore = new Date(deps.clock.now().getTime() - olderThanDays * DAY_MS);
      }
      const page = await repo.listLines(shop, filter);
      const orders = await ordersById(
        repo,
        shop,
        page.lines.map((l) => l.orderId),
      );
      return {
        lines: page.lines.map((l) => lineView(l, orders.get(l.orderId) ?? null)),
        nextCursor: page.nextCursor,
        ...(page.searchTruncated !== undefined ? { searchTruncated: page.searchTruncated } : {}),
      };
    },
    async *exportLines(shop, query) {
      let cursor: string | undefined;
      do {
        const page = await admin.listLines(shop, {
          ...query,
          limit: EXPORT_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        });
        if (page.lines.length > 0) yield page.lines;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    async getLine(shop, lineItemId) {
      const line = await requireLine(repo, shop, lineItemId);
      return { line: await view(shop, line), history: await repo.lineHistory(shop, lineItemId) };
    },
    stats: (shop) => repo.stats(shop),
    reprioritise: async (shop, lineItemId, priority, staffRef) =>
      view(shop, await engine.reprioritise(shop, lineItemId, priority, staffRef)),
    allocate: async (shop, lineItemId, units, staffRef) =>
      view(shop, await engine.allocate(shop, lineItemId, units, staffRef)),
    previewAllocation: (shop, target, arriving) => engine.previewAllocation(shop, target, arriving),
    bulk: (shop, lineItemIds, action, options) => bulk.run(shop, lineItemIds, action, options),
  };
  const bulk = createBulkLineActions({
    repository: repo,
    shops: deps.shops,
    clock: deps.clock,
    staff: engine,
  });
  return admin;
}

function lineView(line: StoredLine, order: EngineOrder | null): LineView {
  return {
    lineItemId: line.lineItemId,
    orderId: line.orderId,
    orderName: order?.name ?? null,
    orderCreatedAt: new Date(line.orderCreatedAt).toISOString(),
    customer:
      order?.customerId != null
        ? { id: order.customerId, name: order.customerName, email: order.customerEmail }
        : null,
    variantId: line.variantId,
    productTitle: line.productTitle,
    variantTitle: line.variantTitle,
    sku: line.sku,
    status: line.status,
    quantity: line.quantity,
    inStock: line.inStock,
    allocated: line.allocated,
    waiting: waitingUnits(line),
    priority: line.priority,
    updatedAt: line.updatedAt,
  };
}
