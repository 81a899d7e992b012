/**
 * The list's text-search indexes (migration list_search_and_all_tab) are not in models.prisma, so nothing in Prisma
 * keeps them: this checks they exist after every migration, follow inserts, updates and deletes, and (SQLite) survive
 * the VACUUM of a privacy erasure, which renumbers the rowids they are keyed by.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetDeletedRows, type Db } from "../../web/server/adapters/prisma/client.js";
import { PrismaBackorderRepository } from "../../web/server/adapters/prisma/backorder-repository.js";
import {
  createTestDatabase,
  postgresSuiteMode,
  type DatabaseKind,
  type TestDatabase,
} from "../support/db.js";

const SHOP = "search-index.myshopify.com";
const pgMode = await postgresSuiteMode();

async function insertLine(db: Db, n: number, searchText: string, orderN = n): Promise<void> {
  const at = new Date(Date.UTC(2026, 0, n));
  await db.$executeRaw`INSERT INTO "BackorderLine" ("shop", "lineItemId", "orderId", "orderCreatedAt", "variantId",
    "inventoryItemId", "locationId", "tracked", "tags", "status", "quantity", "inStock", "allocated",
    "waitingUnits", "sortPriority", "searchText", "createdAt", "updatedAt")
    VALUES (${SHOP}, ${`gid://shopify/LineItem/${n}`}, ${`gid://shopify/Order/${orderN}`}, ${at},
      'gid://shopify/ProductVariant/1', 'gid://shopify/InventoryItem/1', 'gid://shopify/Location/1', true, '[]',
      'backordered', 1, 0, 0, 1, 2147483647, ${searchText}, ${at}, ${at})`;
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
    },
  );
}
