import { decideBackorders, newLine } from "../web/server/domain/backorder/index.js";
import { toGid } from "../web/server/domain/shared/gid.js";
const lines: any[] = [];
let order = 1_000_000_000_000, lineId = 9_000_000_000_000;
const T0 = Date.UTC(2024,0,1);
for (let i = 0; i < 100000; i++) {
  if (i % 2 === 0) order++;
  const v = 1 + (i * 7919) % 1000;
  lines.push(newLine({ lineItemId: toGid("LineItem", String(++lineId)), orderId: toGid("Order", String(order)), orderCreatedAt: new Date(T0 + (order % 1000000) * 500).toISOString(), variantId: toGid("ProductVariant", String(v)), inventoryItemId: toGid("InventoryItem", String(v)), locationId: toGid("Location","1"), tracked: true, quantity: 1 + i % 3, tags: i % 10 === 0 ? ["VIP"] : ["online"] }));
}
const stock = Array.from({length: 1000}, (_, i) => ({ inventoryItemId: toGid("InventoryItem", String(i+1)), locationId: toGid("Location","1"), available: 80, asOf: new Date(T0 - 1e6).toISOString() }));
for (let r = 0; r < 10; r++) { const t = process.cpuUsage(); decideBackorders({ stock, lines, rules: { priorityTags: ["VIP", "wholesale"] } }); const u = process.cpuUsage(t); console.log(((u.user+u.system)/1000).toFixed(1)); }
