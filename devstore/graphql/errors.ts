import {
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
} from "graphql";

/**
 * Shopify runs graphql-ruby, whose validation messages and `extensions.code`s differ from graphql-js. Clients (and
 * our app's error handling) see Shopify's wording, so graphql-js errors are rewritten into graphql-ruby's shape:
 *   {"message":"Field 'available' doesn't exist on type 'InventoryLevel'","locations":[…],
 *    "path":["query Op","inventoryLevel","available"],
 *    "extensions":{"code":"undefinedField","typeName":"InventoryLevel","fieldName":"available"}}
 * Messages we do not recognise keep graphql-js's text under code "validationError".
 */

type Extensions = Record<string, unknown>;

interface Rewritten {
  message: string;
  extensions: Extensions;
}

function label(node: ASTNode): string | null {
  switch (node.kind) {
    case Kind.OPERATION_DEFINITION:
      return node.name ? `${node.operation} ${node.name.value}` : node.operation;
    case Kind.FRAGMENT_DEFINITION:
      return `fragment ${node.name.value}`;
    case Kind.FIELD:
      return node.name.value;
    case Kind.INLINE_FRAGMENT:
      return node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...";
    case Kind.ARGUMENT:
      return node.name.value;
    case Kind.OBJECT_FIELD:
      return node.name.value;
    default:
      return null;
  }
}

/** graphql-ruby's `path` for a node: operation/fragment, then fields (and arguments) down to the node. */
export function pathsOf(
  document: DocumentNode,
): Map<ASTNode, { path: string[]; argument: string | null; field: string | null }> {
  const paths = new Map<ASTNode, { path: string[]; argument: string | null; field: string | null }>();
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      const chain = [...ancestors, node].filter(
        (a): a is ASTNode => !Array.isArray(a) && typeof a === "object" && a !== null && "kind" in a,
      );
      const path = chain.map(label).filter((l): l is string => l !== null);
      let argument: string | null = null;
      let field: string | null = null;
      for (const a of chain) {
        if (a.kind === Kind.ARGUMENT) argument = a.name.value;
        if (a.kind === Kind.FIELD) field = a.name.value;
      }
      paths.set(node, { path, argument, field });
    },
  });
  return paths;
}

const RULES: {
  re: RegExp;
  rewrite: (m: RegExpExecArray, ctx: { argument: string | null; field: string | null }) => Rewritten;
}[] = [
  {
    re: /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    rewrite: (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  },
  {
    re: /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./,
    rewrite: (m) => ({
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    }),
  },
  {
    re: /^Field "(?:([^".]+)\.)?([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./,
    rewrite: (m) => ({
      message: `Field '${m[2]}' is missing required arguments: ${m[3]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[2], arguments: m[3] },
    }),
  },
  {
    re: /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./,
    rewrite: (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [...])`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  },
  {
    re: /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    rewrite: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2]} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  },
  {
    re: /^Unknown type "([^"]+)"\./,
    rewrite: (m) => ({
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: m[1] },
    }),
  },
  {
    re: /^Variable "\$([^"]+)" is never used(?: in operation "([^"]+)")?\./,
    rewrite: (m) => ({
      message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    }),
  },
  {
    re: /^Variable "\$([^"]+)" is not defined(?: by operation "([^"]+)")?\./,
    rewrite: (m) => ({
      message: `Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    }),
  },
  {
    re: /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\./,
    rewrite: (m, ctx) => {
      const nullability = m[2]!.replace(/!$/, "") === m[3]!.replace(/!$/, "");
      return {
        message: `${nullability ? "Nullability" : "Type"} mismatch on variable $${m[1]} and argument ${ctx.argument ?? "?"} (${m[2]} / ${m[3]})`,
        extensions: {
          code: "variableMismatch",
          variableName: m[1],
          typeName: m[2],
          argumentName: ctx.argument,
          errorMessage: `${nullability ? "Nullability" : "Type"} mismatch`,
        },
      };
    },
  },
  {
    re: /^Unknown fragment "([^"]+)"\./,
    rewrite: (m) => ({
      message: `Fragment ${m[1]} was used, but not defined`,
      extensions: { code: "useAndDefineFragment", fragmentName: m[1] },
    }),
  },
  {
    re: /^Fragment "([^"]+)" is never used\./,
    rewrite: (m) => ({
      message: `Fragment ${m[1]} was defined, but not used`,
      extensions: { code: "useAndDefineFragment", fragmentName: m[1] },
    }),
  },
  {
    re: /^Fragment (?:"[^"]+" )?cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"\./,
    rewrite: (m) => ({
      message: `Fragment on ${m[2]} can't be spread inside ${m[1]}`,
      extensions: {
        code: "fragmentSpreadTypeMismatch",
        typeName: m[2],
        fragmentName: "unknown",
        parentName: m[1],
      },
    }),
  },
  {
    re: /^There can be only one operation named "([^"]+)"\./,
    rewrite: (m) => ({
      message: `Operation name "${m[1]}" must be unique`,
      extensions: { code: "operationNotUnique", operationName: m[1] },
    }),
  },
  {
    // Literal argument values of the wrong type: "Expected value of type …", "Int cannot represent …",
    // "Value "FOO" does not exist in "Enum" enum."
    re: /^(?:Expected value of type "([^"]+)", found ([^;]+?)[.;]|(\w+) cannot represent [^:]+: (.+)$|Value "([^"]+)" does not exist in "([^"]+)" enum\.)/,
    rewrite: (m, ctx) => {
      const value = m[2] ?? m[4] ?? m[5] ?? "?";
      const type = m[1] ?? m[3] ?? m[6] ?? "?";
      return {
        message: `Argument '${ctx.argument ?? "?"}' on Field '${ctx.field ?? "?"}' has an invalid value (${value}). Expected type '${type}'.`,
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: ctx.argument },
      };
    },
  },
];

