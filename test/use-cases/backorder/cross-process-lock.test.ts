/**
 * Several processes (web + inbox workers) share one PostgreSQL database and may handle webhooks of the same shop at
 * once. Each process is played here by its own Prisma client, repository, engine and shop lock; the two share the
 * database and one fake Shopify.
 *
 * The race is forced, not hoped for (lockstep): the two processes' k-th steps make their first read together, and
 * process 1 stores its k-th decision only after process 0 finished its k-th step. A partner that cannot come (it waits
 * for the lock the other holds) is not waited for, so under a lock spanning the processes this costs a few
 * milliseconds a step; with in-process locks the same sale deterministically ends wrong (the control test).
 *
 * PostgreSQL runs wherever it is reachable; in CI (CI=true) and under `npm run test:pg` (WAITWELL_REQUIRE_PG=1) an
 * unreachable server fails the run instead of skipping.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../../../web/server/adapters/logger.js";
import { PrismaBackorderRepository } from "../../../web/server/adapters/prisma/backorder-repository.js";
import { redactUrl, type Db } from "../../../web/server/adapters/prisma/client.js";
import {
  createPostgresShopLock as createLock,
  shopLockKey,
  type PostgresShopLock,
  type PostgresShopLockOptions,
} from "../../../web/server/adapters/prisma/shop-lock.js";
import {
  toGid,
  type InventoryItemGid,
  type LineItemGid,
  type LocationGid,
  type OrderGid,
  type ProductVariantGid,
} from "../../../web/server/domain/shared/gid.js";
import {
  createBackorderEngine,
  createKeyedLock,
  type BackorderEngine,
  type IncomingOrder,
  type ShopLock,
} from "../../../web/server/use-cases/backorder/index.js";
import type { BackorderRepository } from "../../../web/server/use-cases/backorder/ports.js";
import { DEFAULT_SHOP_SETTINGS, type ShopDomain } from "../../../web/server/use-cases/ports.js";
import {
  fakeBackorderShopify,
  heldUnitsOnShopify,
  placeOnShopify,
  type FakeBackorderShopify,
} from "../../support/backorder-fakes.js";
import {
  createTestDatabase,
  postgresAdminUrl,
  postgresSuiteMode,
  type TestDatabase,
} from "../../support/db.js";

const SHOP = "flash.myshopify.com";
const T = (min: number) => new Date(Date.UTC(2026, 10, 27, 9, min));
const VARIANT = toGid("ProductVariant", "1") as ProductVariantGid;
const ITEM = toGid("InventoryItem", "1") as InventoryItemGid;
const LOCATION = toGid("Location", "1") as LocationGid;

const mode = await postgresSuiteMode();
if (mode === "skip") {
  console.warn(
    `\n  ⚠ Cross-process shop lock tests SKIPPED: nothing answers on 127.0.0.1:5432 and DATABASE_URL_TEST is unset.\n` +
      `    Set WAITWELL_REQUIRE_PG=1 (or CI=true) to make this a failure.\n`,
  );
}

let database: TestDatabase | undefined;
const locks: PostgresShopLock[] = [];
afterEach(async () => {
  await Promise.all(locks.splice(0).map((lock) => lock.close()));
  await database?.cleanup();
  database = undefined;
});

/** A process's shop lock on the test's database (closed after the test). */
function createPostgresShopLock(db: Db, options?: PostgresShopLockOptions): PostgresShopLock {
  const url = urls.get(db);
  if (!url) throw new Error("not a client of this test's database");
  const lock = createLock(url, options);
  locks.push(lock);
  return lock;
}
const urls = new Map<Db, string>();

