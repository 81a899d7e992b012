import { z } from "zod";
import { DevStoreError } from "./errors.js";
import { isMoney, normaliseMoney } from "./money.js";
import { normaliseTags } from "./orders.js";
import { ShopState, type StoreEnv } from "./shop-state.js";
import {
  STORED_QUANTITY_NAMES,
  type AddressRecord,
  type Catalog,
  type CatalogAddress,
  type InventoryLevelRecord,
  type StoredQuantityName,
} from "./types.js";

/** Seed files are read from disk and the control API, so they are checked field by field before anything is built. */
const money = z.string().refine(isMoney, { message: 'must be a decimal amount such as "19.99"' });
const address = z.object({
  address1: z.string().min(1),
  address2: z.string().optional(),
  city: z.string().min(1),
  province: z.string(),
  provinceCode: z.string(),
  country: z.string().min(1),
  countryCode: z.string().length(2),
  zip: z.string(),
  phone: z.string().optional(),
  company: z.string().optional(),
});

export const catalogSchema = z
  .object({
    shop: z.object({
      domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must look like name.myshopify.com"),
      name: z.string().min(1),
      email: z.email().optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional(),
      ianaTimezone: z.string().optional(),
    }),
    locations: z.array(z.object({ name: z.string().min(1), address: address.optional() })).min(1),
    products: z.array(
      z.object({
        title: z.string().min(1),
        handle: z
          .string()
          .regex(/^[a-z0-9-]+$/)
          .optional(),
        vendor: z.string().optional(),
        productType: z.string().optional(),
        tags: z.array(z.string()).optional(),
        variants: z
          .array(
            z.object({
              title: z.string().min(1),
              sku: z.string().optional(),
              barcode: z.string().optional(),
              price: money,
              compareAtPrice: money.optional(),
              cost: money.optional(),
              inventoryPolicy: z.enum(["DENY", "CONTINUE"]).optional(),
              tracked: z.boolean().optional(),
              stock: z.record(z.string(), z.number().int()).optional(),
            }),
          )
          .min(1),
      }),
    ),
    customers: z
      .array(
        z.object({
          firstName: z.string(),
          lastName: z.string(),
          email: z.email(),
          tags: z.array(z.string()).optional(),
          phone: z.string().optional(),
          address: address.optional(),
        }),
      )
      .optional(),
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.locations.forEach((l, i) => {
      if (names.has(l.name))
        ctx.addIssue({
          code: "custom",
          path: ["locations", i, "name"],
          message: `duplicate location "${l.name}"`,
        });
      names.add(l.name);
    });
    c.products.forEach((p, i) =>
      p.variants.forEach((v, j) => {
        for (const loc of Object.keys(v.stock ?? {})) {
          if (!names.has(loc))
            ctx.addIssue({
              code: "custom",
              path: ["products", i, "variants", j, "stock", loc],
              message: `unknown location "${loc}"`,
            });
        }
      }),
    );
    const emails = new Set<string>();
    (c.customers ?? []).forEach((cu, i) => {
      const e = cu.email.toLowerCase();
      if (emails.has(e))
        ctx.addIssue({
          code: "custom",
          path: ["customers", i, "email"],
          message: `duplicate customer email ${cu.email}`,
        });
      emails.add(e);
    });
  });

export function parseCatalog(input: unknown): Catalog {
  const result = catalogSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new DevStoreError(`Invalid catalog:\n${problems.join("\n")}`, 400);
  }
  return result.data;
}

/** Deterministic stand-in addresses for seeded objects that do not bring their own. */
const STAND_IN_ADDRESSES: CatalogAddress[] = [
  {
    address1: "151 O'Connor Street",
    city: "Ottawa",
    province: "Ontario",
    provinceCode: "ON",
    country: "Canada",
    countryCode: "CA",
    zip: "K2P 2L8",
    phone: "+16135550101",
  },
  {
    address1: "1600 Pennsylvania Ave NW",
    city: "Washington",
    province: "District of Columbia",
    provinceCode: "DC",
    country: "United States",
    countryCode: "US",
    zip: "20500",
    phone: "+12025550102",
  },
  {
    address1: "500 Market Street",
    city: "San Francisco",
    province: "California",
    provinceCode: "CA",
    country: "United States",
    countryCode: "US",
    zip: "94105",
    phone: "+14155550103",
  },
  {
    address1: "77 Massachusetts Ave",
    city: "Cambridge",
    province: "Massachusetts",
    provinceCode: "MA",
    country: "United States",
    countryCode: "US",
    zip: "02139",
    phone: "+16175550104",
  },
];

function toAddress(
  a: CatalogAddress,
  id: number,
  firstName: string | null,
  lastName: string | null,
): AddressRecord {
  return {
    id,
    firstName,
    lastName,
    company: a.company ?? null,
    address1: a.address1,
    address2: a.address2 ?? null,
    city: a.city,
    province: a.province,
    provinceCode: a.provinceCode,
    country: a.country,
    countryCode: a.countryCode,
    zip: a.zip,
    phone: a.phone ?? null,
  };
}

