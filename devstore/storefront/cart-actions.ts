import { z } from "zod";
import { gid, idOf } from "../model/ids.js";
import { DevStoreError } from "../model/errors.js";
import type { ShopState } from "../model/shop-state.js";
import type { VariantRecord } from "../model/types.js";
import { CartError, type Cart, type Carts, type Property } from "./cart.js";
import type { StorefrontContext } from "./context.js";
import { variantAvailable } from "./liquid-objects.js";

/**
 * What a shopper does to a cart (add, change, update) and what checkout extensions do to it (`applyCartLinesChange`,
 * `applyAttributeChange`, `applyNoteChange`), checked against the shop's catalog; and placing the order, through
 * the store's own order path (the same one the control API uses), so every webhook of a storefront order follows.
 */

export type ApplyResult = { type: "success" } | { type: "error"; message: string };

const attribute = z.object({ key: z.string(), value: z.string() });
const changes = {
  applyAttributeChange: z.discriminatedUnion("type", [
    z.object({ type: z.literal("updateAttribute"), key: z.string().min(1), value: z.string() }),
    z.object({ type: z.literal("removeAttribute"), key: z.string().min(1) }),
  ]),
  applyCartLinesChange: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("addCartLine"),
      merchandiseId: z.string(),
      quantity: z.number().int(),
      attributes: z.array(attribute).optional(),
    }),
    z.object({ type: z.literal("removeCartLine"), id: z.string(), quantity: z.number().int() }),
    z.object({
      type: z.literal("updateCartLine"),
      id: z.string(),
      merchandiseId: z.string().optional(),
      quantity: z.number().int().optional(),
      attributes: z.array(attribute).optional(),
    }),
  ]),
  applyNoteChange: z.discriminatedUnion("type", [
    z.object({ type: z.literal("updateNote"), note: z.string() }),
    z.object({ type: z.literal("removeNote") }),
  ]),
};
export type ApplyMethod = keyof typeof changes;
export const APPLY_METHODS = Object.keys(changes) as ApplyMethod[];

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export class CartActions {
  constructor(
    private readonly ctx: StorefrontContext,
    private readonly carts: Carts,
  ) {}

  private variant(s: ShopState, id: number | null): VariantRecord {
    const variant = id === null ? undefined : s.variants.get(id);
    const product = variant && s.products.get(variant.productId);
    if (!variant || product?.status !== "ACTIVE") throw new CartError("That product is not for sale", 404);
    return variant;
  }

  /** Shopify refuses more units of a DENY variant than are available, counting what the cart already holds. */
  private checkStock(s: ShopState, cart: Cart, variant: VariantRecord, extra: number, exceptLine?: number) {
    const product = s.products.get(variant.productId)!;
    const name = variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`;
    if (!variantAvailable(s, variant)) throw new CartError(`${name} is sold out.`);
    if (variant.inventoryPolicy !== "DENY" || !s.itemOf(variant).tracked) return;
    const held = cart.lines
      .filter((l) => l.variantId === variant.id && l.id !== exceptLine)
      .reduce((n, l) => n + l.quantity, 0);
    const available = s.inventoryQuantity(variant);
    if (held + extra > available)
      throw new CartError(`You can only add ${available} of ${name} to the cart.`);
  }

  add(cart: Cart, variantId: number, quantity: number, properties: Property[]) {
    const s = this.ctx.state();
    const variant = this.variant(s, variantId);
    this.checkStock(s, cart, variant, quantity);
    return this.carts.add(cart, variant.id, quantity, properties);
  }

  /** `updates[key]=quantity` from the cart form or `/cart/update.js`; 0 removes. */
  setQuantities(cart: Cart, updates: Map<number, number>): void {
    const s = this.ctx.state();
    for (const [lineId, quantity] of updates) {
      const line = this.carts.line(cart, lineId);
      if (quantity > 0) this.checkStock(s, cart, s.variants.get(line.variantId)!, quantity, line.id);
    }
    for (const [lineId, quantity] of updates) this.carts.setQuantity(cart, lineId, quantity);
  }

  setAttributes(cart: Cart, attributes: Record<string, string>): void {
    for (const [name, value] of Object.entries(attributes)) this.carts.setAttribute(cart, name, value);
  }

  /** A checkout extension's `apply*` call: Shopify answers with a result, never a thrown error. */
  apply(cart: Cart, method: string, input: unknown): ApplyResult {
    if (!(APPLY_METHODS as string[]).includes(method))
      return { type: "error", message: `${method} is not a checkout API method the dev store supports` };
    const parsed = changes[method as ApplyMethod].safeParse(input);
    if (!parsed.success)
      return {
        type: "error",
        message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      };
    try {
      this.applyParsed(cart, parsed.data);
      return { type: "success" };
    } catch (e) {
      if (e instanceof CartError) return { type: "error", message: e.message };
      throw e;
    }
  }

  private applyParsed(cart: Cart, change: z.infer<(typeof changes)[ApplyMethod]>): void {
    const s = this.ctx.state();
    const props = (list?: { key: string; value: string }[]) =>
      list?.map((a) => ({ name: a.key, value: a.value }));
    const lineId = (id: string) => {
      const n = idOf(id, "CartLine");
      if (n === null) throw new CartError(`${id} is not a cart line id`);
      return this.carts.line(cart, n).id;
    };
    switch (change.type) {
      case "updateAttribute":
        return this.carts.setAttribute(cart, change.key, change.value);
      case "removeAttribute":
        return this.carts.setAttribute(cart, change.key, "");
      case "updateNote":
        cart.note = change.note;
        return;
      case "removeNote":
        cart.note = null;
        return;
      case "addCartLine": {
        const variant = this.variant(s, idOf(change.merchandiseId, "ProductVariant"));
        this.checkStock(s, cart, variant, change.quantity);
        this.carts.add(cart, variant.id, change.quantity, props(change.attributes) ?? []);
        return;
      }
      case "removeCartLine": {
        const line = this.carts.line(cart, lineId(change.id));
        this.carts.setQuantity(cart, line.id, Math.max(0, line.quantity - change.quantity));
        return;
      }
      case "updateCartLine": {
        const line = this.carts.line(cart, lineId(change.id));
        const variant = change.merchandiseId
          ? this.variant(s, idOf(change.merchandiseId, "ProductVariant"))
          : s.variants.get(line.variantId)!;
        this.checkStock(s, cart, variant, change.quantity ?? line.quantity, line.id);
        const properties = props(change.attributes);
        this.carts.updateLine(cart, line.id, {
          variantId: variant.id,
          ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
          ...(properties ? { properties } : {}),
        });
        return;
      }
    }
  }

  /**
   * Completes the checkout: an online store order with the cart's lines (their properties), its attributes as
   * `note_attributes`, its note and language (`customer_locale`), then an empty cart. The store refuses what Shopify would (a DENY variant
   * oversold) with nothing written.
   */
  placeOrder(cart: Cart, email: string): { token: string; name: string; id: string } {
    if (cart.lines.length === 0) throw new CartError("Your cart is empty");
    if (!EMAIL.test(email)) throw new CartError("Enter a valid email address", 400);
    const shop = this.ctx.shop();
    try {
      const order = this.ctx.store.placeOrder(shop, {
        channel: "online_store",
        customer: { email },
        customerLocale: cart.locale,
        lines: cart.lines.map((l) => ({
          variantId: gid("ProductVariant", l.variantId),
          quantity: l.quantity,
          properties: l.properties,
        })),
        noteAttributes: cart.attributes,
        ...(cart.note ? { note: cart.note } : {}),
      });
      this.carts.clear(cart);
      const record = this.ctx.state().orders.get(order.legacyResourceId)!;
      return { token: record.token, name: order.name, id: order.id };
    } catch (e) {
      if (e instanceof DevStoreError) throw new CartError(e.message, 422);
      throw e;
    }
  }
}
