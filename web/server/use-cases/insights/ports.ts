/**
 * What the dashboard's insights need from storage and Shopify. The sums run in the database
 * (adapters/prisma/insights-repository.ts, on indexes of BackorderLine); the logic is domain/insights.
 */
import type { DemandWeek } from "../../domain/insights/index.js";
import type { ShopDomain } from "../ports.js";

/** Statuses with units still waiting for stock. */
export const WAITING_STATUSES = ["backordered", "partially_allocated"] as const;

export interface WaitingVariant {
  variantId: string;
  sku: string | null;
  title: string;
  units: number;
  lines: number;
  oldestOrderAt: Date;
}

export interface WaitingTotals {
  units: number;
  lines: number;
  orders: number;
}

export interface OldestWait {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  title: string;
  orderCreatedAt: Date;
  units: number;
}

/** A waiting line with its promise (JSON Eta as stored, null when none was recorded). */
export interface WaitingPromiseRow {
  lineItemId: string;
  orderId: string;
  orderName: string | null;
  title: string;
  orderCreatedAt: Date;
  units: number;
  promised: string | null;
  current: string | null;
}

export interface ShippedRow {
  lineItemId: string;
  variantId: string;
  sku: string | null;
  title: string;
  shippedAt: Date;
  promised: string | null;
}

export interface VariantFacts {
  variantId: string;
  productId: string;
  title: string;
  sku: string | null;
  vendor: string | null;
  /** Decimal string in the shop's currency; null when the catalog mirror lacks the variant. */
  price: string | null;
  tags: string[];
  collectionIds: string[];
}

export interface InsightsRepository {
  waitingTotals(shop: ShopDomain): Promise<WaitingTotals>;
  waitingByVariant(shop: ShopDomain): Promise<WaitingVariant[]>;
  oldestWaiting(shop: ShopDomain): Promise<OldestWait | null>;
  /** Waiting units and lines per age bucket: bucket i holds orders placed after bounds[i] (null: no lower bound). */
  ageing(
    shop: ShopDomain,
    bounds: readonly (Date | null)[],
  ): Promise<{ bucket: number; units: number; lines: number }[]>;
  /** Units ordered per variant in each week (index into `weeks`). */
  demand(
    shop: ShopDomain,
    weeks: readonly DemandWeek[],
  ): Promise<{ week: number; variantId: string; units: number }[]>;
  /** Units ordered per variant since `since`. */
  orderedSince(shop: ShopDomain, since: Date): Promise<Map<string, number>>;
  /** Waiting lines with their promises, oldest orders first, at most `limit`. */
  waitingPromises(shop: ShopDomain, limit: number): Promise<WaitingPromiseRow[]>;
  /** Lines that waited and shipped since `since`, newest first, at most `limit`. */
  shippedSince(shop: ShopDomain, since: Date, limit: number): Promise<ShippedRow[]>;
  /** Catalog facts of these variants (the engine's variant mirror, then the product mirror). */
  variantFacts(shop: ShopDomain, variantIds: readonly string[]): Promise<Map<string, VariantFacts>>;
}

/** The shop facts the dashboard shows money and days in. */
export interface ShopFactsReader {
  read(shop: ShopDomain): Promise<{ currency: string; timeZone: string }>;
}
