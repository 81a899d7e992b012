import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { THEME_DIR } from "./theme.js";

/**
 * The checkout editor's choices (theme/config/checkout.json): which merchant-placed targets of an app's checkout UI
 * extension are placed, and the extension's settings (`shopify.settings`, the toml's `[extensions.settings]` fields).
 */
const schema = z.object({
  extensions: z
    .array(
      z.object({
        app: z.string(),
        handle: z.string(),
        placements: z.array(z.string()).default([]),
        settings: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .default([]),
});

export type CheckoutConfig = z.infer<typeof schema>;

export function readCheckoutConfig(dir = THEME_DIR): CheckoutConfig {
  return schema.parse(JSON.parse(readFileSync(path.join(dir, "config/checkout.json"), "utf8")));
}
