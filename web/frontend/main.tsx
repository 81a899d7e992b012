import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@shopify/polaris/build/esm/styles.css";
import { App } from "./app";
import { findAppBridge } from "./app-bridge";
import { detectLocale } from "./locales/locale";
import { createServices } from "./services";

const appBridge = findAppBridge(window);
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

createRoot(root).render(
  <StrictMode>
    <App services={appBridge ? createServices(appBridge) : null} locale={detectLocale(window)} />
  </StrictMode>,
);
