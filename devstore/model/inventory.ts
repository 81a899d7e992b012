import { idOf } from "./ids.js";
import { fail, ok, userError, type Outcome, type UserErrorRecord } from "./outcome.js";
import type { ShopState } from "./shop-state.js";
import type { Tx } from "./tx.js";
import type { IncomingRecord, InventoryLevelRecord, StoredQuantityName } from "./types.js";

/**
 * inventoryAdjustQuantities / inventorySetQuantities and the control API's stock receipts. Reasons are Shopify's
 * documented list (https://shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps/manage-quantities-states#set-inventory-quantities-on-hand).
 */
export const ADJUSTMENT_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

/** Names inventoryAdjustQuantities accepts; committed is Shopify's to manage (orders), on_hand is derived. */
const ADJUSTABLE = new Set<string>([
  "available",
  "damaged",
  "incoming",
  "quality_control",
  "reserved",
  "safety_stock",
]);

export interface AppliedChange {
  name: string;
  delta: number;
  quantityAfterChange: number;
  itemId: number;
  locationId: number;
  ledgerDocumentUri: string | null;
}

export interface AdjustmentGroup {
  id: number;
  reason: string;
  referenceDocumentUri: string | null;
  createdAt: Date;
  changes: AppliedChange[];
  apiKey: string | null;
}

function findLevel(
  s: ShopState,
  itemGid: string,
  locationGid: string,
  path: string[],
  errors: UserErrorRecord[],
  notStockedCode: string,
): InventoryLevelRecord | null {
  const itemId = idOf(itemGid, "InventoryItem");
  const item = itemId === null ? undefined : s.inventoryItems.get(itemId);
  if (!item) {
    errors.push(
      userError(
        [...path, "inventoryItemId"],
        "The specified inventory item could not be found.",
        "INVALID_INVENTORY_ITEM",
      ),
    );
    return null;
  }
  const locationId = idOf(locationGid, "Location");
  if (locationId === null || !s.locations.has(locationId)) {
    errors.push(
      userError([...path, "locationId"], "The specified location could not be found.", "INVALID_LOCATION"),
    );
    return null;
  }
  const level = item.levels.get(locationId);
  if (!level) {
    errors.push(
      userError(
        [...path, "locationId"],
        "The specified inventory item is not stocked at the location.",
        notStockedCode,
      ),
    );
    return null;
  }
  return level;
}

function validateReason(
  reason: string,
  uri: string | null | undefined,
  errors: UserErrorRecord[],
  reasonCode: string,
  uriCode: string,
): void {
  if (!ADJUSTMENT_REASONS.has(reason))
    errors.push(userError(["input", "reason"], "The specified reason is invalid.", reasonCode));
  if (uri !== null && uri !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(uri)) {
    errors.push(
      userError(
        ["input", "referenceDocumentUri"],
        "The specified reference document URI is invalid.",
        uriCode,
      ),
    );
  }
}

export interface AdjustInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: {
    delta: number;
    inventoryItemId: string;
    locationId: string;
    ledgerDocumentUri?: string | null;
  }[];
}

export function adjustQuantities(
  s: ShopState,
  tx: Tx,
  input: AdjustInput,
  apiKey: string | null,
): Outcome<AdjustmentGroup> {
  const errors: UserErrorRecord[] = [];
  if (!ADJUSTABLE.has(input.name))
    errors.push(
      userError(
        ["input", "name"],
        "The specified quantity name is invalid. Valid values are: available, damaged, incoming, quality_control, reserved, safety_stock.",
        "INVALID_QUANTITY_NAME",
      ),
    );
  validateReason(
    input.reason,
    input.referenceDocumentUri,
    errors,
    "INVALID_REASON",
    "INVALID_REFERENCE_DOCUMENT",
  );
  const levels = input.changes.map((c, i) =>
    findLevel(
      s,
      c.inventoryItemId,
      c.locationId,
      ["input", "changes", String(i)],
      errors,
      "ITEM_NOT_STOCKED_AT_LOCATION",
    ),
  );
  input.changes.forEach((c, i) => {
    const level = levels[i];
    if (!level || !ADJUSTABLE.has(input.name)) return;
    const after = s.quantity(level, input.name) + c.delta;
    if (Math.abs(after) > 1_000_000_000)
      errors.push(
        userError(
          ["input", "changes", String(i), "delta"],
          "The quantity is too high.",
          after > 0 ? "INVALID_QUANTITY_TOO_HIGH" : "INVALID_QUANTITY_TOO_LOW",
        ),
      );
  });
  if (errors.length > 0) return fail(...errors);
  const group = newAdjustmentGroup(s, input, apiKey);
  input.changes.forEach((c, i) => {
    const level = levels[i]!;
    s.changeQuantity(tx, level, input.name as StoredQuantityName, c.delta);
    group.changes.push({
      name: input.name,
      delta: c.delta,
      quantityAfterChange: s.quantity(level, input.name),
      itemId: level.inventoryItemId,
      locationId: level.locationId,
      ledgerDocumentUri: c.ledgerDocumentUri ?? null,
    });
    // Moving available changes on_hand too; Shopify lists both in the group.
    if (input.name !== "incoming") {
      group.changes.push({
        name: "on_hand",
        delta: c.delta,
        quantityAfterChange: s.onHand(level),
        itemId: level.inventoryItemId,
        locationId: level.locationId,
        ledgerDocumentUri: c.ledgerDocumentUri ?? null,
      });
    }
  });
  return ok(group);
}

