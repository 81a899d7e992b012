import { createTestDatabase } from "./db.js";
import { createPrismaRepositories } from "../../web/server/adapters/prisma/index.js";
for (const kind of ["sqlite", "postgresql"] as const) {
  await (await createTestDatabase(kind)).cleanup();
  let c = 0,
    q = 0,
    d = 0;
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    const tdb = await createTestDatabase(kind);
    c += performance.now() - t;
    t = performance.now();
    await createPrismaRepositories(tdb.db).inbox.depth();
    q += performance.now() - t;
    t = performance.now();
    await tdb.cleanup();
    d += performance.now() - t;
  }
  console.log(
    kind,
    "create",
    (c / 10).toFixed(1),
    "first query",
    (q / 10).toFixed(1),
    "cleanup",
    (d / 10).toFixed(1),
  );
}
