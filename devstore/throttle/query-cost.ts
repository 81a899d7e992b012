import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost (https://shopify.dev/docs/api/usage/limits#cost-calculation, REFERENCE 2.4):
 * scalars and enums 0, objects 1, connections 2 + first/last × the cost of one item, every mutation field 10.
 * `requestedQueryCost` is priced from the query alone; `actualQueryCost` re-prices it against the data returned, so a
 * connection that returned 3 of the 50 items it asked for is charged for 3.
 *
 * Choices where Shopify's docs are silent (documented in devstore/README.md): a connection without first/last counts
 * one item; `pageInfo` and scalar connection fields are covered by the connection's base 2; `nodes(ids:)` counts each
 * id as one object; other plain lists of objects count once; an interface or union field costs its most expensive
 * branch; introspection fields are free.
 */

export const MUTATION_FIELD_COST = 10;
const CONNECTION_BASE_COST = 2;

type Variables = Record<string, unknown>;
type Collected = Map<string, { def: GraphQLField<unknown, unknown>; nodes: FieldNode[] }>;

interface Context {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Variables;
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Variables = {},
): number {
  const op = getOperationAST(document, operationName);
  if (!op) return 0;
  const ctx: Context = { schema, document, variables };
  const root = rootType(schema, op);
  if (!root) return 0;
  if (op.operation === "mutation")
    return collect(ctx, op.selectionSet, root, undefined).size * MUTATION_FIELD_COST;
  return requestedSelectionCost(ctx, op.selectionSet, root);
}

export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Variables,
  data: unknown,
): number {
  const op = getOperationAST(document, operationName);
  if (!op) return 0;
  const ctx: Context = { schema, document, variables };
  const root = rootType(schema, op);
  if (!root || !isRecord(data)) return 0;
  if (op.operation === "mutation") {
    return (
      [...collect(ctx, op.selectionSet, root, undefined).keys()].filter((key) => key in data).length *
      MUTATION_FIELD_COST
    );
  }
  return actualSelectionCost(ctx, op.selectionSet, root, data);
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode): GraphQLObjectType | null | undefined {
  if (op.operation === "mutation") return schema.getMutationType();
  if (op.operation === "subscription") return schema.getSubscriptionType();
  return schema.getQueryType();
}

// ---------------------------------------------------------------------------------------------------- requested

function requestedSelectionCost(
  ctx: Context,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
): number {
  if (!isAbstractType(parent)) return sumRequested(ctx, collect(ctx, selectionSet, parent, undefined));
  // An interface/union field costs as much as its most expensive concrete branch.
  const candidates = new Set<string | undefined>([undefined]);
  for (const name of typeConditions(ctx, selectionSet)) {
    const type = ctx.schema.getType(name);
    if (type && isObjectType(type) && ctx.schema.isSubType(parent, type)) candidates.add(name);
  }
  let max = 0;
  for (const candidate of candidates) {
    max = Math.max(max, sumRequested(ctx, collect(ctx, selectionSet, parent, candidate)));
  }
  return max;
}

function sumRequested(ctx: Context, fields: Collected): number {
  let total = 0;
  for (const { def, nodes } of fields.values()) total += requestedFieldCost(ctx, def, nodes);
  return total;
}

function requestedFieldCost(ctx: Context, def: GraphQLField<unknown, unknown>, nodes: FieldNode[]): number {
  const type = getNamedType(def.type);
  if (isLeafType(type)) return 0;
  const composite = type as GraphQLCompositeType;
  const first = nodes[0]!;
  if (isConnection(composite)) {
    return CONNECTION_BASE_COST + pageSize(ctx, first) * requestedItemCost(ctx, composite, nodes);
  }
  const perObject = 1 + requestedSelectionCost(ctx, mergedSelection(nodes), composite);
  return def.name === "nodes" ? idsCount(ctx, first) * perObject : perObject;
}

/** What one item of a connection costs: its `edges { node }` and/or `nodes` selections. */
function requestedItemCost(ctx: Context, connection: GraphQLObjectType, nodes: FieldNode[]): number {
  let item = 0;
  for (const { def, nodes: children } of collect(
    ctx,
    mergedSelection(nodes),
    connection,
    undefined,
  ).values()) {
    const childType = getNamedType(def.type);
    if (def.name === "edges" && isObjectType(childType))
      item += requestedSelectionCost(ctx, mergedSelection(children), childType);
    else if (def.name === "nodes" && !isLeafType(childType)) {
      item += 1 + requestedSelectionCost(ctx, mergedSelection(children), childType as GraphQLCompositeType);
    }
  }
  return item;
}

// ---------------------------------------------------------------------------------------------------- actual

