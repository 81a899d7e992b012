import type { ThrottleStatus } from "./leaky-bucket.js";

/** Response bodies of Shopify's limiter, verbatim in shape (REFERENCE 2.4). */

export const SINGLE_QUERY_MAX_COST = 1000;
const RATE_LIMITS_DOC = "https://shopify.dev/api/usage/rate-limits";

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export function costExtension(
  requested: number,
  actual: number | null,
  status: ThrottleStatus,
): { cost: CostExtension } {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } };
}

export function throttledBody(requested: number, status: ThrottleStatus) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOC } }],
    extensions: costExtension(requested, null, status),
  };
}

export function maxCostExceededBody(requested: number, status: ThrottleStatus) {
  return {
    errors: [
      {
        message:
          `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\n` +
          "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
          "cost of a query is calculated.\n\n" +
          "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
          "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
        extensions: {
          code: "MAX_COST_EXCEEDED",
          cost: requested,
          maxCost: SINGLE_QUERY_MAX_COST,
          documentation: RATE_LIMITS_DOC,
        },
      },
    ],
    extensions: costExtension(requested, null, status),
  };
}
