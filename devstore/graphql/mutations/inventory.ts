import { gid, idOf } from "../../model/ids.js";
import {
  adjustQuantities,
  setQuantities,
  type AdjustInput,
  type AdjustmentGroup,
  type SetInput,
} from "../../model/inventory.js";
import type { AdminContext } from "../context.js";
import { requireScope } from "../query-root.js";
import { InventoryItemView } from "../views/inventory.js";
import { LocationView } from "../views/location.js";
import { dateTime } from "../views/scalars.js";
import { AppView } from "../views/shop.js";
import { type Args, errors, WRITE, MutationArea } from "./area.js";

function adjustmentGroupView(g: AdjustmentGroup, c: AdminContext) {
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", g.id),
    reason: g.reason,
    referenceDocumentUri: g.referenceDocumentUri,
    createdAt: dateTime(g.createdAt),
    staffMember: null,
    app: g.apiKey ? new AppView(c.store.app(g.apiKey), c) : null,
    changes: (args: Args) => {
      const items = Array.isArray(args.inventoryItemIds)
        ? new Set((args.inventoryItemIds as string[]).map((x) => idOf(x, "InventoryItem")))
        : null;
      const locations = Array.isArray(args.locationIds)
        ? new Set((args.locationIds as string[]).map((x) => idOf(x, "Location")))
        : null;
      const names = Array.isArray(args.quantityNames) ? new Set(args.quantityNames as string[]) : null;
      return g.changes
        .filter(
          (ch) =>
            (!items || items.has(ch.itemId)) &&
            (!locations || locations.has(ch.locationId)) &&
            (!names || names.has(ch.name)),
        )
        .map((ch) => ({
          name: ch.name,
          delta: ch.delta,
          quantityAfterChange: ch.quantityAfterChange,
          ledgerDocumentUri: ch.ledgerDocumentUri,
          item: new InventoryItemView(c.s.inventoryItems.get(ch.itemId)!, c),
          location: new LocationView(c.s.locations.get(ch.locationId)!, c),
        }));
    },
  };
}

/** Inventory quantities: adjust by a delta, set to a value. */
export class InventoryMutations extends MutationArea {
  inventoryAdjustQuantities(args: Args) {
    requireScope(this.c, "inventoryAdjustQuantities", WRITE.inventory);
    const outcome = this.run((s, tx) => adjustQuantities(s, tx, args.input as AdjustInput, this.c.apiKey));
    if (!outcome.ok) return { inventoryAdjustmentGroup: null, userErrors: errors(outcome.userErrors) };
    return { inventoryAdjustmentGroup: adjustmentGroupView(outcome.value, this.c), userErrors: [] };
  }

  inventorySetQuantities(args: Args) {
    requireScope(this.c, "inventorySetQuantities", WRITE.inventory);
    const outcome = this.run((s, tx) => setQuantities(s, tx, args.input as SetInput, this.c.apiKey));
    if (!outcome.ok) return { inventoryAdjustmentGroup: null, userErrors: errors(outcome.userErrors) };
    return { inventoryAdjustmentGroup: adjustmentGroupView(outcome.value, this.c), userErrors: [] };
  }
}
