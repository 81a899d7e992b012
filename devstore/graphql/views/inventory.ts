import { GraphQLError } from "graphql";
import { gid, parseGid } from "../../model/ids.js";
import { toCents } from "../../model/money.js";
import {
  QUANTITY_NAMES,
  type IncomingRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
} from "../../model/types.js";
import { connection, listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { LocationView } from "./location.js";
import { VariantView } from "./product.js";
import { type Args, dateTime, moneyV2, count, connArgs } from "./scalars.js";

export class InventoryItemView {
  readonly __typename = "InventoryItem";
  constructor(
    private readonly r: InventoryItemRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return gid("InventoryItem", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get sku() {
    return this.r.sku;
  }
  get tracked() {
    return this.r.tracked;
  }
  get requiresShipping() {
    return this.r.requiresShipping;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get unitCost() {
    return this.r.cost === null ? null : moneyV2(toCents(this.r.cost), this.c.s.shop.currency);
  }
  get countryCodeOfOrigin() {
    return this.r.countryCodeOfOrigin;
  }
  get harmonizedSystemCode() {
    return this.r.harmonizedSystemCode;
  }
  readonly provinceCodeOfOrigin = null;
  readonly inventoryHistoryUrl = null;
  get trackedEditable() {
    return { locked: false, reason: null };
  }
  get measurement() {
    return { id: gid("InventoryItemMeasurement", this.r.id), weight: { unit: "POUNDS", value: 0 } };
  }
  get locationsCount() {
    return count(this.r.levels.size);
  }
  get duplicateSkuCount() {
    if (!this.r.sku) return 0;
    return this.c.s.inventoryItemList.filter((i) => i.sku === this.r.sku && i.id !== this.r.id).length;
  }
  get variant() {
    return new VariantView(this.c.s.variants.get(this.r.variantId)!, this.c);
  }
  inventoryLevel(args: Args) {
    const p = parseGid(String(args.locationId));
    const level = p?.type === "Location" ? this.r.levels.get(p.id) : undefined;
    return level ? new InventoryLevelView(level, this.c) : null;
  }
  inventoryLevels(args: Args) {
    return connection(
      [...this.r.levels.values()],
      connArgs(args),
      (l) => [l.locationId, l.locationId],
      (l) => new InventoryLevelView(l, this.c),
    );
  }
}

export function inventoryLevelGid(level: InventoryLevelRecord): string {
  return gid("InventoryLevel", level.locationId, { inventory_item_id: level.inventoryItemId });
}

const QUANTITY_NAME_SET = new Set<string>(QUANTITY_NAMES);

export class InventoryLevelView {
  readonly __typename = "InventoryLevel";
  constructor(
    private readonly r: InventoryLevelRecord,
    private readonly c: AdminContext,
  ) {}
  get id() {
    return inventoryLevelGid(this.r);
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  readonly canDeactivate = true;
  readonly deactivationAlert = null;
  get item() {
    return new InventoryItemView(this.c.s.inventoryItems.get(this.r.inventoryItemId)!, this.c);
  }
  get location() {
    return new LocationView(this.c.s.locations.get(this.r.locationId)!, this.c);
  }
  quantities(args: Args) {
    const names = args.names as string[];
    const invalid = names.filter((n) => !QUANTITY_NAME_SET.has(n));
    if (invalid.length > 0) {
      throw new GraphQLError(
        `The quantity names ${invalid.join(", ")} are invalid. Valid values are: ${QUANTITY_NAMES.join(", ")}.`,
        { extensions: { code: "BAD_REQUEST" } },
      );
    }
    return names.map((name) => ({
      id: gid("InventoryQuantity", this.r.locationId, { inventory_item_id: this.r.inventoryItemId, name }),
      name,
      quantity: this.c.s.quantity(this.r, name),
      updatedAt: dateTime(
        name === "on_hand"
          ? this.r.updatedAt
          : (this.r.quantityUpdatedAt[name as keyof InventoryLevelRecord["quantityUpdatedAt"]] ??
              this.r.createdAt),
      ),
    }));
  }
  scheduledChanges(args: Args) {
    const key = `${this.r.inventoryItemId}:${this.r.locationId}`;
    const pending = (this.c.s.incomingByLevel.get(key) ?? []).filter((i) => i.status === "pending");
    return listConnection(pending, connArgs(args), (i) => scheduledChange(i, this));
  }
}

function scheduledChange(i: IncomingRecord, level: InventoryLevelView) {
  return {
    expectedAt: /^\d{4}-\d{2}-\d{2}$/.test(i.expectedAt)
      ? `${i.expectedAt}T00:00:00Z`
      : dateTime(new Date(i.expectedAt)),
    fromName: "incoming",
    toName: "available",
    quantity: i.quantity,
    ledgerDocumentUri: gid("InventoryScheduledChange", i.id),
    inventoryLevel: level,
  };
}
