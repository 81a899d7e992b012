import type { SessionRepository, ShopDomain, StoredSession } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import type { Session } from "./generated/sqlite/client.js";
import { storedShop } from "./shop-column.js";

/** Offline (and online) Shopify sessions, in the table PrismaSessionStorage would use. */
export class PrismaSessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  async store(session: StoredSession): Promise<void> {
    const data = {
      shop: session.shop,
      state: session.state,
      isOnline: session.isOnline,
      scope: session.scope,
      expires: session.expires,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken ?? null,
      refreshTokenExpires: session.refreshTokenExpires ?? null,
    };
    await this.db.session.upsert({
      where: { id: session.id },
      create: { id: session.id, ...data },
      update: data,
    });
  }

  async load(id: string): Promise<StoredSession | null> {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? toSession(row) : null;
  }

  async findByShop(shop: ShopDomain): Promise<StoredSession[]> {
    const rows = await this.db.session.findMany({ where: { shop }, orderBy: { id: "asc" } });
    return rows.map(toSession);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    return (await this.db.session.deleteMany({ where: { shop } })).count;
  }
}

function toSession(row: Session): StoredSession {
  return {
    id: row.id,
    shop: storedShop(row.shop),
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope,
    expires: row.expires,
    accessToken: row.accessToken,
    refreshToken: row.refreshToken,
    refreshTokenExpires: row.refreshTokenExpires,
  };
}
