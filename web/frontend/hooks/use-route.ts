import { useMemo, useSyncExternalStore } from "react";
import { hrefFor, parseHash, type Route } from "../router";

// popstate too: App Bridge's navigation menu may move the page with history.pushState, which fires no hashchange.
function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  window.addEventListener("popstate", onChange);
  return () => {
    window.removeEventListener("hashchange", onChange);
    window.removeEventListener("popstate", onChange);
  };
}

const currentHash = () => window.location.hash;

/** The current route; re-renders on every hash change (links, back/forward, navigate()). */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return useMemo(() => parseHash(hash), [hash]);
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
