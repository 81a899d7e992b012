import { ADMIN_API_VERSION } from "../../shopify-api-version.js";
import { ShopifyApiError, ShopifyThrottledError, ShopifyUserError, UnauthorizedError } from "../../errors.js";
import type { Logger, ShopDomain } from "../../use-cases/ports.js";
import { createHttpPost, type AdminFetch, type AdminResponse } from "./http-post.js";

/**
 * Admin GraphQL over HTTP POST (http-post.ts). We do not use @shopify/shopify-api's client here because (a) it always targets
 * https://{shop}, and local mode talks to the dev store, and (b) it does not retry a 200-with-THROTTLED body
 * (REFERENCE 2.4), which is how Shopify's cost-based limiter answers.
 *
 * Every operation string starts with the #graphql marker and carries a name: test/graphql-operations.test.ts collects them
 * from the source and validates each against Shopify's Admin schemas.
 */

export interface GraphqlOperation<TData = unknown, TVars = Record<string, unknown>> {
  readonly name: string;
  readonly query: string;
  /** Phantom fields so call sites get typed data without casting. */
  readonly __data?: TData;
  readonly __vars?: TVars;
}

export function operation<TData, TVars = Record<string, unknown>>(
  query: string,
): GraphqlOperation<TData, TVars> {
  const name = /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1];
  if (!name) throw new Error(`GraphQL operations must be named: ${query.slice(0, 80)}`);
  return { name, query };
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CallRecord {
  shop: ShopDomain;
  operation: string;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttled: boolean;
}

export interface AdminClientOptions {
  /** null → https://{shop}; in local mode the dev store's origin. */
  adminOrigin: string | null;
  accessToken: (shop: ShopDomain) => Promise<string>;
  logger: Logger;
  /** Default: node:http(s) over kept-alive connections (http-post.ts); tests pass a scripted one. */
  fetch?: AdminFetch;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch; the bucket estimate refills by it. Default Date.now. */
  now?: () => number;
  maxRetries?: number;
  /** Called once per HTTP round trip: benchmarks count calls and cost points through it. */
  onCall?: (record: CallRecord) => void;
  /**
   * Whether the caller holds a shop's lock (adapters/held-shop-lock.ts). There a throttled call is not waited out:
   * it fails at once with ShopifyThrottledError (its retryAfterMs says when the bucket will hold enough), so the
   * lock is let go and the step is retried later. Default: never.
   */
  holdsShopLock?: () => boolean;
  /**
   * Shopify refused the shop's token (revoked, or the app was uninstalled while a webhook was in flight). The
   * composition root drops the stored session here, so the next admin load installs again by token exchange.
   */
  onUnauthorized?: (shop: ShopDomain, refusedToken: string) => Promise<void>;
}

export interface AdminClient {
  request<TData, TVars>(
    shop: ShopDomain,
    op: GraphqlOperation<TData, TVars>,
    variables?: TVars,
  ): Promise<TData>;
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus };
  };
}

function throttledInLock(operation: string, shop: string, waitMs: number): ShopifyThrottledError {
  return new ShopifyThrottledError(
    `${operation}: throttled while holding ${shop}'s lock; not waiting ${Math.ceil(waitMs)} ms inside it`,
    waitMs,
  );
}

let httpPost: AdminFetch | undefined;
/** One set of kept-alive connections for every client of the process (shop-profile.ts makes one per read). */
function sharedHttpPost(): AdminFetch {
  return (httpPost ??= createHttpPost());
}

export function createAdminClient(opts: AdminClientOptions): AdminClient {
  const doFetch = opts.fetch ?? sharedHttpPost();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = opts.maxRetries ?? 5;
  const pacer = createPacer(opts.now ?? Date.now);

  const endpoint = (shop: ShopDomain) =>
    `${opts.adminOrigin ?? `https://${shop}`}/admin/api/${ADMIN_API_VERSION}/graphql.json`;

  return {
    async request(shop, op, variables) {
      for (let attempt = 0; ; attempt++) {
        // Wait for the bucket to hold what this operation asked for last time, instead of being refused for it. A
        // retry after a THROTTLED answer asks again: calls of the shop sent at once were refused together, and must
        // take their turns on the bucket instead of all coming back at the same moment.
        const turn = pacer.take(shop, op.name);
        let answered = false;
        try {
          if (turn.waitMs > 0 && opts.holdsShopLock?.()) throw throttledInLock(op.name, shop, turn.waitMs);
          if (turn.waitMs > 0) await sleep(turn.waitMs);
          const token = await opts.accessToken(shop);
          let res: AdminResponse;
          try {
            res = await doFetch(endpoint(shop), {
              method: "POST" as const,
              headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
              body: JSON.stringify({ query: op.query, variables: variables ?? {}, operationName: op.name }),
            });
          } catch (e) {
            if (attempt < maxRetries) {
              await sleep(backoffMs(attempt));
              continue;
            }
            throw new ShopifyApiError(`${op.name}: network error talking to ${shop}`, undefined, {
              cause: e,
            });
          }
          if (res.status === 401 || res.status === 403) {
            await opts.onUnauthorized?.(shop, token);
            throw new UnauthorizedError(
              `${op.name}: Shopify refused the access token for ${shop} (${res.status})`,
            );
          }
          if ((res.status === 429 || res.status >= 500) && attempt < maxRetries) {
            const retryAfter = Number(res.headers.get("retry-after"));
            await sleep(
              Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoffMs(attempt),
            );
            continue;
          }
          if (!res.ok) throw new ShopifyApiError(`${op.name}: HTTP ${res.status} from ${shop}`);

          const body = (await res.json()) as GraphqlResponse<never>;
          const cost = body.extensions?.cost;
          const throttled = body.errors?.some((e) => e.extensions?.code === "THROTTLED") ?? false;
          answered = true;
          pacer.observe(shop, op.name, turn, cost?.requestedQueryCost ?? null, cost?.throttleStatus);
          opts.onCall?.({
            shop,
            operation: op.name,
            requestedQueryCost: cost?.requestedQueryCost ?? null,
            actualQueryCost: cost?.actualQueryCost ?? null,
            throttled,
          });
          if (throttled) {
            const wait = throttleWaitMs(cost?.requestedQueryCost ?? 0, cost?.throttleStatus);
            if (opts.holdsShopLock?.()) throw throttledInLock(op.name, shop, wait);
            if (attempt < maxRetries) {
              opts.logger.debug("shopify throttled; waiting", { shop, operation: op.name, waitMs: wait });
              await sleep(wait);
              continue;
            }
            throw new ShopifyThrottledError(`${op.name}: still throttled after ${maxRetries} retries`, wait);
          }
          if (body.errors?.length) {
            throw new ShopifyApiError(
              `${op.name}: ${body.errors.map((e) => e.message).join("; ")}`,
              body.errors,
            );
          }
          if (body.data === undefined) throw new ShopifyApiError(`${op.name}: response without data`);
          return body.data;
        } finally {
          if (!answered) pacer.giveBack(shop, turn);
        }
      }
    },
  };
}

