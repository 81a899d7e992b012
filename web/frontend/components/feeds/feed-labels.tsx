import { Badge } from "@shopify/polaris";
import type { FeedImportDetail, FeedImportStatus } from "../../../server/http/routes/etas.schemas.js";
import { formatDate } from "../../locales/format";
import { t } from "../../locales/t";

type Eta = FeedImportDetail["slips"][number]["promised"];

/** An ETA as the merchant reads it: a day, a range of days, or "No date". */
export function etaText(eta: Eta): string {
  switch (eta.kind) {
    case "date":
      return formatDate(eta.date);
    case "range":
      return t("feeds.eta.range", { from: formatDate(eta.from), to: formatDate(eta.to) });
    case "unknown":
      return t("feeds.eta.unknown");
  }
}

const TONES: Record<FeedImportStatus, "success" | "info" | "critical" | "attention"> = {
  uploading: "attention",
  running: "attention",
  checked: "info",
  applied: "success",
  rejected: "critical",
  failed: "critical",
};

export function ImportStatusBadge({ status }: { status: FeedImportStatus }) {
  return <Badge tone={TONES[status]}>{t(`feeds.status.${status}`)}</Badge>;
}

/** Still uploading, reading, checking or writing: the page keeps asking for its progress. */
export function inFlight(status: FeedImportStatus): boolean {
  return status === "uploading" || status === "running";
}

/** A file size in the merchant's units ("1.2 MB"). */
export function fileSize(bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(undefined, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
