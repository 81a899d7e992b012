import type { DemandWeek } from "../../domain/insights/index.js";
import type { ShopDomain } from "../../use-cases/ports.js";
import {
  WAITING_STATUSES,
  type InsightsRepository,
  type OldestWait,
  type ShippedRow,
  type VariantFacts,
  type WaitingPromiseRow,
  type WaitingTotals,
  type WaitingVariant,
} from "../../use-cases/insights/ports.js";
import type { Db } from "./client.js";
import { Prisma } from "./generated/sqlite/client.js";

const WAITING = Prisma.sql`"status" IN (${Prisma.join([...WAITING_STATUSES])}) AND "waitingUnits" > 0`;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const titleOf = (product: unknown, variant: unknown) =>
  [text(product), text(variant)].filter((t) => t && t !== "Default Title").join(" – ");

/**
 * The dashboard's sums over BackorderLine, each one statement on an index: waiting lines per status
 * (BackorderLine_list_age_idx, shop + status + order time), demand by order time (BackorderLine_demand_idx),
 * shipped lines by ship time (BackorderLine_shipped_idx). Raw SQL reads the same on SQLite and PostgreSQL.
 */
export class PrismaInsightsRepository implements InsightsRepository {
  constructor(private readonly db: Db) {}

  async waitingTotals(shop: ShopDomain): Promise<WaitingTotals> {
    const [row] = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT SUM("waitingUnits") AS units, COUNT(*) AS lines, COUNT(DISTINCT "orderId") AS orders
      FROM "BackorderLine" WHERE "shop" = ${shop} AND ${WAITING}`;
    return { units: num(row?.units), lines: num(row?.lines), orders: num(row?.orders) };
  }

  async waitingByVariant(shop: ShopDomain): Promise<WaitingVariant[]> {
    const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT "variantId", MAX("sku") AS sku, MAX("productTitle") AS "productTitle", MAX("variantTitle") AS "variantTitle",
        SUM("waitingUnits") AS units, COUNT(*) AS lines, MIN("orderCreatedAt") AS oldest
      FROM "BackorderLine" WHERE "shop" = ${shop} AND ${WAITING} GROUP BY "variantId"`;
    return rows.map((r) => ({
      variantId: String(r.variantId),
      sku: text(r.sku),
      title: titleOf(r.productTitle, r.variantTitle),
      units: num(r.units),
      lines: num(r.lines),
      oldestOrderAt: date(r.oldest),
    }));
  }

  async oldestWaiting(shop: ShopDomain): Promise<OldestWait | null> {
    const [row] = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT l."lineItemId", l."orderId", o."name", l."productTitle", l."variantTitle", l."orderCreatedAt", l."waitingUnits"
      FROM "BackorderLine" l LEFT JOIN "BackorderOrder" o ON o."shop" = l."shop" AND o."orderId" = l."orderId"
      WHERE l."shop" = ${shop} AND l."status" IN (${Prisma.join([...WAITING_STATUSES])}) AND l."waitingUnits" > 0
      ORDER BY l."orderCreatedAt" ASC, l."orderId" ASC, l."lineItemId" ASC LIMIT 1`;
    if (!row) return null;
    return {
      lineItemId: String(row.lineItemId),
      orderId: String(row.orderId),
      orderName: text(row.name),
      title: titleOf(row.productTitle, row.variantTitle),
      orderCreatedAt: date(row.orderCreatedAt),
      units: num(row.waitingUnits),
    };
  }

  async ageing(shop: ShopDomain, bounds: readonly (Date | null)[]) {
    const cases = bounds.map((after, i) =>
      after === null ? Prisma.sql`ELSE ${i}` : Prisma.sql`WHEN "orderCreatedAt" > ${after} THEN ${i}`,
    );
    const bucket = Prisma.sql`CASE ${Prisma.join(cases, " ")} END`;
    const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT ${bucket} AS bucket, SUM("waitingUnits") AS units, COUNT(*) AS lines
      FROM "BackorderLine" WHERE "shop" = ${shop} AND ${WAITING} GROUP BY 1`;
    return rows.map((r) => ({ bucket: num(r.bucket), units: num(r.units), lines: num(r.lines) }));
  }

