import type { ReactNode } from "react";
import { Box, SkeletonBodyText } from "@shopify/polaris";
import type { AsyncState } from "../hooks/use-async";
import { ApiErrorBanner } from "./api-error-banner";

/**
 * A list card's body: the load error with a retry, a skeleton until the first answer, then `children` with the data
 * (kept on screen, with the table's own loading bar, while a newer query loads).
 */
export function ListBody<T>({
  state,
  reload,
  children,
}: {
  state: AsyncState<T>;
  reload: () => void;
  children: (data: T) => ReactNode;
}) {
  if (state.status === "error") {
    return (
      <Box padding="400">
        <ApiErrorBanner error={state.error} onRetry={reload} />
      </Box>
    );
  }
  if (state.data === undefined) {
    return (
      <Box padding="400">
        <SkeletonBodyText lines={6} />
      </Box>
    );
  }
  return children(state.data);
}
