import { Banner } from "@shopify/polaris";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";

/** A failed load: what went wrong, in the API's words, and a way to try again. */
export function ApiErrorBanner({
  error,
  onRetry,
  title = t("errors.loadTitle"),
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Banner
      tone="critical"
      title={title}
      action={onRetry ? { content: t("errors.retry"), onAction: onRetry } : undefined}
    >
      <p>{describeError(error)}</p>
    </Banner>
  );
}
