import { NotFoundError } from "../../errors.js";
import {
  DEFAULT_SHOP_SETTINGS,
  type ShopDomain,
  type ShopRecord,
  type ShopRepository,
  type ShopSettings,
} from "../../use-cases/ports.js";

export class MemoryShopRepository implements ShopRepository {
  private readonly rows = new Map<ShopDomain, ShopRecord>();
  private readonly reconciled = new Map<ShopDomain, Date>();

  async lastReconciledAt(domain: ShopDomain): Promise<Date | null> {
    const at = this.rows.has(domain) ? this.reconciled.get(domain) : undefined;
    return at ? new Date(at) : null;
  }

  async setLastReconciledAt(domain: ShopDomain, at: Date): Promise<void> {
    if (this.rows.has(domain)) this.reconciled.set(domain, new Date(at));
  }

  async upsertInstalled(input: {
    domain: ShopDomain;
    name: string | null;
    scopes: string | null;
    at: Date;
  }): Promise<ShopRecord> {
    const existing = this.rows.get(input.domain);
    const row: ShopRecord = {
      domain: input.domain,
      name: input.name,
      scopes: input.scopes,
      settings: existing?.settings ?? { ...DEFAULT_SHOP_SETTINGS },
      // A shop that is still installed keeps its first install time; a returning shop starts a new installation.
      installedAt: existing && existing.uninstalledAt === null ? existing.installedAt : input.at,
      uninstalledAt: null,
    };
    this.rows.set(input.domain, structuredClone(row));
    return structuredClone(row);
  }

  async get(domain: ShopDomain): Promise<ShopRecord | null> {
    const row = this.rows.get(domain);
    return row ? structuredClone(row) : null;
  }

  async markUninstalled(domain: ShopDomain, at: Date): Promise<void> {
    const row = this.rows.get(domain);
    if (row) row.uninstalledAt = new Date(at);
  }

  async updateSettings(domain: ShopDomain, patch: Partial<ShopSettings>): Promise<ShopRecord> {
    const row = this.rows.get(domain);
    if (!row) throw new NotFoundError(`Shop ${domain} is not installed`);
    row.settings = { ...row.settings, ...structuredClone(definedOnly(patch)) };
    return structuredClone(row);
  }

  async delete(domain: ShopDomain): Promise<void> {
    this.rows.delete(domain);
    this.reconciled.delete(domain);
  }
}

function definedOnly(patch: Partial<ShopSettings>): Partial<ShopSettings> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as Partial<ShopSettings>;
}
