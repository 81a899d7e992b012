import { useEffect, useRef, type ReactNode } from "react";

/**
 * Polaris's Checkbox shows "some chosen" (a table's select-all box when only some rows are) by writing
 * `aria-checked="mixed"` and an `indeterminate` attribute on the native checkbox; HTML has no such attribute, so the
 * input's `indeterminate` property stays false and assistive technology reads a box that is both unchecked and mixed
 * (axe: aria-conditional-attr). This sets the property from `aria-checked` on every checkbox inside, so the native
 * state and the ARIA state agree. https://dequeuniversity.com/rules/axe/4.10/aria-conditional-attr
 */
export function MixedCheckboxes({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const sync = () => {
      for (const box of root.querySelectorAll<HTMLInputElement>('input[type="checkbox"][aria-checked]')) {
        const mixed = box.getAttribute("aria-checked") === "mixed";
        if (box.indeterminate !== mixed) box.indeterminate = mixed;
      }
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(root, { childList: true, subtree: true, attributeFilter: ["aria-checked"] });
    return () => observer.disconnect();
  }, []);
  return <div ref={ref}>{children}</div>;
}
