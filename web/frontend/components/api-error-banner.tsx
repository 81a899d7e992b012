import { Banner } from "@shopify/polaris";
import { describeError } from "../locales/describe-error";
import { t } from "../locales/t";

/** A failed load: what went wrong, in the API's words, and a way to try again. */
export function ApiErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Banner
      tone="critical"
      title={t("errors.loadTitle")}
      action={onRetry ? { content: t("errors.retry"), onAction: onRetry } : undefined}
    >
      <p>{describeError(error)}</p>
    </Banner>
  );
}