/** The database and two clients on it, as two processes would each hold one. */
async function twoProcesses(): Promise<[Db, Db]> {
  database = await createTestDatabase("postgresql");
  const clients: [Db, Db] = [database.db, await database.connect()];
  for (const db of clients) urls.set(db, database.url);
  return clients;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(mode === "skip")("PostgreSQL shop lock", () => {
  if (mode === "fail") {
    it("needs a reachable PostgreSQL (CI=true or WAITWELL_REQUIRE_PG=1)", () => {
      throw new Error(`PostgreSQL is required but unreachable at ${redactUrl(postgresAdminUrl())}`);
    });
    return;
  }

  it("two processes never run steps of the same shop at once", async () => {
    const [a, b] = await twoProcesses();
    const locks = [createPostgresShopLock(a), createPostgresShopLock(b)];
    const spans: { from: number; to: number }[] = [];
    let inside = 0;
    let overlaps = 0;
    const step = async () => {
      if (++inside > 1) overlaps++;
      const from = performance.now();
      await sleep(30);
      spans.push({ from, to: performance.now() });
      inside--;
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => locks[i % 2]!.run(SHOP, step)));
    expect(overlaps).toBe(0);
    spans.sort((x, y) => x.from - y.from);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
  });

  it("steps of different shops run at once, across processes", async () => {
    const [a, b] = await twoProcesses();
    const holding = deferred();
    const release = deferred();
    const first = createPostgresShopLock(a).run("one.myshopify.com", async () => {
      holding.resolve();
      await release.promise;
    });
    await holding.promise;
    // Would wait for `release` (and time out) if the shops shared a lock.
    const other = await Promise.race([
      createPostgresShopLock(b).run("two.myshopify.com", async () => "ran"),
      sleep(5_000).then(() => "blocked"),
    ]);
    release.resolve();
    await first;
    expect(other).toBe("ran");
  });

  it("a failed step lets go of the lock; its error reaches the caller", async () => {
    const [a, b] = await twoProcesses();
    await expect(
      createPostgresShopLock(a).run(SHOP, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await createPostgresShopLock(b).run(SHOP, async () => 42)).toBe(42);
  });

  it("a step waits for another process's lock at most lockWaitMs, then fails and runs nothing", async () => {
    const [a, b] = await twoProcesses();
    const holding = deferred();
    const release = deferred();
    const held = createPostgresShopLock(a).run(SHOP, async () => {
      holding.resolve();
      await release.promise;
    });
    await holding.promise;
    let ran = false;
    const started = Date.now();
    await expect(
      createPostgresShopLock(b, { lockWaitMs: 300 }).run(SHOP, async () => {
        ran = true;
      }),
    ).rejects.toThrow(/lock timeout/i);
    const waited = Date.now() - started;
    release.resolve();
    await held;
    expect(ran).toBe(false);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5_000);
  });

  it("a step that holds its shop past holdMs lets go: its caller gets an error, the next step runs", async () => {
    const [a, b] = await twoProcesses();
    const hung = createPostgresShopLock(a, { holdMs: 300 }).run(SHOP, () => sleep(3_000));
    await expect(hung).rejects.toThrow(/held it past 300 ms/);
    const started = Date.now();
    expect(await createPostgresShopLock(b, { lockWaitMs: 1_000 }).run(SHOP, async () => 42)).toBe(42);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("more shops at once than the lock has connections: every step runs, on the Prisma pool", async () => {
    const [a] = await twoProcesses();
    const lock = createPostgresShopLock(a, { maxHolders: 3 });
    const shops = Array.from({ length: 8 }, (_, i): ShopDomain => `shop-${i}.myshopify.com`);
    // The shops past the lock's three connections wait for one, then run.
    const counts = await Promise.all(
      shops.map((shop) =>
        lock.run(shop, async () => {
          await sleep(20);
          return a.backorderLine.count({ where: { shop } });
        }),
      ),
    );
    expect(counts).toEqual(shops.map(() => 0));
  });

  it("keys a shop the same way in every process and release", () => {
    expect(shopLockKey(SHOP)).toBe(shopLockKey(SHOP));
    expect(shopLockKey(SHOP)).not.toBe(shopLockKey("other.myshopify.com"));
    expect(shopLockKey(SHOP)).toBe(4730819029857670061n);
  });
});

describe.skipIf(mode !== "run")("backorder engine in two processes on PostgreSQL", () => {
  /** Ten orders of one unit each for three units in stock: Shopify's events, in the order it sends them. */
  function flashSale() {
    const orders = Array.from({ length: 10 }, (_, i) => order(i + 1));
    // Shopify counts each order in `available` as it is placed: the level after order n is 3 - n.
    const events = orders.flatMap((o, i) => [
      { kind: "order" as const, order: o },
      { kind: "level" as const, available: 3 - (i + 1), at: T(i + 1) },
    ]);
    return { orders, events };
  }

  /** Both processes take their share of the sale's events at once, in Shopify's order within each share. */
  async function runSale(lockFor: (db: Db) => ShopLock, graceMs?: number) {
    const dbs = await twoProcesses();
    const fake = fakeBackorderShopify();
    const race = lockstep(graceMs);
    const engines = dbs.map((db, p) => engineOn(db, fake, race.lock(p, lockFor(db)), race.repository(p)));
    const { orders, events } = flashSale();
    for (const o of orders) placeOnShopify(fake, o);
    // Before the sale (outside the lockstep): the variant is mirrored and three units are on the shelf.
    const repository = new PrismaBackorderRepository(dbs[0], { now: () => T(30) });
    await repository.upsertVariants(SHOP, [
      {
        variantId: VARIANT,
        productId: "gid://shopify/Product/1",
        inventoryItemId: ITEM,
        sku: null,
        tracked: true,
        inventoryPolicy: "CONTINUE",
        asOf: T(0),
      },
    ]);
    await engineOn(dbs[0], fake, createKeyedLock(), (r) => r).applyInventoryLevel(
      SHOP,
      level(3, T(0)),
      "level-0",
    );

    await Promise.all(
      engines.map(async (engine, p) => {
        for (const [i, e] of events.entries()) {
          if (i % 2 !== p) continue; // process 0 takes the orders, process 1 the levels: interleaved in time
          if (e.kind === "order") await engine.ingestOrder(SHOP, e.order, `order-${e.order.name}`);
          else await engine.applyInventoryLevel(SHOP, level(e.available, e.at), `level-${e.at.getTime()}`);
        }
        race.finish(p);
      }),
    );

    // Whether a line shipped at once (in_stock) or was held and released depends on which webhooks came first;
    // either way it ships.
    const outcomes = await Promise.all(
      orders.map(async (o) => {
        const status = (await repository.linesOfOrder(SHOP, o.orderId))[0]?.status;
        return status === "in_stock" || status === "released" ? "ships" : status;
      }),
    );
    const held = orders.map((o) => heldUnitsOnShopify(fake, o.orderId));
    return { outcomes, held };
  }

  const firstComeFirstServed = {
    outcomes: [...Array<string>(3).fill("ships"), ...Array<string>(7).fill("backordered")],
    held: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1],
  };

  it("a flash sale split between two processes is served first come first served", async () => {
    expect(await runSale((db) => createPostgresShopLock(db))).toEqual(firstComeFirstServed);
  });

  // The control: the same sale with each process locking only itself. It proves the test above catches a lock that
  // does not span the processes: the level process decides from a read without the newest order, takes the third
  // unit back from order 3, and stores last. A unit is lost: two lines ship, eight units are held.
  it("control: with only in-process locks the same sale loses a unit", async () => {
    // With locks that do not span the processes nobody waits for the other process's lock, so the partner is always
    // worth waiting for: a long grace keeps a loaded machine's slow lock acquisition from being taken for a block.
    expect(await runSale(() => createKeyedLock(), 2_000)).toEqual({
      outcomes: ["ships", "ships", ...Array<string>(8).fill("backordered")],
      held: [0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    });
  });
});

function engineOn(
  db: Db,
  fake: FakeBackorderShopify,
  lock: ShopLock,
  wrap: (repository: BackorderRepository) => BackorderRepository,
): BackorderEngine {
  const settings = { ...DEFAULT_SHOP_SETTINGS };
  return createBackorderEngine({
    repository: wrap(new PrismaBackorderRepository(db, { now: () => T(30) })),
    shopify: fake.shopify,
    shops: { get: async () => ({ settings }) as never },
    clock: { now: () => T(30) },
    logger: createMemoryLogger(),
    lock,
  });
}

/**
 * Runs two processes' steps in lockstep: their k-th steps make the first read of their decision together
 * (openLinesOfPools), and process 1 stores (saveDecision) only once process 0 has finished its k-th step. Nobody
 * waits for a partner that cannot come: one that has finished, or has been waiting for its lock for `graceMs` (under
 * a lock spanning the processes, the one the waiting side holds).
 */
function lockstep(graceMs = 20) {
  const processes = [0, 1].map(() => ({
    started: 0,
    finished: 0,
    reads: 0,
    waitingSince: null as number | null,
    done: false,
  }));
  const of = (p: number) => processes[p]!;
  const cannotCome = (p: number) => {
    const { done, waitingSince } = of(p);
    return done || (waitingSince !== null && performance.now() - waitingSince >= graceMs);
  };
  const until = async (ready: () => boolean) => {
    while (!ready()) await sleep(2);
  };
  const before = async (p: number, name: string | symbol) => {
    if (name === "openLinesOfPools") {
      const k = ++of(p).reads;
      await until(() => of(1 - p).reads >= k || cannotCome(1 - p));
    } else if (name === "saveDecision" && p === 1) {
      const k = of(1).started;
      await until(() => of(0).finished >= k || cannotCome(0));
    }
  };
  return {
    lock: (p: number, inner: ShopLock): ShopLock => ({
      run(shop, task) {
        of(p).waitingSince = performance.now();
        return inner.run(shop, async () => {
          of(p).waitingSince = null;
          of(p).started++;
          try {
            return await task();
          } finally {
            of(p).finished++;
          }
        });
      },
    }),
    repository:
      (p: number) =>
      (repository: BackorderRepository): BackorderRepository =>
        new Proxy(repository, {
          get(target, name, receiver) {
            const value: unknown = Reflect.get(target, name, receiver);
            if (typeof value !== "function") return value;
            const method = value as (...args: unknown[]) => Promise<unknown>;
            return async (...args: unknown[]) => {
              await before(p, name);
              return method.apply(target, args);
            };
          },
        }),
    finish: (p: number) => void (of(p).done = true),
  };
}

function order(n: number): IncomingOrder {
  return {
    orderId: toGid("Order", String(n)) as OrderGid,
    name: `#${n}`,
    createdAt: T(n),
    updatedAt: T(n),
    cancelled: false,
    tags: [],
    customer: null,
    lines: [
      {
        lineItemId: toGid("LineItem", String(100 + n)) as LineItemGid,
        variantId: VARIANT,
        quantity: 1,
        currentQuantity: 1,
        fulfillableQuantity: 1,
        inventoryManagement: "shopify",
        title: null,
        variantTitle: null,
        sku: null,
      },
    ],
  };
}

function level(available: number, updatedAt: Date) {
  return { inventoryItemId: ITEM, locationId: LOCATION, available, updatedAt };
}
