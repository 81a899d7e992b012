import { useEffect, useRef, type ReactNode } from "react";

/**
 * Polaris tables scroll sideways inside a container that takes no focus, so a keyboard user cannot scroll a wide
 * table (axe: scrollable-region-focusable, WCAG 2.1.1). This makes each such container inside a focusable, named
 * region. https://dequeuniversity.com/rules/axe/4.10/scrollable-region-focusable
 */
export function KeyboardScrollable({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const mark = () => {
      for (const el of root.querySelectorAll<HTMLElement>(
        ".Polaris-IndexTable-ScrollContainer, .Polaris-DataTable__ScrollContainer",
      )) {
        if (el.getAttribute("tabindex") === "0") continue;
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", label);
      }
    };
    mark();
    // Polaris mounts the container again when a table goes from loading or empty to rows.
    const observer = new MutationObserver(mark);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label]);
  return <div ref={ref}>{children}</div>;
}