function emptyQuantities(): Record<StoredQuantityName, number> {
  return Object.fromEntries(STORED_QUANTITY_NAMES.map((n) => [n, 0])) as Record<StoredQuantityName, number>;
}

function handleize(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Builds a shop from a validated catalog. Seeding is setup, not a merchant action: it emits no webhooks. */
export function buildShop(catalog: Catalog, env: StoreEnv): ShopState {
  const now = env.now();
  const s = new ShopState(
    {
      id: env.ids.take("Shop"),
      domain: catalog.shop.domain,
      name: catalog.shop.name,
      email: catalog.shop.email ?? `owner@${catalog.shop.domain}`,
      currency: catalog.shop.currency ?? "USD",
      ianaTimezone: catalog.shop.ianaTimezone ?? "America/New_York",
      createdAt: now,
      updatedAt: now,
      nextOrderNumber: 1001,
    },
    env,
  );
  catalog.locations.forEach((l, i) => {
    const a = l.address ?? STAND_IN_ADDRESSES[i % STAND_IN_ADDRESSES.length]!;
    const { id: _id, firstName: _f, lastName: _l, ...address } = toAddress(a, 0, null, null);
    const location = {
      id: env.ids.take("Location"),
      name: l.name,
      address,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    };
    s.locations.set(location.id, location);
    s.locationList.push(location);
  });
  const locationByName = new Map(s.locationList.map((l) => [l.name, l]));
  const handles = new Set<string>();
  for (const p of catalog.products) {
    let handle = p.handle ?? handleize(p.title);
    for (let n = 1; handles.has(handle); n++) handle = `${p.handle ?? handleize(p.title)}-${n}`;
    handles.add(handle);
    const product = {
      id: env.ids.take("Product"),
      title: p.title,
      handle,
      vendor: p.vendor ?? catalog.shop.name,
      productType: p.productType ?? "",
      tags: normaliseTags(p.tags ?? []),
      status: "ACTIVE" as const,
      variantIds: [] as number[],
      createdAt: now,
      updatedAt: now,
    };
    s.products.set(product.id, product);
    s.productList.push(product);
    p.variants.forEach((v, position) => {
      const variantId = env.ids.take("ProductVariant");
      const itemId = env.ids.take("InventoryItem");
      const item = {
        id: itemId,
        variantId,
        sku: v.sku ?? null,
        tracked: v.tracked ?? true,
        requiresShipping: true,
        cost: v.cost !== undefined ? normaliseMoney(v.cost) : null,
        countryCodeOfOrigin: null,
        harmonizedSystemCode: null,
        levels: new Map<number, InventoryLevelRecord>(),
        createdAt: now,
        updatedAt: now,
      };
      const stocked = v.stock ? Object.entries(v.stock) : s.locationList.map((l) => [l.name, 0] as const);
      // Levels follow location order, whatever order the catalog lists them in.
      const byLocation = new Map(stocked.map(([name, qty]) => [locationByName.get(name)!.id, qty]));
      for (const loc of s.locationList) {
        const qty = byLocation.get(loc.id);
        if (qty === undefined) continue;
        const quantities = emptyQuantities();
        quantities.available = qty;
        item.levels.set(loc.id, {
          inventoryItemId: itemId,
          locationId: loc.id,
          quantities,
          quantityUpdatedAt: {},
          createdAt: now,
          updatedAt: now,
        });
      }
      const variant = {
        id: variantId,
        productId: product.id,
        inventoryItemId: itemId,
        title: v.title,
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        price: normaliseMoney(v.price),
        compareAtPrice: v.compareAtPrice !== undefined ? normaliseMoney(v.compareAtPrice) : null,
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        taxable: true,
        position: position + 1,
        oldInventoryQuantity: 0,
        createdAt: now,
        updatedAt: now,
      };
      s.variants.set(variant.id, variant);
      s.variantList.push(variant);
      s.inventoryItems.set(item.id, item);
      s.inventoryItemList.push(item);
      product.variantIds.push(variant.id);
      variant.oldInventoryQuantity = s.inventoryQuantity(variant);
    });
  }
  (catalog.customers ?? []).forEach((c, i) => {
    const id = env.ids.take("Customer");
    const a = c.address ?? STAND_IN_ADDRESSES[i % STAND_IN_ADDRESSES.length]!;
    const customer = {
      id,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email.toLowerCase(),
      phone: c.phone ?? a.phone ?? null,
      tags: normaliseTags(c.tags ?? []),
      state: "ENABLED" as const,
      locale: "en",
      defaultAddress: toAddress(a, env.ids.take("MailingAddress"), c.firstName, c.lastName),
      createdAt: now,
      updatedAt: now,
    };
    s.customers.set(id, customer);
    s.customerList.push(customer);
    s.customerByEmail.set(customer.email, customer);
  });
  return s;
}
