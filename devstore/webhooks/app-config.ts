import { readFile } from "node:fs/promises";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";

/**
 * What the dev store needs from an app's `shopify.app.toml` (https://shopify.dev/docs/apps/build/cli-for-apps/
 * app-configuration, REFERENCE 5.5): the webhook API version, the subscriptions and the access scopes. App-specific
 * subscriptions apply to every shop the app is installed on, as on Shopify.
 */

const subscriptionSchema = z
  .object({
    topics: z.array(z.string().min(1)).optional(),
    compliance_topics: z
      .array(z.enum(["customers/data_request", "customers/redact", "shop/redact"]))
      .optional(),
    uri: z.string().min(1),
    name: z.string().max(50).optional(),
    include_fields: z.array(z.string()).optional(),
    filter: z.string().optional(),
  })
  .refine((s) => (s.topics?.length ?? 0) + (s.compliance_topics?.length ?? 0) > 0, {
    message: "a subscription needs topics or compliance_topics",
  });

const appTomlSchema = z.object({
  client_id: z.string().optional(),
  handle: z.string().optional(),
  application_url: z.string().optional(),
  access_scopes: z.object({ scopes: z.string().default("") }).optional(),
  app_proxy: z
    .object({
      url: z.string().min(1),
      subpath: z.string().min(1),
      prefix: z.enum(["apps", "a", "community", "tools"]),
    })
    .optional(),
  webhooks: z.object({
    api_version: z.string().regex(/^\d{4}-\d{2}$|^unstable$/, "api_version looks like 2026-07"),
    subscriptions: z.array(subscriptionSchema).default([]),
  }),
});

export interface WebhookSubscription {
  topics: string[];
  /** Absolute delivery URL (relative uris are prefixed with the app URL). */
  url: string;
  name?: string;
}

export interface AppConfig {
  /** `client_id` and `application_url` as written in the toml (defaults for the CLI). */
  clientId: string | undefined;
  /** The app's handle: storefront app blocks are named `shopify://apps/{handle}/blocks/…`. */
  handle: string | undefined;
  applicationUrl: string | undefined;
  apiVersion: string;
  scopes: string[];
  subscriptions: WebhookSubscription[];
  /** `[app_proxy]`: storefront `/{prefix}/{subpath}/*` is forwarded to `url` + `/*` (REFERENCE 4.4). */
  appProxy: AppProxyConfig | null;
}

export interface AppProxyConfig {
  /** Storefront path, `/apps/waitwell`. */
  path: string;
  /** Absolute URL requests are forwarded to. */
  url: string;
}

export class AppConfigError extends Error {
  override name = "AppConfigError";
}

export async function readAppConfig(tomlPath: string, appUrl: string): Promise<AppConfig> {
  let raw: unknown;
  try {
    raw = parseToml(await readFile(tomlPath, "utf8"));
  } catch (e) {
    throw new AppConfigError(`${tomlPath}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseAppConfig(raw, appUrl, tomlPath);
}

export function parseAppConfig(raw: unknown, appUrl: string, source = "shopify.app.toml"): AppConfig {
  const parsed = appTomlSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new AppConfigError(`${source}: ${problems.join("; ")}`);
  }
  const { webhooks, access_scopes, client_id, handle, application_url, app_proxy } = parsed.data;
  const subscriptions = webhooks.subscriptions.map((s, index): WebhookSubscription => {
    // The dev store must not pretend: a payload Shopify would trim or filter is refused rather than sent whole.
    if (s.include_fields || s.filter) {
      throw new AppConfigError(
        `${source}: webhooks.subscriptions[${index}]: include_fields and filter are not supported by the dev store`,
      );
    }
    return {
      topics: [...(s.topics ?? []), ...(s.compliance_topics ?? [])],
      url: resolveUri(s.uri, appUrl, `${source}: webhooks.subscriptions[${index}].uri`),
      ...(s.name ? { name: s.name } : {}),
    };
  });
  return {
    clientId: client_id,
    handle,
    applicationUrl: application_url,
    apiVersion: webhooks.api_version,
    scopes: (access_scopes?.scopes ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    subscriptions,
    appProxy: app_proxy
      ? {
          path: `/${app_proxy.prefix}/${app_proxy.subpath}`,
          url: rebase(resolveUri(app_proxy.url, appUrl, `${source}: app_proxy.url`), application_url, appUrl),
        }
      : null,
  };
}

/**
 * `shopify app dev` rewrites URLs under `application_url` to the app's current URL
 * (`automatically_update_urls_on_dev`); the dev store does the same, so the toml's placeholder origin never leaks.
 */
function rebase(url: string, applicationUrl: string | undefined, appUrl: string): string {
  const from = applicationUrl?.replace(/\/$/, "");
  if (!from || (url !== from && !url.startsWith(`${from}/`))) return url;
  return `${appUrl.replace(/\/$/, "")}${url.slice(from.length)}`;
}

function resolveUri(uri: string, appUrl: string, where: string): string {
  if (uri.startsWith("/")) return `${appUrl.replace(/\/$/, "")}${uri}`;
  if (/^https?:\/\//i.test(uri)) return uri;
  throw new AppConfigError(`${where}: the dev store delivers over HTTP(S) only, not to ${uri}`);
}
