import { useCallback, useEffect, useState } from "react";

export type AsyncState<T> =
  /** `data` is the previous result while a reload or a new query is under way. */
  | { status: "loading"; data: T | undefined }
  | { status: "success"; data: T }
  | { status: "error"; error: unknown; data: undefined };

interface Settled<T> {
  load: (signal: AbortSignal) => Promise<T>;
  generation: number;
  outcome: { ok: true; data: T } | { ok: false; error: unknown };
}

/**
 * Runs `load` whenever it changes (wrap it in useCallback with its inputs) or `reload()` is called. A newer request
 * aborts the older one, so a slow answer for an old filter never overwrites a newer one.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>): {
  state: AsyncState<T>;
  reload: () => void;
} {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const settle = (outcome: Settled<T>["outcome"]) => {
      if (!controller.signal.aborted) setSettled({ load, generation, outcome });
    };
    load(controller.signal).then(
      (data) => settle({ ok: true, data }),
      (error: unknown) => settle({ ok: false, error }),
    );
    return () => controller.abort();
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  // Loading is derived rather than stored: the settled result belongs to an older request until it matches.
  const current = settled !== null && settled.load === load && settled.generation === generation;
  let state: AsyncState<T>;
  if (!current) state = { status: "loading", data: settled?.outcome.ok ? settled.outcome.data : undefined };
  else if (settled.outcome.ok) state = { status: "success", data: settled.outcome.data };
  else state = { status: "error", error: settled.outcome.error, data: undefined };
  return { state, reload };
}
