import { gid } from "../../model/ids.js";
import { toCents } from "../../model/money.js";
import type { ProductRecord, VariantRecord } from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { InventoryItemView } from "./inventory.js";
import { HasMetafields } from "./metafields.js";
import { type Args, dateTime, moneyV2, count, connArgs } from "./scalars.js";

export class ProductView extends HasMetafields {
  readonly __typename = "Product";
  constructor(
    private readonly r: ProductRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  private get variantRecords(): VariantRecord[] {
    return this.r.variantIds.map((id) => this.c.s.variants.get(id)!);
  }
  get id() {
    return gid("Product", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get title() {
    return this.r.title;
  }
  get handle() {
    return this.r.handle;
  }
  get vendor() {
    return this.r.vendor;
  }
  get productType() {
    return this.r.productType;
  }
  get tags() {
    return this.r.tags;
  }
  get status() {
    return this.r.status;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get publishedAt() {
    return dateTime(this.r.createdAt);
  }
  readonly description = "";
  readonly descriptionHtml = "";
  readonly isGiftCard = false;
  readonly requiresSellingPlan = false;
  readonly templateSuffix = null;
  readonly onlineStoreUrl = null;
  readonly featuredMedia = null;
  readonly hasVariantsThatRequiresComponents = false;
  get totalInventory() {
    return this.variantRecords.reduce((n, v) => n + this.c.s.inventoryQuantity(v), 0);
  }
  get tracksInventory() {
    return this.variantRecords.some((v) => this.c.s.itemOf(v).tracked);
  }
  get hasOnlyDefaultVariant() {
    return this.r.variantIds.length === 1 && this.variantRecords[0]!.title === "Default Title";
  }
  get hasOutOfStockVariants() {
    return this.variantRecords.some((v) => this.c.s.itemOf(v).tracked && this.c.s.inventoryQuantity(v) <= 0);
  }
  get variantsCount() {
    return count(this.r.variantIds.length);
  }
  variants(args: Args) {
    return listConnection(this.variantRecords, connArgs(args), (v) => new VariantView(v, this.c));
  }
  options() {
    const values = this.variantRecords.map((v) => v.title);
    return [
      {
        id: gid("ProductOption", this.r.id),
        name: "Title",
        position: 1,
        values,
        optionValues: values.map((name, i) => ({
          id: gid("ProductOptionValue", this.r.variantIds[i]!),
          name,
          hasVariants: true,
        })),
      },
    ];
  }
  get priceRangeV2() {
    const cents = this.variantRecords.map((v) => toCents(v.price));
    const currency = this.c.s.shop.currency;
    return {
      minVariantPrice: moneyV2(Math.min(...cents), currency),
      maxVariantPrice: moneyV2(Math.max(...cents), currency),
    };
  }
}

export class VariantView extends HasMetafields {
  readonly __typename = "ProductVariant";
  constructor(
    private readonly r: VariantRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("ProductVariant", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get title() {
    return this.r.title;
  }
  get displayName() {
    return `${this.c.s.products.get(this.r.productId)!.title} - ${this.r.title}`;
  }
  get sku() {
    return this.r.sku;
  }
  get barcode() {
    return this.r.barcode;
  }
  get price() {
    return this.r.price;
  }
  get compareAtPrice() {
    return this.r.compareAtPrice;
  }
  get inventoryPolicy() {
    return this.r.inventoryPolicy;
  }
  get inventoryQuantity() {
    return this.c.s.inventoryQuantity(this.r);
  }
  get sellableOnlineQuantity() {
    return Math.max(0, this.c.s.inventoryQuantity(this.r));
  }
  get availableForSale() {
    return (
      this.r.inventoryPolicy === "CONTINUE" ||
      !this.c.s.itemOf(this.r).tracked ||
      this.c.s.inventoryQuantity(this.r) > 0
    );
  }
  get position() {
    return this.r.position;
  }
  get taxable() {
    return this.r.taxable;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get selectedOptions() {
    return [
      {
        name: "Title",
        value: this.r.title,
        optionValue: { id: gid("ProductOptionValue", this.r.id), name: this.r.title, hasVariants: true },
      },
    ];
  }
  get defaultCursor() {
    return Buffer.from(JSON.stringify({ last_id: this.r.id, last_value: this.r.id })).toString("base64");
  }
  readonly requiresComponents = false;
  readonly image = null;
  readonly taxCode = null;
  get product() {
    return new ProductView(this.c.s.products.get(this.r.productId)!, this.c);
  }
  get inventoryItem() {
    return new InventoryItemView(this.c.s.itemOf(this.r), this.c);
  }
}
