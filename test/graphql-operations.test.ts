import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { buildClientSchema, buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";

/**
 * Every Admin GraphQL operation the app sends starts with `#graphql` (fragments too, spliced in as `${NAME}`). This
 * test collects them from the source and validates each against Shopify's real Admin schemas: 2025-01 (from
 * @shopify/dev-mcp, the dev store's schema) and, when ../shared is present, the newer unstable 2025-09-17 SDL, which
 * brackets our pinned 2026-07.
 */
const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" || d.name === "node_modules" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

export function collectOperations(): { file: string; source: string }[] {
  return sourceFiles(path.join(root, "web/server")).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    // A fragment is a constant of its own (`const NAME = \`#graphql fragment …\``), spliced into the operations
    // (and fragments) that use it as `${NAME}`; it is validated as part of each of them.
    const fragments = new Map(
      [...text.matchAll(/const (\w+) = `(#graphql\s+fragment\s[\s\S]*?)`/g)].map((m) => [m[1]!, m[2]!]),
    );
    const splice = (source: string): string =>
      source.replace(/\$\{(\w+)\}/g, (_, name: string) => {
        const fragment = fragments.get(name);
        if (fragment === undefined)
          throw new Error(`${file}: \${${name}} is not a #graphql fragment constant`);
        return splice(fragment);
      });
    return [...text.matchAll(/`(#graphql\s[\s\S]*?)`/g)]
      .filter((m) => !/^#graphql\s+fragment\s/.test(m[1]!))
      .map((m) => ({ file: path.relative(root, file), source: splice(m[1]!) }));
  });
}

const require = createRequire(import.meta.url);
const devMcpSchema = buildClientSchema(
  JSON.parse(
    gunzipSync(
      readFileSync(require.resolve("@shopify/dev-mcp/data/admin_schema_2025-01.json.gz")),
    ).toString(),
  ).data,
);
const unstablePath = path.resolve(root, "../shared/shopify/schema/admin_schema_unstable_2025-09-17.graphql");

function errorsAgainst(schema: GraphQLSchema, source: string): string[] {
  return validate(schema, parse(source)).map((e) => e.message);
}

const operations = collectOperations();

describe("Admin GraphQL operations in the app's source", () => {
  it("are collected (the app does talk to Shopify)", () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  it.each(operations.map((o) => [o.file, o.source] as const))(
    "%s: named and valid on Admin 2025-01",
    (_f, src) => {
      const doc = parse(src);
      for (const def of doc.definitions) {
        if (def.kind === "OperationDefinition")
          expect(def.name?.value, "operations must be named").toBeTruthy();
      }
      expect(errorsAgainst(devMcpSchema, src)).toEqual([]);
    },
  );

  const haveUnstable = existsSync(unstablePath);
  if (!haveUnstable) console.warn(`skipping the newer-schema check: ${unstablePath} is absent`);
  it.skipIf(!haveUnstable).each(operations.map((o) => [o.file, o.source] as const))(
    "%s: valid on Admin unstable 2025-09-17",
    (_f, src) => {
      const schema = buildSchema(readFileSync(unstablePath, "utf8"));
      expect(errorsAgainst(schema, src)).toEqual([]);
    },
  );
});
