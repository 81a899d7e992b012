import { Router } from "express";
import { mintSessionToken } from "../../auth/session-token.js";
import { DevStoreError } from "../../model/errors.js";
import * as schemas from "../control.schemas.js";
import type { ControlStore } from "../store-port.js";
import { param, parse, shopResolver } from "./input.js";

export interface ControlApp {
  apiKey: string;
  apiSecret: string;
}

export interface AppsDeps {
  store: ControlStore;
  apps: ControlApp[];
  wallClock: () => number;
  /** The staff user who "opens the app" in local mode; session tokens name them in `sub`. */
  staffUserId: string;
}

/** What the merchant does with apps: uninstall one, open one (a session token, as App Bridge would hand it). */
export function appsRoutes(deps: AppsDeps): Router {
  const { store } = deps;
  const router = Router();
  const shopOf = shopResolver(store);

  router.post("/apps/:apiKey/uninstall", (req, res) => {
    const { shop } = parse(schemas.shopOnlyBody, req.body ?? {});
    const app = appOf(deps.apps, param(req, "apiKey"));
    store.uninstallApp(shopOf(shop), app.apiKey);
    res.json({ ok: true });
  });

  router.post("/session-token", (req, res) => {
    const { shop, apiKey, staffUserId } = parse(schemas.sessionTokenBody, req.body);
    if (!store.shops().includes(shop)) throw new DevStoreError(`unknown shop ${shop}`, 404);
    const app = appOf(deps.apps, apiKey);
    const minted = mintSessionToken({
      shop,
      apiKey: app.apiKey,
      apiSecret: app.apiSecret,
      staffUserId: staffUserId ?? deps.staffUserId,
      nowMs: deps.wallClock(),
    });
    res.status(201).json(minted);
  });

  return router;
}

function appOf(apps: ControlApp[], apiKey: string | undefined): ControlApp {
  if (!apiKey) {
    if (apps.length === 1) return apps[0]!;
    throw new DevStoreError(`apiKey is required (one of ${apps.map((a) => a.apiKey).join(", ")})`, 400);
  }
  const app = apps.find((a) => a.apiKey === apiKey);
  if (!app) throw new DevStoreError(`unknown app ${apiKey}`, 404);
  return app;
}
