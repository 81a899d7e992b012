import { changeTags, setMetafields, type MetafieldSetInput } from "../../model/metafields.js";
import { requireGid } from "../query-root.js";
import { MetafieldView } from "../views/metafields.js";
import { nodeView } from "../views/node.js";
import { type Args, errors, MutationArea } from "./area.js";

/** Metafields and tags on any owner. */
export class MetafieldMutations extends MutationArea {
  metafieldsSet(args: Args) {
    const inputs = args.metafields as MetafieldSetInput[];
    const outcome = this.run((s) => setMetafields(s, inputs, this.c.appId));
    if (!outcome.ok) return { metafields: null, userErrors: errors(outcome.userErrors) };
    return {
      metafields: outcome.value.map((m) => new MetafieldView(m, () => nodeView(this.c, m.ownerGid))),
      userErrors: [],
    };
  }

  #tags(args: Args, mode: "add" | "remove") {
    requireGid(args.id);
    const outcome = this.run((s, tx) => changeTags(s, tx, String(args.id), args.tags as string[], mode));
    if (!outcome.ok) return { node: null, userErrors: errors(outcome.userErrors) };
    return { node: nodeView(this.c, String(args.id)), userErrors: [] };
  }

  tagsAdd(args: Args) {
    return this.#tags(args, "add");
  }

  tagsRemove(args: Args) {
    return this.#tags(args, "remove");
  }
}
