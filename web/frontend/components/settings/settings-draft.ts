import { ApiError } from "../../api/client";
import type {
  AllocationRules,
  PriceBand,
  Settings,
  SettingsAnswer,
  SettingsLimits,
  SettingsPatch,
  SettingsView,
} from "../../api/types";
import { t } from "../../locales/t";

// The settings form's draft: read from the API, checked, and turned into the PATCH body. The defaults and bounds are
// the server's: every answer of /api/settings carries them (web/shared/api/settings.ts).

/** The bounds of the price band's two fields, in whole percent. */
export function bandLimits(limits: SettingsLimits) {
  return {
    belowPercent: { min: 0, max: limits.belowPercent },
    abovePercent: { min: 0, max: limits.abovePercent },
  } as const;
}

/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** GET or PATCH /api/settings as the page holds it: the settings filled in from the server's own defaults. */
export function readSettingsAnswer(answer: SettingsAnswer): SettingsView {
  return { ...answer, settings: normalizeSettings(answer.settings, answer.defaults) };
}

/** The settings, with the server's defaults for whatever an older (or newer) server leaves out. */
export function normalizeSettings(raw: unknown, defaults: SettingsAnswer["defaults"]): Settings {
  const source = record(raw);
  const fallback = defaults.allocation;
  const allocation = record(source.allocation);
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  const integer = (value: unknown) =>
    typeof value === "number" && Number.isSafeInteger(value) ? value : null;
  return {
    ...source,
    backorderTag: typeof source.backorderTag === "string" ? source.backorderTag : "",
    shipTogether: source.shipTogether === true,
    allocation: {
      priorityTags: strings(allocation.priorityTags),
      completeLinesFirst:
        typeof allocation.completeLinesFirst === "boolean"
          ? allocation.completeLinesFirst
          : fallback.completeLinesFirst,
      partial: allocation.partial === "never" ? "never" : "allow",
      minPartialUnits: integer(allocation.minPartialUnits) ?? fallback.minPartialUnits,
      maxPartialAllocations: integer(allocation.maxPartialAllocations),
    },
    holidays: strings(source.holidays).sort(),
    weekend: Array.isArray(source.weekend)
      ? WEEKDAYS.filter((day) => (source.weekend as unknown[]).includes(day))
      : [...defaults.weekend],
    substitutePriceBand: priceBandOf(source.substitutePriceBand),
  };
}

/** A band the page can show, or null (any price) for anything else. */
export function priceBandOf(value: unknown): PriceBand | null {
  const { belowPercent, abovePercent } = record(value);
  return typeof belowPercent === "number" &&
    Number.isSafeInteger(belowPercent) &&
    typeof abovePercent === "number" &&
    Number.isSafeInteger(abovePercent)
    ? { belowPercent, abovePercent }
    : null;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export type Field =
  | "backorderTag"
  | "shipTogether"
  | "priorityTags"
  | "completeLinesFirst"
  | "partial"
  | "minPartialUnits"
  | "maxPartialAllocations"
  | "holidays"
  | "weekend"
  | "substitutePriceBand"
  | "belowPercent"
  | "abovePercent";

export const FIELDS: readonly Field[] = [
  "backorderTag",
  "shipTogether",
  "priorityTags",
  "completeLinesFirst",
  "partial",
  "minPartialUnits",
  "maxPartialAllocations",
  "holidays",
  "weekend",
  "substitutePriceBand",
  "belowPercent",
  "abovePercent",
];

export type FieldErrors = Partial<Record<Field, string>>;

export interface Draft {
  backorderTag: string;
  shipTogether: boolean;
  priorityTags: string[];
  completeLinesFirst: boolean;
  partial: "allow" | "never";
  minPartialUnits: string;
  maxPartialAllocations: string;
  holidays: string[];
  weekend: number[];
  substitutePriceBand: "any" | "band";
  belowPercent: string;
  abovePercent: string;
}

export function draftOf(settings: Settings): Draft {
  const { allocation } = settings;
  return {
    backorderTag: settings.backorderTag,
    shipTogether: settings.shipTogether,
    priorityTags: allocation.priorityTags,
    completeLinesFirst: allocation.completeLinesFirst,
    partial: allocation.partial,
    minPartialUnits: String(allocation.minPartialUnits),
    maxPartialAllocations:
      allocation.maxPartialAllocations === null ? "" : String(allocation.maxPartialAllocations),
    holidays: settings.holidays,
    weekend: settings.weekend,
    substitutePriceBand: settings.substitutePriceBand === null ? "any" : "band",
    belowPercent:
      settings.substitutePriceBand === null ? "" : String(settings.substitutePriceBand.belowPercent),
    abovePercent:
      settings.substitutePriceBand === null ? "" : String(settings.substitutePriceBand.abovePercent),
  };
}

export function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : null;
}

