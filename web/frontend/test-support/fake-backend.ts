import { vi } from "vitest";
import { render } from "@testing-library/react";
import { createElement } from "react";
import { App } from "../app";
import { findAppBridge } from "../app-bridge";
import type { Locale } from "../locales/catalogs";
import { createServices } from "../services";

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | null;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function apiError(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message } });
}

/**
 * Stands in for Waitwell's server behind `fetch`: handlers per "METHOD /path", every request recorded. Unknown routes
 * answer 404 in the API's error envelope, so a wrong URL shows up as a failing assertion rather than a hang.
 */
export function fakeBackend() {
  const handlers = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const request: RecordedRequest = {
      method: init.method ?? "GET",
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : null,
    };
    requests.push(request);
    const handler = handlers.get(`${request.method} ${url.pathname}`);
    return handler
      ? handler(request)
      : apiError(404, "not_found", `no fake for ${request.method} ${url.pathname}`);
  });
  vi.stubGlobal("fetch", fetch);
  return {
    fetch,
    requests,
    on(route: string, handler: Handler) {
      handlers.set(route, handler);
      return this;
    },
    /** Requests to one path, in order. */
    to(method: string, pathname: string): RecordedRequest[] {
      return requests.filter((r) => r.method === method && r.url.pathname === pathname);
    },
  };
}

/** What the local-mode script (or App Bridge) puts on window: a token source and toasts. */
export function stubShopify() {
  let issued = 0;
  const shopify = {
    idToken: vi.fn(async () => `session-token-${++issued}`),
    toast: { show: vi.fn() },
  };
  vi.stubGlobal("shopify", shopify);
  return shopify;
}

/** Renders the admin the way main.tsx does, at a hash route, in English unless `locale` says otherwise. */
export function renderApp(hash = "#/", locale: Locale = "en") {
  window.location.hash = hash;
  const appBridge = findAppBridge(window);
  return render(createElement(App, { services: appBridge ? createServices(appBridge) : null, locale }));
}
