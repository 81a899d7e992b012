import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "**/generated/**",
      "data/**",
      "extensions/**/assets/**",
      "extensions/**/dist/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The domain core stays pure: no frameworks, no I/O, no adapters. Time and randomness come in as parameters.
    files: ["web/server/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["express", "express/*"], message: "domain/ is pure: no HTTP framework." },
            { group: ["@prisma/*", "prisma", "**/generated/**"], message: "domain/ is pure: no database." },
            { group: ["@shopify/*"], message: "domain/ is pure: no Shopify libraries." },
            {
              group: ["node:*", "fs", "http", "https", "net", "child_process"],
              message: "domain/ is pure: no I/O.",
            },
            {
              group: ["**/adapters/**", "**/http/**", "**/use-cases/**", "**/jobs/**", "**/webhooks/**"],
              message: "domain/ depends on nothing outward.",
            },
          ],
        },
      ],
    },
  },
  {
    // Use cases talk to the world only through ports.
    files: ["web/server/use-cases/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["express", "@prisma/*", "**/generated/**"],
              message: "use-cases/ reach the world through ports.",
            },
            { group: ["**/adapters/**", "**/http/**"], message: "use-cases/ depend on ports, not adapters." },
          ],
        },
      ],
    },
  },
  {
    // Webhook handlers parse a payload and call one use case; the HTTP layer and the adapters are not theirs to reach.
    files: ["web/server/webhooks/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["express", "@prisma/*", "**/generated/**"],
              message: "webhooks/ reach the world through use cases.",
            },
            {
              group: ["**/adapters/**", "**/http/**"],
              message: "webhooks/ call use cases, not adapters or routes.",
            },
          ],
        },
      ],
    },
  },
  {
    // The dev store is a stand-in for Shopify: it must not know the app.
    files: ["devstore/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/web/**"], message: "devstore/ imports nothing from the app." }] },
      ],
    },
  },
  {
    // Written the way `shopify app generate extension` writes it: each target's API is attached to the module it
    // renders, and a module can appear under several targets, hence the ignore comments.
    files: ["extensions/**/shopify.d.ts"],
    rules: { "@typescript-eslint/ban-ts-comment": "off" },
  },
  prettier,
);
