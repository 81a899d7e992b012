import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import "@shopify/polaris-viz/build/esm/styles.css";
import type { ReactNode } from "react";

export interface ChartSeries {
  name: string;
  data: { key: string; value: number }[];
}

/**
 * A bar chart (Shopify's polaris-viz) with a text equivalent: the chart is drawn for the eye and hidden from screen
 * readers, and `summary` (rendered by the caller, visible) states every number it shows.
 */
export function DashboardBarChart({
  label,
  series,
  stacked = false,
  summary,
}: {
  label: string;
  series: ChartSeries[];
  stacked?: boolean;
  summary: ReactNode;
}) {
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true" style={{ height: 240 }} data-chart={label}>
        <PolarisVizProvider>
          <BarChart
            data={series}
            type={stacked ? "stacked" : "default"}
            showLegend={series.length > 1}
            isAnimated={false}
            yAxisOptions={{ integersOnly: true }}
            theme="Light"
          />
        </PolarisVizProvider>
      </div>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