  async demand(shop: ShopDomain, weeks: readonly DemandWeek[]) {
    if (weeks.length === 0) return [];
    const cases = weeks.map((w, i) => Prisma.sql`WHEN "orderCreatedAt" >= ${w.from} THEN ${i}`).reverse();
    const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT "variantId", CASE ${Prisma.join(cases, " ")} END AS week, SUM("orderedUnits") AS units
      FROM "BackorderLine"
      WHERE "shop" = ${shop} AND "orderCreatedAt" >= ${weeks[0]!.from} AND "orderCreatedAt" < ${weeks.at(-1)!.to}
      GROUP BY "variantId", 2`;
    return rows.map((r) => ({ week: num(r.week), variantId: String(r.variantId), units: num(r.units) }));
  }

  async orderedSince(shop: ShopDomain, since: Date): Promise<Map<string, number>> {
    const groups = await this.db.backorderLine.groupBy({
      by: ["variantId"],
      where: { shop, orderCreatedAt: { gte: since } },
      _sum: { orderedUnits: true },
    });
    return new Map(groups.map((g) => [g.variantId, g._sum.orderedUnits ?? 0]));
  }

  async waitingPromises(shop: ShopDomain, limit: number): Promise<WaitingPromiseRow[]> {
    const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT l."lineItemId", l."orderId", o."name", l."productTitle", l."variantTitle", l."orderCreatedAt",
        l."waitingUnits", p."promised", p."current"
      FROM "BackorderLine" l
      LEFT JOIN "BackorderOrder" o ON o."shop" = l."shop" AND o."orderId" = l."orderId"
      LEFT JOIN "LinePromise" p ON p."shop" = l."shop" AND p."lineItemId" = l."lineItemId"
      WHERE l."shop" = ${shop} AND l."status" IN (${Prisma.join([...WAITING_STATUSES])}) AND l."waitingUnits" > 0
      ORDER BY l."orderCreatedAt" ASC, l."lineItemId" ASC LIMIT ${limit}`;
    return rows.map((r) => ({
      lineItemId: String(r.lineItemId),
      orderId: String(r.orderId),
      orderName: text(r.name),
      title: titleOf(r.productTitle, r.variantTitle),
      orderCreatedAt: date(r.orderCreatedAt),
      units: num(r.waitingUnits),
      promised: text(r.promised),
      current: text(r.current),
    }));
  }

  async shippedSince(shop: ShopDomain, since: Date, limit: number): Promise<ShippedRow[]> {
    const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
      SELECT l."lineItemId", l."variantId", l."sku", l."productTitle", l."variantTitle", l."shippedAt", p."promised"
      FROM "BackorderLine" l
      LEFT JOIN "LinePromise" p ON p."shop" = l."shop" AND p."lineItemId" = l."lineItemId"
      WHERE l."shop" = ${shop} AND l."shippedAt" >= ${since}
      ORDER BY l."shippedAt" DESC LIMIT ${limit}`;
    return rows.map((r) => ({
      lineItemId: String(r.lineItemId),
      variantId: String(r.variantId),
      sku: text(r.sku),
      title: titleOf(r.productTitle, r.variantTitle),
      shippedAt: date(r.shippedAt),
      promised: text(r.promised),
    }));
  }

  async variantFacts(shop: ShopDomain, variantIds: readonly string[]): Promise<Map<string, VariantFacts>> {
    const facts = new Map<string, VariantFacts>();
    const ids = [...new Set(variantIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const mirrored = await this.db.variantMirror.findMany({
        where: { shop, variantId: { in: ids.slice(i, i + 500) } },
        select: { variantId: true, productId: true, sku: true },
      });
      const products = await this.db.productMirror.findMany({
        where: { shop, productId: { in: [...new Set(mirrored.map((m) => m.productId))] } },
      });
      const byProduct = new Map(products.map((p) => [p.productId, p]));
      for (const m of mirrored) {
        const product = byProduct.get(m.productId);
        const variants = product
          ? (JSON.parse(product.variants) as {
              variantId: string;
              title: string;
              sku: string | null;
              price: string;
            }[])
          : [];
        const variant = variants.find((v) => v.variantId === m.variantId);
        facts.set(m.variantId, {
          variantId: m.variantId,
          productId: m.productId,
          title: product ? titleOf(product.title, variant?.title) : "",
          sku: variant?.sku ?? m.sku,
          vendor: product?.vendor ?? null,
          price: variant?.price ?? null,
          tags: product ? (JSON.parse(product.tags) as string[]) : [],
          collectionIds: product ? (JSON.parse(product.collectionIds) as string[]) : [],
        });
      }
    }
    // Variants the catalog mirror lacks keep the titles their lines were sold under.
    const missing = ids.filter((id) => !facts.get(id)?.title);
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await this.db.$queryRaw<Record<string, unknown>[]>`
        SELECT "variantId", MAX("productTitle") AS "productTitle", MAX("variantTitle") AS "variantTitle", MAX("sku") AS sku
        FROM "BackorderLine" WHERE "shop" = ${shop} AND "variantId" IN (${Prisma.join(missing.slice(i, i + 500))})
        GROUP BY "variantId"`;
      for (const r of rows) {
        const id = String(r.variantId);
        const known = facts.get(id);
        facts.set(id, {
          variantId: id,
          productId: known?.productId ?? "",
          title: titleOf(r.productTitle, r.variantTitle),
          sku: known?.sku ?? text(r.sku),
          vendor: known?.vendor ?? null,
          price: known?.price ?? null,
          tags: known?.tags ?? [],
          collectionIds: known?.collectionIds ?? [],
        });
      }
    }
    return facts;
  }
}
