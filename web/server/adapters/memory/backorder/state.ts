import type { LineHistoryEntry, StockLevel } from "../../../domain/backorder/index.js";
import type {
  EngineOrder,
  QueuedWrite,
  StoredLine,
  VariantInfo,
} from "../../../use-cases/backorder/ports.js";
import type { Clock, ShopDomain } from "../../../use-cases/ports.js";

export interface MemoryWrite extends QueuedWrite {
  lockedUntilMs: number;
}

export interface LevelRow {
  level: StockLevel;
  asOfMs: number;
}

/** Everything the memory repository holds; each module of ./ reads and writes its part. */
export interface MemoryState {
  readonly clock: Clock;
  readonly levels: Map<string, LevelRow>;
  readonly variants: Map<string, VariantInfo>;
  readonly orders: Map<string, EngineOrder>;
  readonly lines: Map<string, { shop: ShopDomain; line: StoredLine }>;
  readonly writes: Map<string, MemoryWrite>;
  readonly history: { shop: ShopDomain; entry: LineHistoryEntry }[];
  /** The day each line's customer holds us to (setPromisedDays), by shop and line id. */
  readonly promisedDays: Map<string, string>;
}

export function createState(clock: Clock): MemoryState {
  return {
    clock,
    levels: new Map(),
    variants: new Map(),
    orders: new Map(),
    lines: new Map(),
    writes: new Map(),
    history: [],
    promisedDays: new Map(),
  };
}

export function shopLines(s: MemoryState, shop: ShopDomain): StoredLine[] {
  return [...s.lines.values()].filter((r) => r.shop === shop).map((r) => r.line);
}

export function shopOrders(s: MemoryState, shop: ShopDomain): EngineOrder[] {
  return [...s.orders.values()].filter((o) => o.shop === shop);
}

export function key(...parts: string[]): string {
  return parts.join("\u0000");
}

export function ms(value: string | Date): number {
  return new Date(value).getTime();
}

/** Plain code-unit order: what PostgreSQL (C collation) and SQLite (BINARY) do with these ASCII ids. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byOrderTime(a: EngineOrder, b: EngineOrder): number {
  return a.orderCreatedAt.getTime() - b.orderCreatedAt.getTime() || compareText(a.orderId, b.orderId);
}

export function copy<T>(value: T): T {
  return structuredClone(value);
}
