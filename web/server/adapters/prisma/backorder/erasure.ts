import { orderSearchText } from "../../backorder-rows.js";
import { type EngineOrder } from "../../../use-cases/backorder/ports.js";
import type { ShopDomain } from "../../../use-cases/ports.js";
import { type Ctx, customerFilter, toOrder } from "./shared.js";

// Privacy (GDPR): customer redaction and shop erasure.

export async function redactCustomer(
  ctx: Ctx,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): Promise<number> {
  // Orders already blank are left alone, so a repeated customers/redact reports 0.
  const where = {
    shop,
    ...customerFilter(customerId, orderIds),
    NOT: { customerEmail: null, customerName: null },
  };
  return ctx.db.$transaction(async (tx) => {
    const orders = await tx.backorderOrder.findMany({ where, select: { orderId: true, name: true } });
    // The search text held the customer's name and email too: it keeps only the order name.
    for (const o of orders) {
      await tx.backorderOrder.update({
        where: { shop_orderId: { shop, orderId: o.orderId } },
        data: {
          customerEmail: null,
          customerName: null,
          searchText: orderSearchText({ name: o.name, customerName: null, customerEmail: null }),
        },
      });
    }
    return orders.length;
  });
}

export async function ordersOfCustomer(
  ctx: Ctx,
  shop: ShopDomain,
  customerId: string,
  orderIds: string[],
): Promise<EngineOrder[]> {
  const rows = await ctx.db.backorderOrder.findMany({
    where: { shop, ...customerFilter(customerId, orderIds) },
    orderBy: [{ orderCreatedAt: "asc" }, { orderId: "asc" }],
  });
  return rows.map(toOrder);
}

export async function deleteByShop(ctx: Ctx, shop: ShopDomain): Promise<void> {
  const where = { where: { shop } };
  await ctx.db.$transaction([
    ctx.db.inventoryLevelMirror.deleteMany(where),
    ctx.db.variantMirror.deleteMany(where),
    ctx.db.backorderOrder.deleteMany(where),
    ctx.db.backorderLine.deleteMany(where),
    ctx.db.shopifyWrite.deleteMany(where),
    ctx.db.lineHistory.deleteMany(where),
  ]);
}