function locationsOf(err: GraphQLError): GraphQLFormattedError["locations"] {
  return err.locations ? err.locations.map((l) => ({ line: l.line, column: l.column })) : undefined;
}

export function shopifyValidationErrors(
  errors: readonly GraphQLError[],
  document: DocumentNode,
): GraphQLFormattedError[] {
  const paths = pathsOf(document);
  return errors.map((err) => {
    const node = err.nodes?.[0];
    const info = node ? paths.get(node) : undefined;
    const ctx = { argument: info?.argument ?? null, field: info?.field ?? null };
    for (const rule of RULES) {
      const m = rule.re.exec(err.message);
      if (m) {
        const r = rule.rewrite(m, ctx);
        return {
          message: r.message,
          locations: locationsOf(err),
          path: info?.path,
          extensions: r.extensions,
        };
      }
    }
    return {
      message: err.message,
      locations: locationsOf(err),
      path: info?.path,
      extensions: { code: "validationError" },
    };
  });
}

/** graphql-ruby's parse errors: `Parse error on "}" (RCURLY) at [1, 20]`. */
export function shopifySyntaxError(err: GraphQLError): GraphQLFormattedError {
  const loc = err.locations?.[0];
  const found = /found (.+?)\.?$/.exec(err.message)?.[1];
  const token = found ? found.replace(/^"(.*)"$/, "$1").replace(/^<EOF>$/, "end of file") : null;
  const where = loc ? ` at [${loc.line}, ${loc.column}]` : "";
  return {
    message: token
      ? `Parse error on ${JSON.stringify(token)}${where}`
      : `Parse error${where}: ${err.message.replace(/^Syntax Error: /, "")}`,
    locations: locationsOf(err),
  };
}

/**
 * Variable coercion failures, as Shopify reports them:
 *   {"message":"Variable $id of type ID! was provided invalid value","locations":[…],
 *    "extensions":{"code":"INVALID_VARIABLE","value":null,"problems":[{"path":[],"explanation":"Expected value to not be null"}]}}
 */
export function shopifyVariableErrors(
  errors: readonly GraphQLError[],
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): GraphQLFormattedError[] {
  const declared = new Map<string, string>();
  visit(document, {
    VariableDefinition(node) {
      const print = (t: typeof node.type): string =>
        t.kind === Kind.NON_NULL_TYPE
          ? `${print(t.type)}!`
          : t.kind === Kind.LIST_TYPE
            ? `[${print(t.type)}]`
            : t.name.value;
      declared.set(node.variable.name.value, print(node.type));
    },
  });
  return errors.map((err) => {
    const m = /^Variable "\$([^"]+)"/.exec(err.message);
    if (!m) return { message: err.message, locations: locationsOf(err) };
    const name = m[1]!;
    let explanation = err.message;
    let path: (string | number)[] = [];
    if (/was not provided\.$|must not be null\.$/.test(err.message)) {
      explanation = "Expected value to not be null";
    } else {
      const at =
        /got invalid value .*? at "([^"]+)"; (.*)$/s.exec(err.message) ??
        /got invalid value .*?; (.*)$/s.exec(err.message);
      if (at && at.length === 3) {
        path = at[1]!
          .replace(/^[^.[]+/, "")
          .split(/\.|\[(\d+)\]/)
          .filter((p) => p !== undefined && p !== "")
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        explanation = at[2]!;
      } else if (at) {
        explanation = at[1]!;
      }
    }
    return {
      message: `Variable $${name} of type ${declared.get(name) ?? "?"} was provided invalid value`,
      locations: locationsOf(err),
      extensions: {
        code: "INVALID_VARIABLE",
        value: variables?.[name] ?? null,
        problems: [{ path, explanation }],
      },
    };
  });
}
