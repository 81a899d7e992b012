/**
 * `npm run devstore -- <command>`: start a dev store, or poke a running one through its control API.
 * The commands and their options are listed in USAGE below (`npm run devstore -- help`).
 */ import path from "node:path";
import { parseArgs } from "node:util";
import { startDevStore } from "./server.js";
import { readAppConfig } from "./webhooks/app-config.js";

const root = path.resolve(import.meta.dirname, "..");
/** Local-mode credentials, the same defaults Waitwell uses without an environment (README "Configuration"). */
const LOCAL_API_SECRET = "waitwell-local-api-secret";

const options = {
  url: { type: "string", default: process.env.DEVSTORE_URL ?? "http://127.0.0.1:3001" },
  shop: { type: "string" },
  port: { type: "string", default: "3001" },
  host: { type: "string", default: "127.0.0.1" },
  "app-toml": { type: "string", default: path.join(root, "shopify.app.toml") },
  "api-key": { type: "string" },
  "api-secret": { type: "string", default: LOCAL_API_SECRET },
  "app-url": { type: "string" },
  catalog: { type: "string", default: path.join(root, "devstore/catalogs/demo.json") },
  seed: { type: "string", default: "1" },
  sku: { type: "string" },
  variant: { type: "string" },
  quantity: { type: "string" },
  channel: { type: "string", default: "online_store" },
  email: { type: "string", default: "shopper@example.com" },
  ms: { type: "string" },
  minutes: { type: "string" },
  hours: { type: "string" },
  days: { type: "string" },
  topic: { type: "string" },
  state: { type: "string" },
  limit: { type: "string" },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

const USAGE = `usage: npm run devstore -- <command> [options]

  serve     [--port 3001] [--host 127.0.0.1] [--app-toml shopify.app.toml] [--api-key K] [--api-secret S]
            [--app-url URL] [--catalog devstore/catalogs/demo.json] [--seed 1]
  order     [--sku SKU | --variant ID] [--quantity 1] [--channel online_store|pos|draft_order] [--email E]
  receive   (--sku SKU | --variant ID) [--quantity 10]
  advance   [--ms N] [--minutes N] [--hours N] [--days N]
  state     [--shop DOMAIN]
  webhooks  [--topic T] [--state pending|delivered|failed|dropped] [--limit N]
  help

Client commands take --url (default $DEVSTORE_URL or http://127.0.0.1:3001) and --shop when the store holds several.`;

function parseCommandLine(): { flags: Flags; command: string | undefined } {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) return { flags: {} as Flags, command: "help" };
  try {
    const { values, positionals } = parseArgs({ options, allowPositionals: true });
    return { flags: values, command: positionals[0] };
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { flags, command } = parseCommandLine();
  switch (command) {
    case "help":
      return console.log(USAGE);
    case "serve":
      return serve(flags);
    case "order": {
      const variantId = await variantFor(flags);
      return print(
        await call(flags, "POST", "/orders", {
          shop: flags.shop,
          lines: [{ variantId, quantity: int(flags.quantity ?? "1", "quantity") }],
          customer: { email: flags.email },
          channel: flags.channel,
        }),
      );
    }
    case "receive": {
      if (!flags.sku && !flags.variant) throw new UsageError("receive needs --sku or --variant");
      const variantId = await variantFor(flags);
      return print(
        await call(flags, "POST", "/stock/receive", {
          shop: flags.shop,
          variantId,
          quantity: int(flags.quantity ?? "10", "quantity"),
        }),
      );
    }
    case "advance": {
      const body = Object.fromEntries(
        (["ms", "minutes", "hours", "days"] as const)
          .filter((k) => flags[k] !== undefined)
          .map((k) => [k, Number(flags[k])]),
      );
      return print(
        await call(flags, "POST", "/clock/advance", Object.keys(body).length ? body : { hours: 1 }),
      );
    }
    case "state":
      return print(
        await call(flags, "GET", `/state${flags.shop ? `?shop=${encodeURIComponent(flags.shop)}` : ""}`),
      );
    case "webhooks": {
      const query = new URLSearchParams();
      for (const key of ["shop", "topic", "state", "limit"] as const)
        if (flags[key]) query.set(key, flags[key]);
      return print(await call(flags, "GET", `/webhooks?${query}`));
    }
    default:
      throw new UsageError(`unknown command ${command ?? "(none)"}\n\n${USAGE}`);
  }
}

async function serve(flags: Flags): Promise<void> {
  const tomlPath = path.resolve(flags["app-toml"]);
  const toml = await readAppConfig(tomlPath, flags["app-url"] ?? "http://localhost:3000");
  const apiKey = flags["api-key"] ?? toml.clientId;
  if (!apiKey) throw new UsageError(`no --api-key and no client_id in ${tomlPath}`);
  const appUrl = (flags["app-url"] ?? toml.applicationUrl ?? "http://localhost:3000").replace(/\/$/, "");
  const devstore = await startDevStore({
    port: int(flags.port, "port"),
    host: flags.host,
    apps: [{ apiKey, apiSecret: flags["api-secret"], appUrl, appTomlPath: tomlPath }],
    catalog: path.resolve(flags.catalog),
    seed: int(flags.seed, "seed"),
  });
  console.log(
    `dev store listening on ${devstore.url} (shops: ${devstore.store.shops().join(", ")}; app ${apiKey} at ${appUrl})`,
  );
  const stop = () => void devstore.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** --variant as given, or the variant with --sku, or (for a demo order) the first variant in the shop. */
async function variantFor(flags: Flags): Promise<string> {
  if (flags.variant) return flags.variant;
  const state = (await call(
    flags,
    "GET",
    `/state${flags.shop ? `?shop=${encodeURIComponent(flags.shop)}` : ""}`,
  )) as {
    products: { variants: { id: string; sku: string | null }[] }[];
  };
  const variants = state.products.flatMap((p) => p.variants);
  const variant = flags.sku ? variants.find((v) => v.sku === flags.sku) : variants[0];
  if (!variant)
    throw new UsageError(flags.sku ? `no variant with SKU ${flags.sku}` : "the shop has no variants");
  return variant.id;
}

async function call(flags: Flags, method: "GET" | "POST", route: string, body?: unknown): Promise<unknown> {
  const base = storeUrl(flags.url);
  const res = await fetch(`${base}/_devstore${route}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  }).catch(() => {
    throw new UsageError(
      `no dev store answers at ${base} (start one with npm start or npm run devstore -- serve, or pass --url)`,
    );
  });
  const payload: unknown = await res.json().catch(() => {
    throw new UsageError(
      `${base} answered ${method} /_devstore${route} with ${res.status}, not a dev store's JSON`,
    );
  });
  if (!res.ok)
    throw new UsageError(`${method} /_devstore${route} → ${res.status}: ${JSON.stringify(payload)}`);
  return payload;
}

function storeUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`--url must be an http(s) URL, got ${value}`);
  return value.replace(/\/$/, "");
}

function int(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got ${value}`);
  return n;
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

class UsageError extends Error {}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exit(1);
});
