// @ts-check
// Charts with uPlot (canvas, vendored). Values are integers; the chart is only drawing, the
// figures beside it carry the exact numbers. Each chart is sized to its box (no layout shift:
// the box has a fixed height before the canvas arrives).

import uPlot from "../vendor/uplot.mjs";
import { html, useEffect, useRef } from "./lib.js";
import { formatCount } from "./money.js";

/**
 * A bar chart over time: x in epoch seconds, one integer series.
 * @param {{x: number[], y: number[], label: string, color?: string, height?: number, id?: string,
 *   xFormat?: (seconds: number) => string, yFormat?: (value: number) => string}} props
 */
export function BarChart({ x, y, label, color = "#2563eb", height = 170, id = undefined, xFormat = undefined,
  yFormat = formatCount }) {
  const box = useRef(/** @type {HTMLDivElement|null} */ (null));
  const key = JSON.stringify([x, y]);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const width = () => Math.max(240, element.clientWidth);
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 60] }) : undefined;
    /** @type {any} */
    const options = {
      width: width(), height, legend: { show: false }, cursor: { show: true, points: { show: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: "#4b5563", grid: { show: false },
          ...(xFormat ? { values: (_u, ticks) => ticks.map(xFormat) } : {}) },
        { stroke: "#4b5563", grid: { stroke: "#e3e6eb" }, size: yFormat === formatCount ? 56 : 84,
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? yFormat(t) : "")) },
      ],
      series: [{}, { label, stroke: color, fill: `${color}cc`, width: 0, paths: bars,
        points: { show: false } }],
    };
    const plot = new uPlot(options, [x, y], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    resize.observe(element);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [key, height]);
  return html`<div class="chart-box" style=${{ height: `${height}px` }} ref=${box} id=${id}
    role="img" aria-label=${label} data-points=${y.length} data-total=${y.reduce((a, b) => a + b, 0)} />`;
}