/**
 * Spends the shop's cost bucket as Shopify reports it (`extensions.cost.throttleStatus`, REFERENCE 2.4): after every
 * answer it knows what was left and the restore rate, and before a request it waits exactly until the bucket has
 * refilled to what the same operation asked for last time. Sending earlier would only earn a THROTTLED answer (a
 * wasted round trip); waiting longer wastes budget.
 */
function createPacer(now: () => number) {
  const buckets = new Map<string, { available: number; maximum: number; rate: number; atMs: number }>();
  const lastCost = new Map<string, number>();
  /** Points taken by calls sent and not answered yet, per shop: Shopify's next throttleStatus does not count them. */
  const inFlight = new Map<string, number>();
  const refill = (bucket: { available: number; maximum: number; rate: number; atMs: number }) => {
    const t = now();
    bucket.available = Math.min(
      bucket.maximum,
      bucket.available + (bucket.rate * Math.max(0, t - bucket.atMs)) / 1000,
    );
    bucket.atMs = t;
  };
  const release = (shop: string, points: number) => {
    if (points > 0) inFlight.set(shop, Math.max(0, (inFlight.get(shop) ?? 0) - points));
  };
  return {
    /**
     * This call's turn: how long to wait, and the points it takes from now on, so that calls sent at once (the order
     * writer runs several) queue behind each other instead of all counting the same points.
     */
    take(shop: string, operation: string): PacerTurn {
      const bucket = buckets.get(shop);
      const cost = lastCost.get(`${shop} ${operation}`);
      if (!bucket || cost === undefined || bucket.rate <= 0) return { waitMs: 0, points: 0 };
      refill(bucket);
      const need = Math.min(cost, bucket.maximum);
      const waitMs =
        bucket.available >= need ? 0 : Math.ceil(((need - bucket.available) / bucket.rate) * 1000);
      bucket.available -= need;
      inFlight.set(shop, (inFlight.get(shop) ?? 0) + need);
      return { waitMs, points: need };
    },
    /** A call that was never answered (refused inside a lock, network error): its points are not spent. */
    giveBack(shop: string, turn: PacerTurn) {
      release(shop, turn.points);
      const bucket = buckets.get(shop);
      if (bucket && turn.points > 0)
        bucket.available = Math.min(bucket.maximum, bucket.available + turn.points);
    },
    /** The answer's throttleStatus is the bucket, less what the calls still in flight have taken. */
    observe(
      shop: string,
      operation: string,
      turn: PacerTurn,
      requested: number | null,
      status: ThrottleStatus | undefined,
    ) {
      release(shop, turn.points);
      if (requested !== null) lastCost.set(`${shop} ${operation}`, requested);
      if (status) {
        buckets.set(shop, {
          available: status.currentlyAvailable - (inFlight.get(shop) ?? 0),
          maximum: status.maximumAvailable,
          rate: status.restoreRate,
          atMs: now(),
        });
      }
    },
  };
}

interface PacerTurn {
  waitMs: number;
  points: number;
}

/**
 * How long until the bucket holds what this query asks for: the deficit divided by the restore rate, plus a small
 * margin so we don't arrive a millisecond early. Without a throttleStatus, fall back to one second.
 */
export function throttleWaitMs(requested: number, status: ThrottleStatus | undefined): number {
  if (!status || status.restoreRate <= 0) return 1000;
  const deficit = Math.max(0, requested - status.currentlyAvailable);
  return Math.ceil((deficit / status.restoreRate) * 1000) + 50;
}

function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** attempt);
}

/** Mutations report refusals in `userErrors`; a non-empty list becomes a typed error. */
export function assertNoUserErrors(
  operationName: string,
  payload:
    { userErrors?: { field?: string[] | null; message: string; code?: string | null }[] } | null | undefined,
): void {
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0) throw new ShopifyUserError(operationName, errors);
}