function actualSelectionCost(
  ctx: Context,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  data: Record<string, unknown>,
): number {
  // Data only holds the keys of the branch that ran, so collecting every branch and pricing present keys is exact.
  let total = 0;
  for (const [key, { def, nodes }] of collect(ctx, selectionSet, parent, null)) {
    if (key in data) total += actualFieldCost(ctx, def, nodes, data[key]);
  }
  return total;
}

function actualFieldCost(
  ctx: Context,
  def: GraphQLField<unknown, unknown>,
  nodes: FieldNode[],
  value: unknown,
): number {
  const type = getNamedType(def.type);
  if (isLeafType(type) || value === null || value === undefined) return 0;
  const composite = type as GraphQLCompositeType;
  const selection = mergedSelection(nodes);
  if (isConnection(composite) && isRecord(value)) {
    let items = 0;
    for (const { def: child, nodes: childNodes } of collect(ctx, selection, composite, undefined).values()) {
      const list = value[childNodes[0]!.alias?.value ?? child.name];
      const childType = getNamedType(child.type);
      if (!Array.isArray(list) || isLeafType(childType)) continue;
      for (const element of list) {
        if (!isRecord(element)) continue;
        const elementCost = actualSelectionCost(
          ctx,
          mergedSelection(childNodes),
          childType as GraphQLCompositeType,
          element,
        );
        items += child.name === "nodes" ? 1 + elementCost : child.name === "edges" ? elementCost : 0;
      }
    }
    return CONNECTION_BASE_COST + items;
  }
  const objects = (Array.isArray(value) ? value : [value]).filter(isRecord);
  if (objects.length === 0) return 0;
  const costs = objects.map((o) => 1 + actualSelectionCost(ctx, selection, composite, o));
  return def.name === "nodes" ? costs.reduce((a, b) => a + b, 0) : Math.max(...costs);
}

// ---------------------------------------------------------------------------------------------------- helpers

/**
 * Fields by response key, fragments expanded. `only` restricts type-conditioned fragments to those that apply to one
 * concrete type (undefined: unconditioned selections only; null: every branch).
 */
function collect(
  ctx: Context,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  only: string | undefined | null,
  into: Collected = new Map(),
): Collected {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const def = fieldDef(parent, selection.name.value);
      if (!def) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const entry = into.get(key);
      if (entry) entry.nodes.push(selection);
      else into.set(key, { def, nodes: [selection] });
      continue;
    }
    const condition =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.typeCondition?.name.value
        : fragment(ctx, selection.name.value)?.typeCondition.name.value;
    const set =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : fragment(ctx, selection.name.value)?.selectionSet;
    if (!set) continue;
    const target = condition ? ctx.schema.getType(condition) : parent;
    if (!target || isLeafType(target)) continue;
    if (!applies(ctx, parent, target, only)) continue;
    collect(ctx, set, target as GraphQLCompositeType, only, into);
  }
  return into;
}

function applies(
  ctx: Context,
  parent: GraphQLCompositeType,
  target: GraphQLNamedType,
  only: string | undefined | null,
): boolean {
  if (only === null || target === parent) return true;
  const concrete =
    only === undefined ? (isAbstractType(parent) ? undefined : parent) : ctx.schema.getType(only);
  if (!concrete || !isObjectType(concrete)) return false;
  if (target.name === concrete.name) return true;
  return isAbstractType(target) && ctx.schema.isSubType(target, concrete);
}

/** Introspection fields (`__typename`, `__schema`, `__type`) are not in getFields() and cost nothing. */
function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

function fragment(ctx: Context, name: string): FragmentDefinitionNode | undefined {
  return ctx.document.definitions.find(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
  );
}

function typeConditions(ctx: Context, selectionSet: SelectionSetNode, seen = new Set<string>()): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT && selection.typeCondition)
      seen.add(selection.typeCondition.name.value);
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const def = fragment(ctx, selection.name.value);
      if (def) {
        seen.add(def.typeCondition.name.value);
        typeConditions(ctx, def.selectionSet, seen);
      }
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) typeConditions(ctx, selection.selectionSet, seen);
  }
  return seen;
}

function mergedSelection(nodes: FieldNode[]): SelectionSetNode {
  if (nodes.length === 1 && nodes[0]!.selectionSet) return nodes[0]!.selectionSet;
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
}

function isConnection(type: GraphQLCompositeType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields || "nodes" in fields;
}

function argument(ctx: Context, node: FieldNode, name: string): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, ctx.variables) : undefined;
}

function pageSize(ctx: Context, node: FieldNode): number {
  const first = argument(ctx, node, "first");
  const last = argument(ctx, node, "last");
  const size = typeof first === "number" ? first : typeof last === "number" ? last : 1;
  return Math.max(0, size);
}

function idsCount(ctx: Context, node: FieldNode): number {
  const ids = argument(ctx, node, "ids");
  return Array.isArray(ids) ? ids.length : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
