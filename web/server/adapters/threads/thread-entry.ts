/**
 * The URL a worker_threads Worker starts from. From TypeScript sources (npm start runs them through tsx) the thread
 * registers tsx's loader first; from compiled JavaScript it imports the compiled module directly. `moduleUrl` is the
 * `.ts` module's URL next to the caller (new URL("./x.ts", import.meta.url)).
 */
export function threadEntryUrl(moduleUrl: URL): URL {
  const fromSource = moduleUrl.pathname.endsWith(".ts") && import.meta.url.endsWith(".ts");
  if (!fromSource) return new URL(moduleUrl.href.replace(/\.ts$/, ".js"));
  const tsx = import.meta.resolve("tsx/esm/api");
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(moduleUrl.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
