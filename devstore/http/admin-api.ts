import {
  getOperationAST,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import type { AdminExecutor } from "../graphql/execute.js";
import { actualQueryCost, requestedQueryCost } from "../throttle/query-cost.js";
import type { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import {
  costExtension,
  maxCostExceededBody,
  SINGLE_QUERY_MAX_COST,
  throttledBody,
} from "../throttle/responses.js";

/**
 * The Admin GraphQL endpoint without HTTP: version and token checks, cost-based throttling around execution, and
 * Shopify's response shapes (REFERENCE 2, 2.4). Parsing and validation (with Shopify's wording) belong to
 * devstore/graphql; this module prices the validated document before anything runs.
 */

export type { AdminExecutor };

export interface AdminApiDeps {
  schema: GraphQLSchema;
  /** Parses and validates against `schema`, cached by query text (graphql/execute.ts createDocumentCache). */
  prepare: (query: string) => { document: DocumentNode } | { errors: GraphQLError[] };
  execute: AdminExecutor;
  limiter: CostBucketLimiter;
  /** API versions the endpoint serves (the apps' `[webhooks] api_version`). */
  versions: ReadonlySet<string>;
  shopForAccessToken(token: string): { shop: string; apiKey: string } | null;
}

export interface AdminApiRequest {
  version: string;
  accessToken: string | undefined;
  contentType: string | undefined;
  rawBody: string;
}

export interface AdminApiResponse {
  status: number;
  body: unknown;
}

export const INVALID_TOKEN_BODY = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};
const BAD_REQUEST_BODY = { errors: { query: "Required parameter missing or invalid" } };

export function createAdminApi(deps: AdminApiDeps) {
  return {
    async handle(req: AdminApiRequest): Promise<AdminApiResponse> {
      if (!deps.versions.has(req.version)) return { status: 404, body: { errors: "Not Found" } };
      const login = req.accessToken ? deps.shopForAccessToken(req.accessToken) : null;
      if (!login) return { status: 401, body: INVALID_TOKEN_BODY };

      const body = parseBody(req.contentType, req.rawBody);
      if (!body) return { status: 400, body: BAD_REQUEST_BODY };

      const bucketKey = `${login.apiKey}|${login.shop}`;
      const prepared = deps.prepare(body.query);
      // Invalid documents never run and cost nothing.
      if ("errors" in prepared) {
        return {
          status: 200,
          body: {
            errors: prepared.errors.map(toJson),
            extensions: costExtension(0, null, deps.limiter.status(bucketKey)),
          },
        };
      }
      const { document } = prepared;

      // Without a matching operation, the executor answers with the error and nothing is priced.
      const requested = getOperationAST(document, body.operationName)
        ? requestedQueryCost(deps.schema, document, body.operationName, body.variables)
        : 0;
      if (requested > SINGLE_QUERY_MAX_COST) {
        return { status: 200, body: maxCostExceededBody(requested, deps.limiter.status(bucketKey)) };
      }
      const taken = deps.limiter.take(bucketKey, requested);
      if (!taken.ok) return { status: 200, body: throttledBody(requested, taken.status) };

      const result = await deps.execute(login, body.query, body.variables, body.operationName);
      const actual = Math.min(
        requested,
        actualQueryCost(deps.schema, document, body.operationName, body.variables, result.data),
      );
      const status = deps.limiter.refund(bucketKey, requested - actual);
      return { status: 200, body: responseBody(result, costExtension(requested, actual, status)) };
    },
  };
}

function responseBody(result: ExecutionResult, cost: ReturnType<typeof costExtension>) {
  return {
    ...(result.errors?.length ? { errors: result.errors.map(toJson) } : {}),
    ...("data" in result ? { data: result.data } : {}),
    extensions: { ...result.extensions, ...cost },
  };
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

/** JSON `{query, variables, operationName}`, or a bare query with Content-Type application/graphql as Shopify allows. */
function parseBody(contentType: string | undefined, raw: string): GraphqlBody | null {
  if (contentType?.includes("application/graphql")) {
    return raw.trim() ? { query: raw, variables: {}, operationName: undefined } : null;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== "string" || !query.trim()) return null;
  const variablesOk =
    variables === undefined ||
    variables === null ||
    (typeof variables === "object" && !Array.isArray(variables));
  if (!variablesOk) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  return {
    query,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: operationName ?? undefined,
  };
}

function toJson(error: unknown): unknown {
  return error instanceof GraphQLError ? error.toJSON() : error;
}
