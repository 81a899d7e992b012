/**
 * What the availability use cases (rules, ETAs, substitutes, storefront sync) need from the outside world. Storage is
 * implemented by adapters/prisma/availability-repository.ts and adapters/memory/availability-repository.ts (one contract suite,
 * test/contracts/availability.contract.ts, runs both); Shopify by adapters/shopify/availability-shopify.ts.
 */
import type { CalendarDate, Eta, FeedRowError, FeedVariant, SupplierEtaRow } from "../../domain/eta/index.js";
import type {
  SellingRule,
  InventoryPolicy,
  ProductPolicyUpdate,
  RuleScope,
  SellingRuleSettings,
} from "../../domain/selling-rules/index.js";
import type { MetafieldsSetInput } from "../../domain/storefront/index.js";
import type {
  CollectionGid,
  InventoryItemGid,
  ProductGid,
  ProductVariantGid,
} from "../../domain/shared/gid.js";
import type { ShopDomain, ShopSettings } from "../ports.js";

// ---------------------------------------------------------------- rules

/** What a merchant sends for a rule; id and updatedAt are the repository's. */
export interface SellingRuleInput {
  scope: RuleScope;
  priority: number;
  settings: SellingRuleSettings;
}

// ---------------------------------------------------------------- catalog mirror

export interface MirroredVariant {
  variantId: ProductVariantGid;
  title: string;
  sku: string | null;
  barcode: string | null;
  /** Decimal string, as Shopify gives it. */
  price: string;
  inventoryPolicy: InventoryPolicy;
  inventoryItemId: InventoryItemGid;
  tracked: boolean;
  /** Shopify's `inventoryQuantity` (available, summed over locations) when the mirror was refreshed. */
  available: number;
  options: { name: string; value: string }[];
}

/** What rules and substitutes need to know about a product (ProductMirror). */
export interface MirroredProduct {
  productId: ProductGid;
  title: string;
  handle: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  collectionIds: CollectionGid[];
  variants: MirroredVariant[];
  /** When Shopify's data was read (or the product's updated_at): an older copy never overwrites a newer one. */
  asOf: Date;
}

// ---------------------------------------------------------------- supplier feed

export interface SupplierImportRecord {
  id: string;
  filename: string | null;
  /** Rows imported (the file's data rows: an import is all or nothing). */
  rows: number;
  createdAt: Date;
}

export interface SupplierEtaRecord {
  variantId: ProductVariantGid;
  expectedOn: CalendarDate;
  /** null: the supplier gave no quantity (the date covers any number of units). */
  quantity: number | null;
  importId: string;
}

// ---------------------------------------------------------------- substitutes

export interface SubstituteChoices {
  /** In the merchant's order. */
  picks: ProductVariantGid[];
  excludedVariantIds: ProductVariantGid[];
  excludedProductIds: ProductGid[];
}

// ---------------------------------------------------------------- storefront sync

/** What Waitwell last wrote to a variant on Shopify. */
export interface VariantSyncRecord {
  variantId: string;
  productId: string;
  /** The availability metafield's JSON text as written; null if never written. */
  availability: string | null;
  /** The inventory policy Shopify had after our last look (written by us or found right). */
  policy: InventoryPolicy | null;
  updatedAt: Date;
}

export interface VariantSyncUpdate {
  variantId: string;
  productId: string;
  /** Omitted: keep the stored value. */
  availability?: string;
  policy?: InventoryPolicy;
}

// ---------------------------------------------------------------- line promises

export interface LinePromiseRecord {
  lineItemId: string;
  /** The ETA promised when the line was first computed (at purchase). Never overwritten. */
  promised: Eta;
  promisedAt: Date;
  /** The ETA as of the last recomputation. */
  current: Eta;
  /** A later date the customer accepted (a delay they consented to); they hold us to it instead of `promised`. */
  agreed: Eta | null;
}

export interface EtaSlipRecord {
  id: string;
  lineItemId: string;
  /** What the customer holds us to. */
  promised: Eta;
  /** The later (or lost) ETA. */
  revised: Eta;
  detectedAt: Date;
  notifiedAt: Date | null;
}

export interface PromiseChanges {
  /** New promises; a line that already has one keeps it (the first promise wins, even under a race). */
  created: { lineItemId: string; promised: Eta; promisedAt: Date }[];
  /** Recomputed ETAs of lines that have a promise. */
  revised: { lineItemId: string; current: Eta }[];
  slips: { lineItemId: string; promised: Eta; revised: Eta; detectedAt: Date }[];
}

// ---------------------------------------------------------------- the repository

