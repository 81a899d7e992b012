import { NotFoundError } from "../../errors.js";
import {
  DEFAULT_SHOP_SETTINGS,
  withSettingsDefaults,
  type ShopSettings,
} from "../../domain/settings/index.js";
import type { ShopDomain, ShopRecord, ShopRepository } from "../../use-cases/ports.js";
import type { Db } from "./client.js";
import { Prisma, type Shop } from "./generated/sqlite/client.js";
import { storedShop } from "./shop-column.js";

export class PrismaShopRepository implements ShopRepository {
  constructor(private readonly db: Db) {}

  async upsertInstalled(input: {
    domain: ShopDomain;
    name: string | null;
    scopes: string | null;
    at: Date;
  }): Promise<ShopRecord> {
    // A token exchange on an installed shop is not a new installation: installedAt moves only when the shop comes
    // back after an uninstall. Two single statements, each atomic, instead of a read-then-write.
    await this.db.shop.updateMany({
      where: { domain: input.domain, uninstalledAt: { not: null } },
      data: { installedAt: input.at },
    });
    const row = await this.db.shop.upsert({
      where: { domain: input.domain },
      create: {
        domain: input.domain,
        name: input.name,
        scopes: input.scopes,
        settings: toJson(DEFAULT_SHOP_SETTINGS),
        installedAt: input.at,
        uninstalledAt: null,
      },
      update: { name: input.name, scopes: input.scopes, uninstalledAt: null },
    });
    return toShop(row);
  }

  async get(domain: ShopDomain): Promise<ShopRecord | null> {
    const row = await this.db.shop.findUnique({ where: { domain } });
    return row ? toShop(row) : null;
  }

  async markUninstalled(domain: ShopDomain, at: Date): Promise<void> {
    // app/uninstalled can arrive for a shop we never stored (install failed half-way): nothing to mark.
    await this.db.shop.updateMany({ where: { domain }, data: { uninstalledAt: at } });
  }

  async updateSettings(domain: ShopDomain, patch: Partial<ShopSettings>): Promise<ShopRecord> {
    const row = await this.db.shop.findUnique({ where: { domain } });
    if (!row) throw new NotFoundError(`Shop ${domain} not found`);
    const settings: ShopSettings = { ...readSettings(row.settings), ...definedOnly(patch) };
    try {
      return toShop(await this.db.shop.update({ where: { domain }, data: { settings: toJson(settings) } }));
    } catch (e) {
      // Deleted (shop/redact) between the read and the write.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025") {
        throw new NotFoundError(`Shop ${domain} not found`);
      }
      throw e;
    }
  }

  async delete(domain: ShopDomain): Promise<void> {
    await this.db.shop.deleteMany({ where: { domain } });
  }

  async lastReconciledAt(domain: ShopDomain): Promise<Date | null> {
    const row = await this.db.shop.findUnique({ where: { domain }, select: { lastReconciledAt: true } });
    return row?.lastReconciledAt ?? null;
  }

  async setLastReconciledAt(domain: ShopDomain, at: Date): Promise<void> {
    // updateMany: no error for a shop erased while its run was going on.
    await this.db.shop.updateMany({ where: { domain }, data: { lastReconciledAt: at } });
  }
}

function toShop(row: Shop): ShopRecord {
  return {
    domain: storedShop(row.domain),
    name: row.name,
    scopes: row.scopes,
    settings: readSettings(row.settings),
    installedAt: row.installedAt,
    uninstalledAt: row.uninstalledAt,
  };
}

/** Stored settings are merged over the defaults, so a setting added later has a value for existing shops. */
function readSettings(value: Prisma.JsonValue): ShopSettings {
  const stored = value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  return withSettingsDefaults(stored as Partial<ShopSettings>);
}

function definedOnly(patch: Partial<ShopSettings>): Partial<ShopSettings> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as Partial<ShopSettings>;
}

function toJson(settings: ShopSettings): Prisma.InputJsonObject {
  return {
    backorderTag: settings.backorderTag,
    shipTogether: settings.shipTogether,
    allocation: { ...settings.allocation, priorityTags: [...settings.allocation.priorityTags] },
    holidays: [...settings.holidays],
    weekend: [...settings.weekend],
    substitutePriceBand: settings.substitutePriceBand ? { ...settings.substitutePriceBand } : null,
  };
}
