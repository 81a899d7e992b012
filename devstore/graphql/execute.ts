import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import { DevStoreError, type DevStore } from "../model/store.js";
import type { AdminContext } from "./context.js";
import { shopifySyntaxError, shopifyValidationErrors, shopifyVariableErrors } from "./errors.js";
import { globalIdErrors } from "./global-ids.js";
import { MutationRoot } from "./mutation-root.js";
import { QueryRoot } from "./query-root.js";
import { loadAdminSchema } from "./schema.js";

export { loadAdminSchema } from "./schema.js";

export type AdminExecutor = (
  ctx: { shop: string; apiKey: string },
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
) => Promise<ExecutionResult>;

type Prepared = { document: DocumentNode } | { errors: GraphQLError[] };

/** Parsing and validating a document costs far more than running it; apps send the same few documents over and over. */
const MAX_CACHED_DOCUMENTS = 1000;

function toGraphQLError(formatted: GraphQLFormattedError, original?: GraphQLError): GraphQLError {
  return new GraphQLError(formatted.message, {
    ...(original?.nodes ? { nodes: original.nodes } : {}),
    ...(original?.source && original.positions
      ? { source: original.source, positions: original.positions }
      : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.extensions ? { extensions: formatted.extensions } : {}),
  });
}

/**
 * Parses and validates against Shopify's schema, with Shopify's error wording. Exported (and cached) so the HTTP
 * layer can compute query cost on the same document without parsing twice.
 */
export function createDocumentCache(schema: GraphQLSchema = loadAdminSchema()): (query: string) => Prepared {
  const cache = new Map<string, Prepared>();
  return (query) => {
    const hit = cache.get(query);
    if (hit) return hit;
    let prepared: Prepared;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      prepared =
        errors.length > 0
          ? { errors: shopifyValidationErrors(errors, document).map((f, i) => toGraphQLError(f, errors[i])) }
          : { document };
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      prepared = { errors: [toGraphQLError(shopifySyntaxError(err), err)] };
    }
    if (cache.size >= MAX_CACHED_DOCUMENTS) cache.clear();
    cache.set(query, prepared);
    return prepared;
  };
}

/**
 * Reads the field of the same name from a view (a property, or a method called with the field's arguments). A field
 * of Shopify's schema that no view provides is an error that says so, never a silent null.
 */
function makeFieldResolver(schema: GraphQLSchema): GraphQLFieldResolver<unknown, AdminContext> {
  const roots = new Set([schema.getQueryType(), schema.getMutationType()]);
  return (source, args, context, info) => {
    if (source !== null && typeof source === "object" && info.fieldName in source) {
      const value = (source as Record<string, unknown>)[info.fieldName];
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).call(source, args, context, info)
        : value;
    }
    const name = roots.has(info.parentType) ? info.fieldName : `${info.parentType.name}.${info.fieldName}`;
    throw new GraphQLError(`${name} is not implemented in the dev store`, {
      extensions: { code: "NOT_IMPLEMENTED" },
    });
  };
}

/** Unexpected exceptions answer like Shopify's internal errors, keeping the cause for whoever debugs the dev store. */
function maskInternalErrors(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((err) => {
    const cause = err.originalError;
    if (!cause || cause instanceof GraphQLError || cause instanceof DevStoreError) return err;
    return new GraphQLError("Internal error. Looks like something went wrong on our end.", {
      ...(err.nodes ? { nodes: err.nodes } : {}),
      ...(err.path ? { path: err.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR", devstoreCause: cause.message },
    });
  });
}

export function createAdminExecutor(store: DevStore): AdminExecutor {
  const schema = loadAdminSchema();
  const prepare = createDocumentCache(schema);
  const fieldResolver = makeFieldResolver(schema);
  return async (ctx, query, variables, operationName) => {
    const prepared = prepare(query);
    if ("errors" in prepared) return { errors: prepared.errors };
    const { document } = prepared;
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      const message = operationName
        ? `No operation named "${operationName}"`
        : "An operation name is required";
      return { errors: [new GraphQLError(message, { extensions: { code: "OPERATION_NAME_REQUIRED" } })] };
    }
    if (operation.operation === "subscription") {
      return {
        errors: [
          new GraphQLError("Subscriptions are not supported by the Admin API", {
            extensions: { code: "NOT_IMPLEMENTED" },
          }),
        ],
      };
    }
    const idErrors = globalIdErrors(schema, document, operation, variables);
    if (idErrors.length > 0) return { errors: idErrors };
    const s = store.state(ctx.shop);
    const context: AdminContext = {
      store,
      s,
      apiKey: ctx.apiKey,
      appId: store.app(ctx.apiKey).id,
      installation: s.installations.get(ctx.apiKey) ?? null,
      search: [],
    };
    const rootValue = operation.operation === "mutation" ? new MutationRoot(context) : new QueryRoot(context);
    const result = await execute({
      schema,
      document,
      rootValue,
      contextValue: context,
      variableValues: variables ?? {},
      ...(operationName ? { operationName } : {}),
      fieldResolver,
    });
    if (result.errors && result.data === undefined) {
      const mapped = shopifyVariableErrors(result.errors, document, variables);
      return { errors: mapped.map((f, i) => toGraphQLError(f, result.errors![i])) };
    }
    const out: ExecutionResult = { data: result.data ?? null };
    if (result.errors) out.errors = maskInternalErrors(result.errors);
    if (context.search.length > 0) out.extensions = { search: context.search };
    return out;
  };
}