export interface AvailabilityRepository {
  // ---- rules (one per shop and scope)
  listRules(shop: ShopDomain): Promise<SellingRule[]>;
  getRule(shop: ShopDomain, id: string): Promise<SellingRule | null>;
  /** ConflictError when the shop already has a rule for this scope. */
  createRule(shop: ShopDomain, input: SellingRuleInput, at: Date): Promise<SellingRule>;
  /** null when the shop has no rule with this id; ConflictError when another rule holds the new scope. */
  updateRule(shop: ShopDomain, id: string, input: SellingRuleInput, at: Date): Promise<SellingRule | null>;
  deleteRule(shop: ShopDomain, id: string): Promise<boolean>;
  /**
   * One transaction (a CSV import): each input replaces the shop's rule of the same scope, or becomes a new rule.
   * All are stored or none.
   */
  importRules(
    shop: ShopDomain,
    inputs: SellingRuleInput[],
    at: Date,
  ): Promise<{ created: number; updated: number }>;
  /** Shops with at least one rule or one synced variant: what the periodic sync visits. */
  shopsToSync(): Promise<ShopDomain[]>;

  // ---- catalog mirror
  /** Stores each product unless the stored copy is newer (asOf). */
  upsertProducts(shop: ShopDomain, products: MirroredProduct[]): Promise<void>;
  listProducts(shop: ShopDomain): Promise<MirroredProduct[]>;
  /** These products, as far as the mirror has them (one read, not the whole catalog). */
  getProducts(shop: ShopDomain, productIds: string[]): Promise<MirroredProduct[]>;
  /**
   * The mirrored products with a variant stocked by one of these inventory items (inventory level updates name them),
   * each once, in one read.
   */
  productsOfInventoryItems(shop: ShopDomain, inventoryItemIds: string[]): Promise<MirroredProduct[]>;
  /** After a full catalog read: drops products that were not seen (deleted on Shopify). Returns how many. */
  deleteProductsOlderThan(shop: ShopDomain, asOf: Date): Promise<number>;

  // ---- supplier feed
  /**
   * One transaction: the import row, then its ETAs, replacing the earlier ETAs of every variant the file names (the
   * supplier's latest word counts). All of it is stored or none.
   */
  recordSupplierImport(
    shop: ShopDomain,
    input: {
      filename: string | null;
      rows: number;
      etas: { variantId: ProductVariantGid; expectedOn: CalendarDate; quantity: number | null }[];
    },
    at: Date,
  ): Promise<SupplierImportRecord>;
  /** Newest first. */
  listSupplierImports(shop: ShopDomain, limit: number): Promise<SupplierImportRecord[]>;
  supplierEtas(shop: ShopDomain, variantIds: string[]): Promise<SupplierEtaRecord[]>;

  // ---- substitutes
  /** Variants without choices are absent from the map. */
  substituteChoices(shop: ShopDomain, variantIds: string[]): Promise<Map<string, SubstituteChoices>>;
  /** Replaces the variant's choices (one transaction). */
  setSubstituteChoices(
    shop: ShopDomain,
    variantId: string,
    choices: SubstituteChoices,
    at: Date,
  ): Promise<void>;

  // ---- storefront sync state
  variantSyncs(shop: ShopDomain, variantIds: string[]): Promise<VariantSyncRecord[]>;
  saveVariantSyncs(shop: ShopDomain, updates: VariantSyncUpdate[]): Promise<void>;
  syncedVariantIds(shop: ShopDomain): Promise<string[]>;

  // ---- line promises and slips
  linePromises(shop: ShopDomain, lineItemIds: string[]): Promise<LinePromiseRecord[]>;
  /** One transaction. */
  savePromiseChanges(shop: ShopDomain, changes: PromiseChanges): Promise<void>;
  /** The customer accepted `eta` for the line: it becomes what they hold us to. False when the line has no promise. */
  agreeToEta(shop: ShopDomain, lineItemId: string, eta: Eta): Promise<boolean>;
  /** Newest first. */
  listSlips(
    shop: ShopDomain,
    filter: { lineItemId?: string; unnotified?: boolean; limit: number },
  ): Promise<EtaSlipRecord[]>;

  /** shop/redact: everything of the shop. */
  deleteByShop(shop: ShopDomain): Promise<void>;
}

// ---------------------------------------------------------------- Shopify

/** A variant as Shopify has it right now (read before every decision: stock and policy move without us). */
export interface LiveVariant {
  variantId: ProductVariantGid;
  productId: ProductGid;
  inventoryPolicy: InventoryPolicy;
  tracked: boolean;
  /** `available` summed over the locations read. */
  available: number;
  /**
   * Incoming stock with Shopify's expected time (ISO 8601); units on their way without a date have `expectedAt: null`.
   * The use case turns times into days of the shop's calendar.
   */
  incoming: { expectedAt: string | null; quantity: number }[];
}

