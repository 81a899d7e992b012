import { Badge, type BadgeProps } from "@shopify/polaris";
import type { InboxStatus } from "../api/types";
import { t } from "../locales/t";

const LOOK: Record<InboxStatus, Pick<BadgeProps, "tone" | "progress">> = {
  PENDING: { tone: "attention", progress: "incomplete" },
  PROCESSING: { tone: "info", progress: "partiallyComplete" },
  PROCESSED: { tone: "success", progress: "complete" },
  DEAD: { tone: "critical" },
  IGNORED: {},
};

export function InboxStatusBadge({ status }: { status: InboxStatus }) {
  return <Badge {...LOOK[status]}>{t(`status.${status}`)}</Badge>;
}