/** An empty adjustment group for one adjust or set call; the caller adds its changes. */
function newAdjustmentGroup(
  s: ShopState,
  input: { reason: string; referenceDocumentUri?: string | null },
  apiKey: string | null,
): AdjustmentGroup {
  return {
    id: s.nextId("InventoryAdjustmentGroup"),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    createdAt: s.now(),
    changes: [],
    apiKey,
  };
}

export interface SetInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  ignoreCompareQuantity?: boolean;
  quantities: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    compareQuantity?: number | null;
  }[];
}

export function setQuantities(
  s: ShopState,
  tx: Tx,
  input: SetInput,
  apiKey: string | null,
): Outcome<AdjustmentGroup> {
  const errors: UserErrorRecord[] = [];
  if (input.name !== "available" && input.name !== "on_hand")
    errors.push(
      userError(
        ["input", "name"],
        "The quantity name must be either 'available' or 'on_hand'.",
        "INVALID_NAME",
      ),
    );
  validateReason(
    input.reason,
    input.referenceDocumentUri,
    errors,
    "INVALID_REASON",
    "INVALID_REFERENCE_DOCUMENT",
  );
  const seen = new Set<string>();
  const levels = input.quantities.map((q, i) => {
    const path = ["input", "quantities", String(i)];
    const level = findLevel(s, q.inventoryItemId, q.locationId, path, errors, "ITEM_NOT_STOCKED_AT_LOCATION");
    const key = `${q.inventoryItemId}|${q.locationId}`;
    if (seen.has(key))
      errors.push(
        userError(
          path,
          "The combination of inventoryItemId and locationId must be unique.",
          "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        ),
      );
    seen.add(key);
    if (q.quantity > 1_000_000_000)
      errors.push(
        userError(
          [...path, "quantity"],
          "The quantity can't be higher than 1,000,000,000.",
          "INVALID_QUANTITY_TOO_HIGH",
        ),
      );
    if (q.quantity < -1_000_000_000)
      errors.push(
        userError(
          [...path, "quantity"],
          "The quantity can't be lower than -1,000,000,000.",
          "INVALID_QUANTITY_TOO_LOW",
        ),
      );
    if (level && !input.ignoreCompareQuantity && (input.name === "available" || input.name === "on_hand")) {
      if (q.compareQuantity === undefined || q.compareQuantity === null) {
        errors.push(
          userError(
            [...path, "compareQuantity"],
            "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.",
            "COMPARE_QUANTITY_REQUIRED",
          ),
        );
      } else if (q.compareQuantity !== s.quantity(level, input.name)) {
        errors.push(
          userError(
            [...path, "compareQuantity"],
            "The specified compare quantity does not match the current quantity.",
            "COMPARE_QUANTITY_STALE",
          ),
        );
      }
    }
    return level;
  });
  if (errors.length > 0) return fail(...errors);
  const group = newAdjustmentGroup(s, input, apiKey);
  input.quantities.forEach((q, i) => {
    const level = levels[i]!;
    const delta = q.quantity - s.quantity(level, input.name);
    // Setting on_hand moves available by the same delta: the other states are unchanged.
    s.changeQuantity(tx, level, "available", delta);
    const base = { itemId: level.inventoryItemId, locationId: level.locationId, ledgerDocumentUri: null };
    group.changes.push({
      name: "available",
      delta,
      quantityAfterChange: level.quantities.available,
      ...base,
    });
    group.changes.push({ name: "on_hand", delta, quantityAfterChange: s.onHand(level), ...base });
  });
  return ok(group);
}

export function scheduleIncoming(
  s: ShopState,
  tx: Tx,
  level: InventoryLevelRecord,
  quantity: number,
  expectedAt: string,
): IncomingRecord {
  const record: IncomingRecord = {
    id: s.nextId("InventoryScheduledChange"),
    inventoryItemId: level.inventoryItemId,
    locationId: level.locationId,
    quantity,
    expectedAt,
    status: "pending",
    createdAt: s.now(),
    receivedAt: null,
  };
  s.incoming.set(record.id, record);
  const key = `${record.inventoryItemId}:${record.locationId}`;
  const list = s.incomingByLevel.get(key);
  if (list) list.push(record);
  else s.incomingByLevel.set(key, [record]);
  s.changeQuantity(tx, level, "incoming", quantity);
  return record;
}

export function receiveIncoming(s: ShopState, tx: Tx, record: IncomingRecord): void {
  const level = s.inventoryItems.get(record.inventoryItemId)!.levels.get(record.locationId)!;
  s.changeQuantity(tx, level, "incoming", -record.quantity);
  s.changeQuantity(tx, level, "available", record.quantity);
  record.status = "received";
  record.receivedAt = s.now();
}
