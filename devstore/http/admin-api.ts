import {
  getOperationAST,
  parse,
  validate,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { actualQueryCost, requestedQueryCost } from "../throttle/query-cost.js";
import type { CostBucketLimiter } from "../throttle/leaky-bucket.js";
import {
  costExtension,
  maxCostExceededBody,
  SINGLE_QUERY_MAX_COST,
  throttledBody,
} from "../throttle/responses.js";

/**
 * The Admin GraphQL endpoint without HTTP: version and token checks, parsing and validation against Shopify's Admin
 * schema, cost-based throttling, execution, and Shopify's response shapes (REFERENCE 2, 2.4).
 */

export type AdminExecutor = (
  ctx: { shop: string; apiKey: string },
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
) => Promise<ExecutionResult>;

export interface AdminApiDeps {
  schema: GraphQLSchema;
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
const DOCUMENT_CACHE_LIMIT = 1000;

interface PreparedDocument {
  document: DocumentNode | null;
  errors: readonly GraphQLError[];
}

export function createAdminApi(deps: AdminApiDeps) {
  const prepared = new Map<string, PreparedDocument>();

  // Parsing and validating the same operation against the large Admin schema is the expensive part of a request;
  // apps send a small fixed set of operations, so cache by query text.
  function prepare(query: string): PreparedDocument {
    const cached = prepared.get(query);
    if (cached) return cached;
    let result: PreparedDocument;
    try {
      const document = parse(query);
      const errors = validate(deps.schema, document);
      result = { document: errors.length ? null : document, errors: errors.map(shopifyStyleError) };
    } catch (e) {
      result = { document: null, errors: [e instanceof GraphQLError ? e : new GraphQLError(String(e))] };
    }
    if (prepared.size >= DOCUMENT_CACHE_LIMIT) prepared.clear();
    prepared.set(query, result);
    return result;
  }

  return {
    async handle(req: AdminApiRequest): Promise<AdminApiResponse> {
      if (!deps.versions.has(req.version)) return { status: 404, body: { errors: "Not Found" } };
      const login = req.accessToken ? deps.shopForAccessToken(req.accessToken) : null;
      if (!login) return { status: 401, body: INVALID_TOKEN_BODY };

      const body = parseBody(req.contentType, req.rawBody);
      if (!body) return { status: 400, body: BAD_REQUEST_BODY };

      const bucketKey = `${login.apiKey}|${login.shop}`;
      const { document, errors } = prepare(body.query);
      if (!document) {
        return {
          status: 200,
          body: {
            errors: errors.map((e) => e.toJSON()),
            extensions: costExtension(0, null, deps.limiter.status(bucketKey)),
          },
        };
      }
      if (!getOperationAST(document, body.operationName)) {
        const message = body.operationName
          ? `No operation named "${body.operationName}"`
          : "An operation name is required when the document holds several operations";
        return {
          status: 200,
          body: { errors: [{ message }], extensions: costExtension(0, null, deps.limiter.status(bucketKey)) },
        };
      }

      const requested = requestedQueryCost(deps.schema, document, body.operationName, body.variables);
      if (requested > SINGLE_QUERY_MAX_COST) {
        return { status: 200, body: maxCostExceededBody(requested, deps.limiter.status(bucketKey)) };
      }
      const taken = deps.limiter.take(bucketKey, requested);
      if (!taken.ok) return { status: 200, body: throttledBody(requested, taken.status) };

      const result = await deps.execute(login, body.query, body.variables, body.operationName);
      const actual = actualQueryCost(deps.schema, document, body.operationName, body.variables, result.data);
      const status = deps.limiter.refund(bucketKey, requested - actual);
      return {
        status: 200,
        body: {
          ...(result.errors?.length ? { errors: result.errors.map(toJson) } : {}),
          ...("data" in result ? { data: result.data } : {}),
          extensions: { ...result.extensions, ...costExtension(requested, actual, status) },
        },
      };
    },
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
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== "object" || Array.isArray(variables))
  )
    return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  return {
    query,
    variables: (variables ?? {}) as Record<string, unknown>,
    operationName: operationName ?? undefined,
  };
}

/**
 * Shopify runs graphql-ruby, whose wording differs from graphql-js for the two mistakes an app makes most: a field or
 * an argument the schema does not have. Rewrite those so the dev store answers as Shopify would; keep the rest.
 */
export function shopifyStyleError(error: GraphQLError): GraphQLError {
  const field = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (field) {
    const [, fieldName, typeName] = field;
    return new GraphQLError(`Field '${fieldName}' doesn't exist on type '${typeName}'`, {
      nodes: error.nodes,
      extensions: { code: "undefinedField", typeName, fieldName },
    });
  }
  const argument = /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./.exec(error.message);
  if (argument) {
    const [, argumentName, , fieldName] = argument;
    return new GraphQLError(`Field '${fieldName}' doesn't accept argument '${argumentName}'`, {
      nodes: error.nodes,
      extensions: { code: "argumentNotAccepted", name: fieldName, typeName: "Field", argumentName },
    });
  }
  return error;
}

function toJson(error: unknown): unknown {
  return error instanceof GraphQLError ? error.toJSON() : error;
}
