import { Badge, type BadgeProps } from "@shopify/polaris";
import type { LineStatus } from "../api/types";
import { hasMessage, t } from "../locales/t";

const LOOK: Record<LineStatus, Pick<BadgeProps, "tone" | "progress">> = {
  new: { progress: "incomplete" },
  in_stock: { tone: "success", progress: "complete" },
  backordered: { tone: "attention", progress: "incomplete" },
  partially_allocated: { tone: "warning", progress: "partiallyComplete" },
  allocated: { tone: "info", progress: "complete" },
  released: { tone: "success", progress: "complete" },
  fulfilled: { tone: "success", progress: "complete" },
  cancelled: {},
  substituted: {},
};

/** The status's name; a status this build does not know yet is shown as the server sent it. */
export function lineStatusLabel(status: LineStatus): string {
  const key = `lineStatus.${status}`;
  return hasMessage(key) ? t(key) : status;
}

export function LineStatusBadge({ status }: { status: LineStatus }) {
  return <Badge {...(LOOK[status] ?? {})}>{lineStatusLabel(status)}</Badge>;
}