export type Values = Required<
  Pick<SettingsPatch, "backorderTag" | "shipTogether" | "holidays" | "weekend">
> & {
  allocation: AllocationRules;
  substitutePriceBand: PriceBand | null;
};

/** Every setting the draft stands for, or the fields to fix first (the server's checks, made here). */
export function valuesOf(draft: Draft, limits: SettingsLimits): { values: Values } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const backorderTag = draft.backorderTag.trim();
  if (!backorderTag) errors.backorderTag = t("settings.errors.required");
  const minPartialUnits = wholeNumber(draft.minPartialUnits);
  if (minPartialUnits === null || minPartialUnits < 1) {
    errors.minPartialUnits = t("settings.errors.integerMin", { min: 1 });
  }
  const maxPartialAllocations =
    draft.maxPartialAllocations.trim() === "" ? null : wholeNumber(draft.maxPartialAllocations);
  if (draft.maxPartialAllocations.trim() !== "" && maxPartialAllocations === null) {
    errors.maxPartialAllocations = t("settings.errors.integerMin", { min: 0 });
  }
  const weekend = WEEKDAYS.filter((day) => draft.weekend.includes(day));
  if (weekend.length === WEEKDAYS.length) errors.weekend = t("settings.errors.weekendAllDays");
  let substitutePriceBand: PriceBand | null = null;
  if (draft.substitutePriceBand === "band") {
    const percent = (field: "belowPercent" | "abovePercent") => {
      const value = wholeNumber(draft[field]);
      const { min, max } = bandLimits(limits)[field];
      if (value !== null && value >= min && value <= max) return value;
      errors[field] = t("settings.errors.integerRange", { min, max });
      return 0;
    };
    substitutePriceBand = { belowPercent: percent("belowPercent"), abovePercent: percent("abovePercent") };
  }
  if (Object.keys(errors).length > 0 || minPartialUnits === null) return { errors };
  return {
    values: {
      backorderTag,
      shipTogether: draft.shipTogether,
      allocation: {
        priorityTags: draft.priorityTags,
        completeLinesFirst: draft.completeLinesFirst,
        partial: draft.partial,
        minPartialUnits,
        maxPartialAllocations,
      },
      holidays: draft.holidays,
      weekend,
      substitutePriceBand,
    },
  };
}

/**
 * The PATCH body: the settings that differ from the saved ones (the allocation rules as a whole when any of them
 * changed), or the fields to fix first.
 */
export function patchOf(
  draft: Draft,
  saved: Draft,
  limits: SettingsLimits,
): { patch: SettingsPatch } | { errors: FieldErrors } {
  const next = valuesOf(draft, limits);
  if ("errors" in next) return next;
  const before = valuesOf(saved, limits);
  if ("errors" in before) return { patch: next.values };
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(next.values)) {
    const old: unknown = before.values[field as keyof Values];
    if (JSON.stringify(value) !== JSON.stringify(old)) patch[field] = value;
  }
  return { patch: patch as SettingsPatch };
}

/**
 * Per-field messages from a refused save. A server that lists its problems (`error.fields`, `error.details`,
 * `error.problems` or `error.issues`: `[{ field | path, message }]`) is read directly; otherwise the message of
 * the request validator (`Invalid body: allocation.minPartialUnits: Too small; holidays.0: Invalid date`) is split.
 * A path counts for the last of its segments that names a field on this page
 * (`substitutePriceBand.belowPercent` → belowPercent, `substitutePriceBand` → the band as a whole).
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || !error.fromServer) return {};
  const problems: { path: string; message: string }[] = [];
  const details = error.details ?? {};
  for (const name of ["fields", "details", "problems", "issues"]) {
    const list = details[name];
    if (Array.isArray(list)) {
      for (const item of list) {
        const { field, path, message } = record(item);
        const where = typeof field === "string" ? field : Array.isArray(path) ? path.join(".") : path;
        if (typeof where === "string" && typeof message === "string") problems.push({ path: where, message });
      }
    } else if (name === "fields" && typeof list === "object" && list !== null) {
      for (const [path, message] of Object.entries(list)) {
        if (typeof message === "string") problems.push({ path, message });
      }
    }
  }
  if (problems.length === 0) {
    const listed = /^Invalid [a-z]+: (.+)$/s.exec(error.message)?.[1];
    for (const part of listed?.split("; ") ?? []) {
      const at = part.indexOf(": ");
      if (at > 0) problems.push({ path: part.slice(0, at), message: part.slice(at + 2) });
    }
  }
  const errors: FieldErrors = {};
  for (const { path, message } of problems) {
    const field = path
      .split(/[.[\]/]+/)
      .findLast((segment): segment is Field => FIELDS.includes(segment as Field));
    if (field && !errors[field]) errors[field] = message;
  }
  return errors;
}
