import { gid, parseGid } from "../../model/ids.js";
import { compareDigest, metafieldKey, OWNER_TYPES, resolveNamespace } from "../../model/metafields.js";
import type { MetafieldRecord } from "../../model/types.js";
import { listConnection } from "../connection.js";
import type { AdminContext } from "../context.js";
import { type Args, dateTime, connArgs } from "./scalars.js";

function namespaced(c: AdminContext, namespace: unknown): string {
  return resolveNamespace(typeof namespace === "string" ? namespace : null, c.appId);
}

/** `metafield(namespace:, key:)` and `metafields(namespace:, keys:, first:…)` on any owner. */
export abstract class HasMetafields {
  abstract readonly id: string;
  constructor(protected readonly c: AdminContext) {}

  metafield(args: Args): MetafieldView | null {
    const m = this.c.s
      .metafieldsOf(this.id)
      ?.get(metafieldKey(namespaced(this.c, args.namespace), String(args.key)));
    return m ? new MetafieldView(m, () => this) : null;
  }

  metafields(args: Args) {
    const all = [...(this.c.s.metafieldsOf(this.id)?.values() ?? [])].sort((a, b) => a.id - b.id);
    const ns = typeof args.namespace === "string" ? namespaced(this.c, args.namespace) : null;
    const keys = Array.isArray(args.keys)
      ? new Set(
          (args.keys as string[]).map((k) => {
            const dot = k.lastIndexOf(".");
            return metafieldKey(namespaced(this.c, k.slice(0, dot)), k.slice(dot + 1));
          }),
        )
      : null;
    return listConnection(
      all,
      connArgs(args),
      (m) => new MetafieldView(m, () => this),
      (m) =>
        (ns === null || m.namespace === ns) && (keys === null || keys.has(metafieldKey(m.namespace, m.key))),
    );
  }
}

export class MetafieldView {
  readonly __typename = "Metafield";
  constructor(
    private readonly m: MetafieldRecord,
    /** The owner's view; the owner reaches its metafields through it, node(id:) through the owner's GID. */
    private readonly resolveOwner: () => unknown,
  ) {}
  get id() {
    return gid("Metafield", this.m.id);
  }
  get legacyResourceId() {
    return String(this.m.id);
  }
  get namespace() {
    return this.m.namespace;
  }
  get key() {
    return this.m.key;
  }
  get value() {
    return this.m.value;
  }
  get type() {
    return this.m.type;
  }
  get jsonValue() {
    const { type, value } = this.m;
    if (
      type === "json" ||
      type.startsWith("list.") ||
      ["money", "weight", "dimension", "volume", "rating", "rich_text_field"].includes(type)
    )
      return JSON.parse(value) as unknown;
    if (type === "number_integer") return Number(value);
    if (type === "number_decimal") return value;
    if (type === "boolean") return value === "true";
    return value;
  }
  get compareDigest() {
    return compareDigest(this.m);
  }
  get createdAt() {
    return dateTime(this.m.createdAt);
  }
  get updatedAt() {
    return dateTime(this.m.updatedAt);
  }
  get ownerType() {
    return OWNER_TYPES[parseGid(this.m.ownerGid)?.type ?? ""] ?? null;
  }
  get owner() {
    return this.resolveOwner();
  }
  readonly description = null;
  readonly definition = null;
  readonly reference = null;
}
