import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";

/**
 * An app's checkout UI extensions (`type = "ui_extension"`, https://shopify.dev/docs/apps/structure/app-extensions/
 * configuration), and their browser build. Shopify runs each extension target in its own sandbox with a global
 * `shopify` object; the dev store runs each in its own iframe (one per cart line for cart-line targets), with the
 * module bundled together with the sandbox runtime (browser/sandbox.ts) and the `s-*` elements (browser/
 * components.ts). The build is vite's (already used for the admin), in memory, redone when a source file changes.
 */

const tomlSchema = z.object({
  api_version: z.string().optional(),
  extensions: z.array(
    z.object({
      name: z.string(),
      handle: z.string().regex(/^[a-zA-Z0-9-]{1,50}$/),
      type: z.string(),
      targeting: z
        .array(
          z.object({
            target: z.string(),
            module: z.string(),
            metafields: z.array(z.object({ namespace: z.string(), key: z.string() })).optional(),
          }),
        )
        .default([]),
      metafields: z.array(z.object({ namespace: z.string(), key: z.string() })).optional(),
    }),
  ),
});

export interface ExtensionTargeting {
  target: string;
  /** Absolute path of the module. */
  module: string;
  /** Bundle entry name: `{handle}--{target}`. */
  entry: string;
  metafields: { namespace: string; key: string }[];
}

export interface UiExtension {
  handle: string;
  name: string;
  dir: string;
  apiVersion: string;
  targeting: ExtensionTargeting[];
}

/** The ui_extensions under `extensions/*` next to an app's shopify.app.toml (the CLI's default extension_directories). */
export function findUiExtensions(appRoot: string): UiExtension[] {
  const base = path.join(appRoot, "extensions");
  if (!existsSync(base)) return [];
  const found: UiExtension[] = [];
  for (const name of readdirSync(base).sort()) {
    const toml = path.join(base, name, "shopify.extension.toml");
    if (!existsSync(toml)) continue;
    const raw = parseToml(readFileSync(toml, "utf8"));
    if ((raw as { type?: unknown }).type === "theme") continue;
    const parsed = tomlSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${toml}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    for (const ext of parsed.data.extensions.filter((e) => e.type === "ui_extension")) {
      const dir = path.dirname(toml);
      found.push({
        handle: ext.handle,
        name: ext.name,
        dir,
        apiVersion: parsed.data.api_version ?? "unstable",
        targeting: ext.targeting.map((t) => ({
          target: t.target,
          module: path.resolve(dir, t.module),
          entry: `${ext.handle}--${t.target}`,
          metafields: [...(ext.metafields ?? []), ...(t.metafields ?? [])],
        })),
      });
    }
  }
  return found;
}

/** The extension's strings for a language (`locales/{lang}.json`, else `en.default.json`). */
export function extensionTranslations(ext: UiExtension, language: string): Record<string, unknown> {
  const dir = path.join(ext.dir, "locales");
  for (const file of [`${language}.json`, `${language}.default.json`, "en.default.json"]) {
    const full = path.join(dir, file);
    if (existsSync(full)) return JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
  }
  return {};
}

const BROWSER_DIR = path.join(import.meta.dirname, "browser");
const ENTRY_PREFIX = "\0waitwell-devstore-entry:";

export interface Bundle {
  files: Map<string, string>;
  builtAt: number;
}

/** Builds the checkout host script and one entry per extension target; rebuilds when a source file is newer. */
export class CheckoutBundler {
  private current: Promise<Bundle> | null = null;

  constructor(
    private readonly root: string,
    private readonly extensions: () => UiExtension[],
  ) {}

  async file(name: string): Promise<string | null> {
    return (await this.bundle()).files.get(name) ?? null;
  }

  bundle(): Promise<Bundle> {
    const current = this.current;
    if (current) {
      return current.then((b) => (this.newestSource() > b.builtAt ? this.rebuild() : b));
    }
    return this.rebuild();
  }

  private rebuild(): Promise<Bundle> {
    const started = Date.now();
    const build = this.build().then((files) => ({ files, builtAt: started }));
    this.current = build;
    // A failed build is not cached: the next request tries again.
    build.catch(() => {
      if (this.current === build) this.current = null;
    });
    return build;
  }

  private newestSource(): number {
    const dirs = [BROWSER_DIR, ...this.extensions().map((e) => path.join(e.dir, "src"))];
    return Math.max(...dirs.map(newestMtime));
  }

  private async build(): Promise<Map<string, string>> {
    const entries = new Map<string, string>();
    for (const ext of this.extensions())
      for (const t of ext.targeting)
        entries.set(
          t.entry,
          `import { runExtension } from ${JSON.stringify(path.join(BROWSER_DIR, "sandbox.ts"))};\n` +
            `import main from ${JSON.stringify(t.module)};\n` +
            `runExtension(main);\n`,
        );
    const { build } = await import("vite");
    // vite's build sets process.env.NODE_ENV for the whole process; the app beside the dev store reads it.
    const nodeEnv = process.env.NODE_ENV;
    const output = await build({
      configFile: false,
      root: this.root,
      logLevel: "silent",
      publicDir: false,
      envFile: false,
      oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
      build: {
        write: false,
        minify: true,
        sourcemap: false,
        target: "es2022",
        modulePreload: false,
        rollupOptions: {
          input: {
            host: path.join(BROWSER_DIR, "checkout-host.ts"),
            ...Object.fromEntries([...entries.keys()].map((name) => [name, `${ENTRY_PREFIX}${name}`])),
          },
          preserveEntrySignatures: false,
          output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
        },
      },
      plugins: [
        {
          name: "waitwell-devstore-entries",
          resolveId: (id: string) => (id.startsWith(ENTRY_PREFIX) ? id : null),
          load: (id: string) =>
            id.startsWith(ENTRY_PREFIX) ? entries.get(id.slice(ENTRY_PREFIX.length)) : null,
        },
      ],
    }).finally(() => {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    });
    const files = new Map<string, string>();
    for (const result of Array.isArray(output) ? output : [output]) {
      if (!("output" in result)) continue;
      for (const item of result.output) {
        files.set(item.fileName, item.type === "chunk" ? item.code : String(item.source));
      }
    }
    return files;
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((max, d) => {
    const p = path.join(dir, d.name);
    return Math.max(max, d.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}
