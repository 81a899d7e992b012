/**
 * Online store carts, as Shopify's Ajax Cart API and the checkout's Cart Lines API see them: lines of a variant with a
 * quantity and line item properties (`properties[Shipping]`), and cart attributes (`_waitwell_backorder_ack`) that
 * become the order's `note_attributes`. Adding a variant with the same properties as an existing line adds to that
 * line (https://shopify.dev/docs/api/ajax/reference/cart#post-locale-cart-add-js); changing a line gives it a new id,
 * because checkout's cart line ids are not stable (REFERENCE 5.2).
 */

export interface Property {
  name: string;
  value: string;
}

export interface CartLine {
  /** Sequential within the dev store; exposed as `gid://shopify/CartLine/{id}` and as the Ajax API `key`. */
  id: number;
  variantId: number;
  quantity: number;
  properties: Property[];
}

export interface Cart {
  token: string;
  shop: string;
  lines: CartLine[];
  attributes: Property[];
  note: string | null;
  /** The language the shopper last shopped in: checkout speaks it and the order records it. */
  locale: string;
}

export class CartError extends Error {
  override name = "CartError";
  constructor(
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

const MAX_QUANTITY = 10_000;

export class Carts {
  private readonly carts = new Map<string, Cart>();
  private nextLineId = 1;

  constructor(private readonly newToken: () => string) {}

  get(token: string | undefined): Cart | null {
    return (token && this.carts.get(token)) || null;
  }

  create(shop: string): Cart {
    const cart: Cart = { token: this.newToken(), shop, lines: [], attributes: [], note: null, locale: "en" };
    this.carts.set(cart.token, cart);
    return cart;
  }

  /** A cart is emptied, not deleted, when its checkout completes (Shopify gives the shopper a fresh cart). */
  clear(cart: Cart): void {
    cart.lines = [];
    cart.attributes = [];
    cart.note = null;
  }

  add(cart: Cart, variantId: number, quantity: number, properties: Property[]): CartLine {
    checkQuantity(quantity, 1);
    const same = cart.lines.find(
      (l) => l.variantId === variantId && sameProperties(l.properties, properties),
    );
    if (same) {
      checkQuantity(same.quantity + quantity, 1);
      same.quantity += quantity;
      return this.renew(cart, same);
    }
    const line: CartLine = { id: this.nextLineId++, variantId, quantity, properties: clean(properties) };
    cart.lines.push(line);
    return line;
  }

  line(cart: Cart, lineId: number): CartLine {
    const line = cart.lines.find((l) => l.id === lineId);
    if (!line) throw new CartError(`The cart has no line ${lineId}`, 404);
    return line;
  }

  /** Quantity 0 removes the line. */
  setQuantity(cart: Cart, lineId: number, quantity: number): CartLine | null {
    checkQuantity(quantity, 0);
    const line = this.line(cart, lineId);
    if (quantity === 0) {
      cart.lines = cart.lines.filter((l) => l !== line);
      return null;
    }
    line.quantity = quantity;
    return this.renew(cart, line);
  }

  /** Checkout's `updateCartLine`: another variant, quantity or properties (which replace the line's). */
  updateLine(
    cart: Cart,
    lineId: number,
    change: { variantId?: number; quantity?: number; properties?: Property[] },
  ): CartLine {
    const line = this.line(cart, lineId);
    if (change.quantity !== undefined) checkQuantity(change.quantity, 1);
    if (change.variantId !== undefined) line.variantId = change.variantId;
    if (change.quantity !== undefined) line.quantity = change.quantity;
    if (change.properties !== undefined) line.properties = clean(change.properties);
    return this.renew(cart, line);
  }

  /** An empty value removes the attribute, as `POST /cart/update.js` does. */
  setAttribute(cart: Cart, name: string, value: string): void {
    if (name.trim() === "") throw new CartError("An attribute needs a name", 400);
    cart.attributes = cart.attributes.filter((a) => a.name !== name);
    if (value !== "") cart.attributes.push({ name, value });
  }

  private renew(cart: Cart, line: CartLine): CartLine {
    line.id = this.nextLineId++;
    return line;
  }
}

function checkQuantity(quantity: number, min: number): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > MAX_QUANTITY)
    throw new CartError(
      `Quantity must be a whole number from ${min} to ${MAX_QUANTITY}, got ${quantity}`,
      400,
    );
}

/** Shopify drops properties with an empty value. */
function clean(properties: Property[]): Property[] {
  return properties.filter((p) => p.name !== "" && p.value !== "").map((p) => ({ ...p }));
}

function sameProperties(a: Property[], b: Property[]): boolean {
  const key = (list: Property[]) =>
    JSON.stringify(
      clean(list)
        .map((p) => [p.name, p.value])
        .sort(),
    );
  return key(a) === key(b);
}
