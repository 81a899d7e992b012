import type { SessionRepository, ShopDomain, StoredSession } from "../../use-cases/ports.js";

export class MemorySessionRepository implements SessionRepository {
  private readonly rows = new Map<string, StoredSession>();

  async store(session: StoredSession): Promise<void> {
    this.rows.set(session.id, normalise(session));
  }

  async load(id: string): Promise<StoredSession | null> {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async findByShop(shop: ShopDomain): Promise<StoredSession[]> {
    return [...this.rows.values()].filter((s) => s.shop === shop).map(copy);
  }

  async deleteByShop(shop: ShopDomain): Promise<number> {
    let deleted = 0;
    for (const [id, s] of this.rows) {
      if (s.shop === shop && this.rows.delete(id)) deleted += 1;
    }
    return deleted;
  }
}

/** Omitted refresh fields read back as null, as from a database column. */
function normalise(session: StoredSession): StoredSession {
  return copy({
    ...session,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
  });
}

function copy(session: StoredSession): StoredSession {
  return structuredClone(session);
}
