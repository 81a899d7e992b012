import type { AppBridge } from "../../app-bridge";

export type PickType = "product" | "variant" | "collection";

/** One chosen product, variant or collection, with the title to show for it. */
export interface Picked {
  id: string;
  title: string;
}

/** Opens a picker of `type`; resolves to the choice, or null when the merchant cancels. */
export type ResourcePicker = (type: PickType) => Promise<Picked | null>;

/** App Bridge's resource picker, in Waitwell's terms; null when the page has none (local mode). */
export function appBridgePicker(appBridge: AppBridge): ResourcePicker | null {
  const open = appBridge.resourcePicker?.bind(appBridge);
  if (!open) return null;
  return async (type) => {
    const [first] = (await open({ type, action: "select", multiple: false })) ?? [];
    if (!first) return null;
    const title =
      type === "variant"
        ? (first.displayName ?? [first.product?.title, first.title].filter(Boolean).join(" – "))
        : (first.title ?? first.id);
    return { id: first.id, title: title || first.id };
  };
}
