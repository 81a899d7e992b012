/**
 * Local mode's demo (npm start only, never tests): so the dev store's online store shows Waitwell at once, the demo
 * shop gets, on its first start, one backorder rule for the products the demo catalog tags `backorderable` (ETA from
 * incoming stock), and on every start (the dev store lives in memory) incoming stock for TB-BOOT-09 two weeks out.
 * Both go through the same APIs a merchant and a supplier would use: Waitwell's `/api/rules` and the dev store's
 * control API. A shop that already has rules is left alone.
 */
import type { DevStoreHandle, LocalStack } from "./local-stack.js";

const DAY_MS = 86_400_000;

export async function seedDemoBackorders(stack: LocalStack<DevStoreHandle>): Promise<string[]> {
  const done: string[] = [];
  const auth = { Authorization: `Bearer ${await stack.sessionToken()}`, "Content-Type": "application/json" };
  const app = stack.config.shopify.appUrl;
  const listed = (await (await fetch(`${app}/api/rules`, { headers: auth })).json()) as { rules?: unknown[] };
  if (listed.rules?.length === 0) {
    const res = await fetch(`${app}/api/rules`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        scope: { kind: "tag", tag: "backorderable" },
        settings: { mode: "when_out_of_stock", etaSource: { kind: "incoming" }, handlingDays: 1 },
      }),
    });
    if (!res.ok) throw new Error(`creating the demo rule failed: ${res.status} ${await res.text()}`);
    done.push('a backorder rule for products tagged "backorderable" (ETA from incoming stock)');
  }
  const state = (await (await fetch(`${stack.devStore.url}/_devstore/state?shop=${stack.shop}`)).json()) as {
    products: { variants: { id: string; sku: string | null }[] }[];
  };
  const boot = state.products.flatMap((p) => p.variants).find((v) => v.sku === "TB-BOOT-09");
  if (boot) {
    const expectedAt = new Date(Date.now() + 14 * DAY_MS).toISOString().slice(0, 10);
    const res = await fetch(`${stack.devStore.url}/_devstore/incoming`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ shop: stack.shop, variantId: boot.id, quantity: 12, expectedAt }),
    });
    if (!res.ok) throw new Error(`scheduling demo incoming stock failed: ${res.status} ${await res.text()}`);
    done.push(`12 × TB-BOOT-09 arriving ${expectedAt}`);
  }
  return done;
}
