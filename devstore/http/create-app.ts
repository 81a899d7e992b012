import express, { type Express, type Router } from "express";
import { adminRoutes, type AdminRouteDeps } from "./admin.routes.js";
import { controlRoutes, type ControlDeps } from "./control.routes.js";
import { errorHandler } from "./error-handler.js";

export interface DevStoreHttpDeps {
  admin: AdminRouteDeps;
  control: ControlDeps;
  /** The online store (devstore/storefront): pages, cart, checkout, app proxies. */
  storefront?: Router;
  log: (message: string, error: unknown) => void;
}

/** The dev store's HTTP surface: Shopify's endpoints at their real paths, and the control API under /_devstore. */
export function createDevStoreApp(deps: DevStoreHttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(adminRoutes(deps.admin));
  app.use("/_devstore", express.json({ limit: "5mb" }), controlRoutes(deps.control));
  app.use("/_devstore", (req, res) => {
    res
      .status(404)
      .json({ error: `no control route ${req.method} /_devstore${req.path} (see devstore/README.md)` });
  });
  if (deps.storefront) app.use(deps.storefront);
  app.use((_req, res) => {
    res.status(404).json({ errors: "Not Found" });
  });
  app.use(errorHandler(deps.log));
  return app;
}
