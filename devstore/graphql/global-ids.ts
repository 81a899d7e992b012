import {
  getNamedType,
  getVariableValues,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  print,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { parseGlobalId } from "../model/ids.js";
import { pathsOf } from "./errors.js";

/**
 * Shopify's ID scalar only accepts global ids (`gid://shopify/Type/…`). A malformed one fails coercion before anything
 * runs (no `data`), in graphql-ruby's words:
 *   literal:  {"message":"Invalid global id '1001'","path":["query","order","id"],
 *              "extensions":{"code":"argumentLiteralsIncompatible","typeName":"CoercionError"}}
 *   variable: {"message":"Variable $id of type ID! was provided invalid value",
 *              "extensions":{"code":"INVALID_VARIABLE","value":"1001","problems":[{"path":[],"explanation":"Invalid global id '1001'"}]}}
 * A well-formed id is opaque: one the shop does not know resolves to null, however large its number
 * (https://shopify.dev/docs/api/usage/gids).
 */
export function globalIdErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError[] {
  let literal = literalCache.get(document);
  if (!literal) {
    literal = literalErrors(schema, document);
    literalCache.set(document, literal);
  }
  if (literal.length > 0) return literal;
  const errors = variableErrors(schema, operation, variables ?? {});
  // Values graphql-js cannot coerce at all (a string for an Int…) are reported by execution, as Shopify reports them.
  // Coercion is only tried when an id is bad: execution coerces the variables again anyway.
  if (errors.length === 0) return errors;
  const coercible = !(
    "errors" in getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {})
  );
  return coercible ? errors : [];
}

/** Documents are cached and reused (execute.ts), so their literal ids are checked once. */
const literalCache = new WeakMap<DocumentNode, GraphQLError[]>();

const invalid = (value: unknown) => `Invalid global id '${String(value)}'`;

function isIdType(type: GraphQLInputType | null | undefined): boolean {
  return !!type && getNamedType(type).name === "ID";
}

function literalErrors(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  const typeInfo = new TypeInfo(schema);
  const found: { node: ASTNode; value: string }[] = [];
  // graphql-ruby reports the argument (or input object field) that holds the bad literal.
  const check = (
    node: ASTNode & { value: string },
    _key: unknown,
    parent: ASTNode | readonly ASTNode[] | undefined,
    _path: unknown,
    ancestors: readonly (ASTNode | readonly ASTNode[])[],
  ) => {
    if (!isIdType(typeInfo.getInputType()) || parseGlobalId(node.value)) return;
    const holder = [...ancestors, parent ?? []]
      .reverse()
      .find((a): a is ASTNode => "kind" in a && (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD));
    found.push({ node: holder ?? node, value: node.value });
  };
  visit(document, visitWithTypeInfo(typeInfo, { StringValue: check, IntValue: check }));
  if (found.length === 0) return [];
  const paths = pathsOf(document);
  return found.map(
    ({ node, value }) =>
      new GraphQLError(invalid(value), {
        nodes: [node],
        ...(paths.get(node) ? { path: paths.get(node)!.path } : {}),
        extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
      }),
  );
}

function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (!type || !(name in variables)) continue;
    const problems: { path: (string | number)[]; explanation: string }[] = [];
    collectInvalidIds(variables[name], type, [], problems);
    if (problems.length === 0) continue;
    errors.push(
      new GraphQLError(`Variable $${name} of type ${print(def.type)} was provided invalid value`, {
        nodes: [def],
        extensions: { code: "INVALID_VARIABLE", value: variables[name] ?? null, problems },
      }),
    );
  }
  return errors;
}

function collectInvalidIds(
  value: unknown,
  type: GraphQLInputType,
  path: (string | number)[],
  problems: { path: (string | number)[]; explanation: string }[],
): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collectInvalidIds(value, type.ofType, path, problems);
  if (isListType(type)) {
    if (Array.isArray(value))
      value.forEach((item, i) => collectInvalidIds(item, type.ofType, [...path, i], problems));
    else collectInvalidIds(value, type.ofType, path, problems);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object" || Array.isArray(value)) return;
    for (const [key, field] of Object.entries(type.getFields())) {
      if (key in value)
        collectInvalidIds((value as Record<string, unknown>)[key], field.type, [...path, key], problems);
    }
    return;
  }
  if (type.name === "ID" && (typeof value === "string" || typeof value === "number")) {
    if (!parseGlobalId(String(value))) problems.push({ path, explanation: invalid(value) });
  }
}
