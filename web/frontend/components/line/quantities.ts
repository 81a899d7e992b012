import type { LineQuantities } from "../../api/types";
import { t } from "../../locales/t";

/** The four unit counts of a line, in the order the page shows them. */
export const QUANTITY_KEYS = ["quantity", "inStock", "allocated", "waiting"] as const;

export const QUANTITY_LABEL = {
  quantity: "line.quantities.ordered",
  inStock: "line.quantities.inStock",
  allocated: "line.quantities.allocated",
  waiting: "line.quantities.waiting",
} as const;

/** "Waiting 5 → 3" for each quantity that changed; every quantity when there is no "before" (the line's start). */
export function quantityChanges(before: LineQuantities | null, after: LineQuantities | null): string[] {
  if (!after) return [t("line.history.noChange")];
  if (!before) {
    return QUANTITY_KEYS.filter((key) => typeof after[key] === "number").map((key) =>
      t("line.history.same", { name: t(QUANTITY_LABEL[key]), value: after[key] }),
    );
  }
  const changes = QUANTITY_KEYS.filter((key) => before[key] !== after[key]).map((key) =>
    t("line.history.change", { name: t(QUANTITY_LABEL[key]), before: before[key], after: after[key] }),
  );
  return changes.length > 0 ? changes : [t("line.history.noChange")];
}
