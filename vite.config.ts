import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Builds the embedded admin (web/frontend) into dist/web, which the server serves. */
export default defineConfig({
  root: "web/frontend",
  plugins: [react()],
  build: { outDir: "../../dist/web", emptyOutDir: true, sourcemap: false },
});
