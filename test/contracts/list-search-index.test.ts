/**
 * The list's text-search indexes (migration list_search_and_all_tab) are not in models.prisma, so nothing in Prisma
 * keeps them: this checks they exist after every migration, follow inserts, updates and deletes, and (SQLite) survive
 * the VACUUM of a privacy erasure, which renumbers the rowids they are keyed by.
 *
 * And that a search finds what a substring match finds, whichever way it reads (list-search.ts): through the index
 * for a rare term, by walking the sort index for a common one or after an index read reached its bound, and without
 * the index at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetDeletedRows, type Db } from "../../web/server/adapters/prisma/client.js";
import { PrismaBackorderRepository } from "../../web/server/adapters/prisma/backorder-repository.js";
import { SEARCH_ORDER_LIMIT, type LineFilter } from "../../web/server/use-cases/backorder/ports.js";
import {
  createTestDatabase,
  postgresSuiteMode,
  type DatabaseKind,
  type TestDatabase,
} from "../support/db.js";

const SHOP = "search-index.myshopify.com";
const pgMode = await postgresSuiteMode();

async function insertLine(
  db: Db,
  n: number,
  searchText: string,
  orderN = n,
  status = "backordered",
): Promise<void> {
  const at = new Date(Date.UTC(2026, 0, n));
  await db.$executeRaw`INSERT INTO "BackorderLine" ("shop", "lineItemId", "orderId", "orderCreatedAt", "variantId",
    "inventoryItemId", "locationId", "tracked", "tags", "status", "quantity", "inStock", "allocated",
    "waitingUnits", "sortPriority", "searchText", "createdAt", "updatedAt")
    VALUES (${SHOP}, ${`gid://shopify/LineItem/${n}`}, ${`gid://shopify/Order/${orderN}`}, ${at},
      'gid://shopify/ProductVariant/1', 'gid://shopify/InventoryItem/1', 'gid://shopify/Location/1', true, '[]',
      ${status}, 1, 0, 0, 1, 2147483647, ${searchText}, ${at}, ${at})`;
}

async function insertOrder(db: Db, n: number, searchText: string): Promise<void> {
  const at = new Date(Date.UTC(2026, 0, n));
  await db.$executeRaw`INSERT INTO "BackorderOrder" ("shop", "orderId", "name", "orderCreatedAt", "sourceUpdatedAt",
    "tags", "cancelled", "holds", "backordered", "needsSync", "searchText", "createdAt", "updatedAt")
    VALUES (${SHOP}, ${`gid://shopify/Order/${n}`}, ${`#${1000 + n}`}, ${at}, ${at}, '[]', false, '[]', true, false,
      ${searchText}, ${at}, ${at})`;
}

for (const kind of ["sqlite", "postgresql"] as DatabaseKind[]) {
  describe.skipIf(kind === "postgresql" && pgMode !== "run")(
    `${kind}: the list's text-search indexes`,
    () => {
      let database: TestDatabase;
      let db: Db;
      const search = async (term: string) =>
        (
          await new PrismaBackorderRepository(db).listLines(SHOP, { limit: 50, search: term, sort: "oldest" })
        ).lines.map((l) => Number(l.lineItemId.split("/").pop()));

      beforeAll(async () => {
        database = await createTestDatabase(kind);
        db = database.db;
      });
      afterAll(() => database?.cleanup());

      it("exist after the migrations", async () => {
        if (kind === "sqlite") {
          const rows = await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master
          WHERE (type = 'trigger' AND name LIKE 'Backorder%_search_%') OR name IN ('BackorderLineSearch', 'BackorderOrderSearch')
          ORDER BY name`;
          expect(rows.map((r) => r.name)).toEqual([
            "BackorderLineSearch",
            "BackorderLine_search_delete",
            "BackorderLine_search_insert",
            "BackorderLine_search_update",
            "BackorderOrderSearch",
            "BackorderOrder_search_delete",
            "BackorderOrder_search_insert",
            "BackorderOrder_search_update",
          ]);
        } else {
          const rows = await db.$queryRaw<
            { indexname: string }[]
          >`SELECT indexname::text AS indexname FROM pg_indexes
          WHERE indexname LIKE '%search_trgm_idx' ORDER BY indexname`;
          expect(rows.map((r) => r.indexname)).toEqual([
            "BackorderLine_search_trgm_idx",
            "BackorderOrder_search_trgm_idx",
          ]);
        }
      });

      it("follow inserts, updates and deletes of lines and orders", async () => {
        await insertOrder(db, 1, "#1001 | ada lovelace | ada@example.com");
        await insertOrder(db, 2, "#1002 | grace hopper | grace@example.com");
        await insertLine(db, 1, "ket-red | kettle | red");
        await insertLine(db, 2, "mug-1 | mug | blue", 2);
        await insertLine(db, 3, "tea-9 | teapot | green", 2);
        expect(await search("kettle")).toEqual([1]);
        expect(await search("lovelace")).toEqual([1]);
        expect(await search("hopper")).toEqual([2, 3]);

        await db.$executeRaw`UPDATE "BackorderLine" SET "searchText" = 'ket-red | kettle pro | red'
        WHERE "lineItemId" = 'gid://shopify/LineItem/1'`;
        await db.$executeRaw`UPDATE "BackorderOrder" SET "searchText" = '#1002' WHERE "orderId" = 'gid://shopify/Order/2'`;
        await db.$executeRaw`DELETE FROM "BackorderLine" WHERE "lineItemId" = 'gid://shopify/LineItem/3'`;
        expect(await search("kettle pro")).toEqual([1]);
        expect(await search("hopper")).toEqual([]);
        expect(await search("teapot")).toEqual([]);
        expect(await search("#1002")).toEqual([2]);
        // Shorter than a trigram: read without the index, same answer.
        expect(await search("ug")).toEqual([2]);
      });

      it.skipIf(kind === "postgresql")("agree with their tables after the VACUUM of an erasure", async () => {
        // Rows deleted before others move the rest when VACUUM rebuilds the table.
        await db.$executeRaw`DELETE FROM "BackorderLine" WHERE "lineItemId" = 'gid://shopify/LineItem/1'`;
        await insertLine(db, 4, "lamp | brass");
        await forgetDeletedRows(db);
        for (const index of ["BackorderLineSearch", "BackorderOrderSearch"]) {
          await db.$executeRawUnsafe(
            `INSERT INTO "${index}"("${index}", rank) VALUES ('integrity-check', 1)`,
          );
        }
        expect(await search("brass")).toEqual([4]);
        expect(await search("mug")).toEqual([2]);
      });

      describe("find what a substring match finds", () => {
        // Repositories that read alike only through different plans: the default, one whose index reads reach
        // their bound (and walk) after 4 candidates and count more than 2 as common, and one without the index.
        const repositories = () => [
          new PrismaBackorderRepository(db),
          new PrismaBackorderRepository(db, undefined, { searchCandidateLimit: 4 }),
          new PrismaBackorderRepository(db, undefined, { textSearch: "scan" }),
        ];
        const every = async (
          repo: PrismaBackorderRepository,
          filter: Omit<LineFilter, "limit">,
          limit = 25,
        ) => {
          const ids: number[] = [];
          let truncated: boolean | undefined;
          let cursor: string | undefined;
          do {
            const page = await repo.listLines(SHOP, { ...filter, limit, ...(cursor ? { cursor } : {}) });
            ids.push(...page.lines.map((l) => Number(l.lineItemId.split("/").pop())));
            truncated = page.searchTruncated;
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return { ids, truncated };
        };

        it("for common, rare, cross-field and pattern-like terms, in every status and sort", async () => {
          await db.$executeRaw`DELETE FROM "BackorderLine"`;
          await db.$executeRaw`DELETE FROM "BackorderOrder"`;
          // 40 orders of 3 lines: SKUs alike but for their last digits, customers alike but for their number.
          const orders = Array.from({ length: 40 }, (_, i) => ({
            n: 20_001 + i,
            text: `#${1001 + i} | ada ${i % 7} | ada${i % 7}@example.com`,
          }));
          const lines = orders.flatMap(({ n }, i) =>
            [0, 1, 2].map((k) => ({
              n: 30_000 + i * 3 + k,
              order: n,
              status: ["backordered", "allocated", "fulfilled"][(i + k) % 3]!,
              text:
                i === 13 && k === 1
                  ? `50%_off "x" \\1 | kettle | red`
                  : `sku-${String(i * 3 + k).padStart(5, "0")} | product ${i % 5} | size ${k}`,
            })),
          );
          for (const o of orders) await insertOrder(db, o.n, o.text);
          for (const l of lines) await insertLine(db, l.n, l.text, l.order, l.status);
          const orderText = new Map(orders.map((o) => [o.n, o.text]));
          const terms = [
            ...["sku-0", "sku-00", "product 1", "size 2", "ada 3", "@example", "#1013"], // common
            ...["sku-00071", "00071", "ada3@", "kettle"], // rare
            ...["product 2 | size 0", "| size 1", "1 | kettle", "size 2 | sku"], // across fields, or never
            ...["50%", "%", "%_o", "_", '"x"', '"', "\\1", "\\", "x%"], // pattern characters
            ...["ad", "1"], // shorter than a trigram
          ];
          const filters: Omit<LineFilter, "limit" | "search">[] = [
            { sort: "oldest" },
            { sort: "units", status: ["backordered", "fulfilled"] },
            { sort: "newest", status: ["allocated"] },
          ];
          for (const term of terms) {
            for (const filter of filters) {
              const want = lines
                .filter((l) => !filter.status || filter.status.includes(l.status as "allocated"))
                .filter((l) => l.text.includes(term) || orderText.get(l.order)!.includes(term))
                .map((l) => l.n);
              for (const repo of repositories()) {
                const { ids, truncated } = await every(repo, { ...filter, search: term });
                expect([...ids].sort(), `${term} ${JSON.stringify(filter)}`).toEqual(want.sort());
                expect(new Set(ids).size).toBe(ids.length);
                expect(truncated).toBe(false);
              }
            }
          }
        });

        it("reports a search matching more than SEARCH_ORDER_LIMIT orders, and lists every line its text matches", async () => {
          await db.$executeRaw`DELETE FROM "BackorderLine"`;
          await db.$executeRaw`DELETE FROM "BackorderOrder"`;
          const count = SEARCH_ORDER_LIMIT + 1;
          const at = new Date(Date.UTC(2026, 0, 1));
          const ids = Array.from({ length: count }, (_, i) => 100_000 + i);
          await db.backorderOrder.createMany({
            data: ids.map((n) => ({
              shop: SHOP,
              orderId: `gid://shopify/Order/${n}`,
              name: `#${n}`,
              orderCreatedAt: at,
              sourceUpdatedAt: at,
              tags: "[]",
              searchText: `#${n} | bulk buyer | bulk@example.com`,
            })),
          });
          const line = (n: number, order: number, searchText: string) => ({
            shop: SHOP,
            lineItemId: `gid://shopify/LineItem/${n}`,
            orderId: `gid://shopify/Order/${order}`,
            orderCreatedAt: at,
            variantId: "gid://shopify/ProductVariant/1",
            inventoryItemId: "gid://shopify/InventoryItem/1",
            locationId: "gid://shopify/Location/1",
            tracked: true,
            tags: "[]",
            status: "backordered",
            quantity: 1,
            inStock: 0,
            allocated: 0,
            searchText,
          });
          const last = ids[ids.length - 1]!;
          await db.backorderLine.createMany({
            data: [
              ...ids.map((n) => line(n, n, "mug | blue")),
              // The last order's lines: one the text matches, listed although its order is past the limit.
              line(last + 1, last, "bulk buyer gift | card"),
            ],
          });
          const want = [...ids.slice(0, SEARCH_ORDER_LIMIT), last + 1];
          for (const repo of repositories()) {
            const found = await every(repo, { search: "Bulk Buyer", sort: "oldest" }, 400);
            expect(found.truncated).toBe(true);
            expect(found.ids.sort()).toEqual(want);
          }
        });
      });
    },
  );
}
