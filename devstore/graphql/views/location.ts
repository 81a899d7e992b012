import { gid, parseGid } from "../../model/ids.js";
import type { LocationRecord } from "../../model/types.js";
import { connection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { InventoryLevelView } from "./inventory.js";
import { HasMetafields } from "./metafields.js";
import { type Args, dateTime, connArgs } from "./scalars.js";

export class LocationView extends HasMetafields {
  readonly __typename = "Location";
  constructor(
    private readonly r: LocationRecord,
    c: AdminContext,
  ) {
    super(c);
  }
  get id() {
    return gid("Location", this.r.id);
  }
  get legacyResourceId() {
    return String(this.r.id);
  }
  get name() {
    return this.r.name;
  }
  get isActive() {
    return this.r.isActive;
  }
  get createdAt() {
    return dateTime(this.r.createdAt);
  }
  get updatedAt() {
    return dateTime(this.r.updatedAt);
  }
  get address() {
    const a = this.r.address;
    const lines = a
      ? [a.address1, a.address2, `${a.city} ${a.provinceCode} ${a.zip}`, a.country].filter(Boolean)
      : [];
    return {
      address1: a?.address1 ?? null,
      address2: a?.address2 ?? null,
      city: a?.city ?? null,
      province: a?.province ?? null,
      provinceCode: a?.provinceCode ?? null,
      country: a?.country ?? null,
      countryCode: a?.countryCode ?? null,
      zip: a?.zip ?? null,
      phone: a?.phone ?? null,
      latitude: null,
      longitude: null,
      formatted: lines,
    };
  }
  readonly activatable = false;
  readonly deactivatable = true;
  readonly deletable = false;
  readonly deactivatedAt = null;
  readonly addressVerified = true;
  readonly fulfillsOnlineOrders = true;
  readonly hasActiveInventory = true;
  readonly shipsInventory = true;
  readonly isFulfillmentService = false;
  readonly fulfillmentService = null;
  inventoryLevel(args: Args) {
    const p = parseGid(String(args.inventoryItemId));
    const item = p?.type === "InventoryItem" ? this.c.s.inventoryItems.get(p.id) : undefined;
    const level = item?.levels.get(this.r.id);
    return level ? new InventoryLevelView(level, this.c) : null;
  }
  inventoryLevels(args: Args) {
    const levels = this.c.s.inventoryItemList.flatMap((item) => {
      const level = item.levels.get(this.r.id);
      return level ? [level] : [];
    });
    return connection(
      levels,
      connArgs(args),
      (l) => [l.inventoryItemId, l.inventoryItemId],
      (l) => new InventoryLevelView(l, this.c),
    );
  }
}
