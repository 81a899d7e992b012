import { useState, type ReactNode } from "react";
import { useServices } from "../../hooks/use-services";
import { describeError } from "../../locales/describe-error";
import { LocalPickerModal } from "./local-picker-modal";
import type { Picked } from "./picked";

/**
 * Opens a product or variant picker: App Bridge's resource picker inside Shopify admin, the Polaris one (rendered by
 * the returned `modal`) in local mode. `open(type, onPick)` calls back only when something was chosen.
 */
export function usePicker(): {
  open: (type: "product" | "variant" | "collection", onPick: (picked: Picked) => void) => void;
  modal: ReactNode;
  /** False in local mode for collections: the dev store has none to pick from, the editor asks for an id. */
  canPick: (type: "product" | "variant" | "collection") => boolean;
} {
  const { pickResource, toast } = useServices();
  const [local, setLocal] = useState<{ type: "product" | "variant"; onPick: (p: Picked) => void } | null>(
    null,
  );
  return {
    canPick: (type) => pickResource !== null || type !== "collection",
    open(type, onPick) {
      if (pickResource) {
        pickResource(type).then(
          (picked) => picked && onPick(picked),
          (error: unknown) => toast(describeError(error), { isError: true }),
        );
      } else if (type !== "collection") {
        setLocal({ type, onPick });
      }
    },
    modal: local ? (
      <LocalPickerModal
        type={local.type}
        onClose={() => setLocal(null)}
        onPick={(picked) => {
          setLocal(null);
          local.onPick(picked);
        }}
      />
    ) : null,
  };
}
