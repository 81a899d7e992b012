/** The inbox worker's retry schedule. */
import type { InboxWorkerSettings } from "./inbox-worker.js";

/**
 * Exponential backoff with jitter: base × 2^(attempt−1), capped, plus up to half of that again at random.
 * `attempt` is the attempt that just failed (1 for the first). With the defaults (30 s base, 1 h cap, 10 attempts)
 * the nine waits add up to between 3.1 h and 4.6 h (see retryWindowMs), in the spirit of Shopify's own webhook
 * retries (8 retries over 4 hours, https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks), so an
 * outage of Shopify or of the database shorter than that dead-letters nothing.
 */
export function backoffDelayMs(
  attempt: number,
  settings: Pick<InboxWorkerSettings, "backoffBaseMs" | "maxBackoffMs">,
  random: () => number,
): number {
  const exponential = settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, settings.maxBackoffMs ?? 3_600_000);
  return Math.round(capped + (capped / 2) * random());
}

/** The shortest and longest total wait between the first and the last attempt (no jitter / all jitter). */
export function retryWindowMs(
  settings: Pick<InboxWorkerSettings, "backoffBaseMs" | "maxBackoffMs" | "maxAttempts">,
): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (let attempt = 1; attempt < settings.maxAttempts; attempt++) {
    min += backoffDelayMs(attempt, settings, () => 0);
    max += backoffDelayMs(attempt, settings, () => 1);
  }
  return { min, max };
}