export interface AvailabilityShopify {
  /** The shop's IANA time zone (its "today"). */
  readTimeZone(shop: ShopDomain): Promise<string>;
  /** Variants Shopify does not know are left out. `timeZone` is the shop's IANA zone (its "today"). */
  readVariants(
    shop: ShopDomain,
    variantIds: string[],
  ): Promise<{ timeZone: string; variants: LiveVariant[] }>;
  /** One `productVariantsBulkUpdate`; userErrors throw ShopifyUserError. */
  updateInventoryPolicies(shop: ShopDomain, update: ProductPolicyUpdate): Promise<void>;
  /** One `metafieldsSet` of at most 25; userErrors throw ShopifyUserError. */
  setMetafields(shop: ShopDomain, metafields: MetafieldsSetInput[]): Promise<void>;
  /** One page of the catalog, in Shopify's order; `nextCursor` null on the last page. */
  readCatalogPage(
    shop: ShopDomain,
    cursor: string | null,
  ): Promise<{ products: Omit<MirroredProduct, "asOf">[]; nextCursor: string | null }>;
  /** These products only (unknown ids left out). */
  readProducts(shop: ShopDomain, productIds: string[]): Promise<Omit<MirroredProduct, "asOf">[]>;
}

/** A product as the admin's picker lists it. */
export interface PickerProduct {
  productId: string;
  title: string;
  vendor: string | null;
  variants: {
    variantId: string;
    title: string;
    sku: string | null;
    price: string;
    available: number | null;
  }[];
}

/** Shopify's product search, for the admin's picker (adapters/shopify/product-search.ts). */
export interface ProductSearch {
  searchProducts(
    shop: ShopDomain,
    input: { query: string; after: string | null },
  ): Promise<{ products: PickerProduct[]; nextCursor: string | null }>;
}

// ---------------------------------------------------------------- the backorder engine, seen from here

/** A line that waits for stock, as the engine stores it. */
export interface WaitingLine {
  lineItemId: string;
  orderId: string;
  variantId: string;
  orderCreatedAt: Date;
  /** A staff override: lines with a priority go first, lowest number first. */
  priority: number | null;
  /**
   * Rank under the shop's priority tags (0: its first tag; the number of tags: none), as the engine allocates.
   * Omitted: no tag rule applies.
   */
  tagRank?: number;
  /** Units still waiting (>= 1). */
  waiting: number;
}

export interface WaitingLineSource {
  /** `settings`: the shop's, when the caller has just read them (ranks follow their priority tags). */
  waitingLines(shop: ShopDomain, variantIds: string[], settings?: ShopSettings): Promise<WaitingLine[]>;
}

/** The engine's variant mirror (BackorderRepository.upsertVariants), refreshed with the catalog when present. */
export interface EngineVariantMirror {
  upsertVariants(
    shop: ShopDomain,
    variants: {
      variantId: string;
      productId: string;
      inventoryItemId: string;
      sku: string | null;
      tracked: boolean;
      inventoryPolicy: InventoryPolicy;
      asOf: Date;
    }[],
  ): Promise<void>;
}

/** What one supplier feed upload may hold (config.ts `feeds`). */
export interface FeedLimits {
  maxRows: number;
  maxColumns: number;
  /** Row errors kept and reported; the rest are only counted. */
  maxReportedErrors: number;
}

/** A feed checked against the catalog: what would be written and the first problems. */
export interface FeedCheck {
  /** Data rows of the file. */
  rows: number;
  valid: SupplierEtaRow[];
  /** The first `maxReportedErrors` problems, in file order. */
  errors: FeedRowError[];
  /** Every problem, reported or not. */
  errorCount: number;
  /** Some row names a SKU or barcode the catalog does not have (a catalog read may fix it). */
  unknownKeys: boolean;
}

/**
 * One upload being read (adapters/csv: stream-parsed in a worker thread). `write` the body's chunks, then `end`:
 * the data rows read, or a ValidationError (not CSV, a column missing, no rows) or LimitExceededError (rows,
 * columns). The rows stay with the reader; `check` matches them against the catalog as often as needed. `close`
 * frees the reader (always call it).
 */
export interface FeedReader {
  write(chunk: Uint8Array): void;
  end(): Promise<{ rows: number }>;
  check(variants: FeedVariant[], today: CalendarDate): Promise<FeedCheck>;
  close(): void;
}

/** Opens a reader; `onProgress` hears the data rows read so far (now and then, not per row). */
export type FeedReaderFactory = (limits: FeedLimits, onProgress?: (rowsRead: number) => void) => FeedReader;

/**
 * Parses a rules CSV (adapters/csv/rules.ts) into one record per data row, keyed by header name; throws
 * ValidationError for a file that is not CSV or lacks a needed column.
 */
export type RuleCsvParser = (text: string) => {
  records: Record<string, string>[];
  /** File row number of records[0] (2 with one header row). */
  firstRow: number;
};

/** Asks for a background sync (jobs/availability-sync.ts): after rule, feed and substitute edits. Never throws. */
export type SyncRequester = (shop: ShopDomain, variantIds: string[] | "all") => void;
