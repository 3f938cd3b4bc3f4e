/**
 * Geometry of the overview's bar charts, kept free of React so it can be tested as plain data.
 * Horizontal positions are percentages of the plot width: the SVG is drawn without a viewBox, so
 * bars stretch with the card while axis text keeps its real pixel size on a 375 px phone.
 */

/** The smallest "round" step (1, 2 or 5 × 10ⁿ, never below 1) that covers `rough`. */
export function niceStep(rough: number): number {
  if (!Number.isFinite(rough) || rough <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const normalised = rough / magnitude;
  const factor = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
  return factor * magnitude;
}

export type ValueScale = { max: number; ticks: number[] };

/**
 * A count axis from 0 to a round number at or above `maxValue`, with about `targetTicks` steps.
 * An empty series still gets an axis (0–1) so the chart keeps its shape.
 */
export function countScale(maxValue: number, targetTicks = 4): ValueScale {
  const top = Math.max(0, Math.ceil(Number.isFinite(maxValue) ? maxValue : 0));
  const step = niceStep(top / Math.max(1, targetTicks));
  const max = Math.max(step, Math.ceil(top / step) * step);
  const ticks: number[] = [];
  for (let tick = 0; tick <= max; tick += step) ticks.push(tick);
  return { max, ticks };
}

/** Vertical position (px from the top) of `value` on a plot `height` px tall. */
export function valueToY(value: number, scale: ValueScale, height: number): number {
  const clamped = Math.min(Math.max(value, 0), scale.max);
  return height - (clamped / scale.max) * height;
}

export type BarSlot = { x: number; width: number };

/**
 * Where bar `seriesIndex` of day `dayIndex` sits, in percent of the plot width: each day gets an
 * equal band, the bars of one day share the inner part of it side by side.
 */
export function barSlot(dayIndex: number, dayCount: number, seriesIndex: number, seriesCount: number, bandPadding = 0.24): BarSlot {
  const band = 100 / dayCount;
  const inner = band * (1 - bandPadding);
  const width = inner / seriesCount;
  return { x: round(dayIndex * band + (band - inner) / 2 + seriesIndex * width), width: round(width) };
}

/** Centre of day `dayIndex`'s band, in percent of the plot width. */
export function bandCentre(dayIndex: number, dayCount: number): number {
  return round(((dayIndex + 0.5) * 100) / dayCount);
}

/**
 * Every how many days an axis label fits when about `maxLabels` fit across. Labels are counted
 * back from the last day, so today is always labelled.
 */
export function labelStride(dayCount: number, maxLabels: number): number {
  if (dayCount <= maxLabels) return 1;
  return Math.ceil(dayCount / Math.max(1, maxLabels));
}

export function isLabelled(dayIndex: number, dayCount: number, stride: number): boolean {
  return (dayCount - 1 - dayIndex) % stride === 0;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export type AxisLabel = 'always' | 'wide' | null;

/**
 * Which days carry an x-axis label: `always` ones fit on a phone, `wide` ones only on a wider
 * card (hidden by a container query). The phone stride is a multiple of the wide one, so the
 * phone labels are a subset and the spacing stays even.
 */
export function axisLabels(dayCount: number, fit: { wide: number; narrow: number }): AxisLabel[] {
  const wide = labelStride(dayCount, fit.wide);
  const narrow = wide * Math.ceil(labelStride(dayCount, fit.narrow) / wide);
  return Array.from({ length: dayCount }, (_, index) =>
    isLabelled(index, dayCount, narrow) ? 'always' : isLabelled(index, dayCount, wide) ? 'wide' : null,
  );
}
