import type { Request } from "express";
import type { z } from "zod";
import { DevStoreError } from "../../model/errors.js";
import type { ControlStore } from "../store-port.js";

/** Thrown for control-API input that fails its schema; the error handler answers 400 with every problem. */
export class ControlInputError extends Error {
  override name = "ControlInputError";
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ControlInputError(
    result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`).join("; "),
  );
}

export function param(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== "string" || !value) throw new ControlInputError(`${name}: missing in the path`);
  return value;
}

/** Accepts a GID or its numeric tail. */
export function toGid(type: string, value: string): string {
  return /^\d+$/.test(value) ? `gid://shopify/${type}/${value}` : value;
}

/** `{ locationId }` as a GID when given, nothing when not. */
export function optionalLocation(locationId: string | undefined): { locationId?: string } {
  return locationId ? { locationId: toGid("Location", locationId) } : {};
}

export function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The shop a request names, or the only shop when it names none. */
export function shopResolver(store: Pick<ControlStore, "shops">): (shop: string | undefined) => string {
  return (shop) => {
    if (shop) return shop;
    const shops = store.shops();
    if (shops.length === 1) return shops[0]!;
    throw new DevStoreError(
      shops.length === 0
        ? "the dev store has no shop yet: POST /_devstore/seed first"
        : `shop is required (one of ${shops.join(", ")})`,
      400,
    );
  };
}
