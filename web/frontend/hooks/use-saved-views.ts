import { useCallback, useState } from "react";
import { parseHash, type BackorderFilters } from "../router";

/** A named set of list filters the merchant saved as a tab. */
export interface SavedView {
  name: string;
  /** The list's hash route (#/backorders?…): what selecting the tab opens. */
  href: string;
}

const MAX_VIEWS = 20;

/**
 * Saved views of the backorder list, kept in this browser (localStorage, one list per shop): a view is only a URL,
 * so it holds no data of the shop and nothing is lost when it goes.
 */
export function useSavedViews(shop: string) {
  const key = `waitwell.backorderViews.${shop}`;
  const [views, setViews] = useState<SavedView[]>(() => read(key));

  const store = useCallback(
    (next: SavedView[]) => {
      setViews(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or disabled: the views last for this visit.
      }
    },
    [key],
  );

  return {
    views,
    /** Saves under `name` (replacing a view of that name); false when the name is empty. */
    save(name: string, href: string): boolean {
      const trimmed = name.trim();
      if (!trimmed) return false;
      store([...views.filter((v) => v.name !== trimmed), { name: trimmed, href }].slice(-MAX_VIEWS));
      return true;
    },
    remove(name: string) {
      store(views.filter((v) => v.name !== name));
    },
  };
}

export function filtersOf(view: SavedView): BackorderFilters | null {
  const route = parseHash(view.href);
  return route.name === "backorders" ? route.filters : null;
}

function read(key: string): SavedView[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is SavedView =>
        typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.href === "string",
    );
  } catch {
    return [];
  }
}
