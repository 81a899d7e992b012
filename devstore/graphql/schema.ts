import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/**
 * Shopify's real Admin schema, from the registry package @shopify/dev-mcp@1.1.0 (its 2025-01 introspection). The
 * dev store never defines types of its own: every query is validated and executed against this schema.
 */
const require = createRequire(import.meta.url);
let cached: GraphQLSchema | undefined;

export function loadAdminSchema(): GraphQLSchema {
  if (!cached) {
    const file = require.resolve("@shopify/dev-mcp/data/admin_schema_2025-01.json.gz");
    const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(introspection.data);
  }
  return cached;
}
