// Bar charts drawn as inline SVG (no chart library). Values are integers; the bars' heights
// are only drawing, the labels show the exact figures.

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * barChart([{label, value, title}], {height, unit, color, labelEvery, format}) -> <svg>.
 * `title` becomes the bar's tooltip; every `labelEvery`-th label is drawn under the axis.
 */
export function barChart(points, options = {}) {
  const width = options.width || 720;
  const height = options.height || 180;
  const top = 14;
  const bottom = 22;
  const left = 52;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = (width - left - 8) / Math.max(points.length, 1);
  const format = options.format || String;
  const root = svg("svg", {
    class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": options.label || "chart",
  });
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    root.append(svg("line", { class: "axis", x1: left, x2: width - 4, y1: y, y2: y }));
    const tick = fraction === 0.5 ? Math.floor(max / 2) : fraction * max;
    root.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, format(tick)));
  }
  const every = options.labelEvery || Math.max(1, Math.ceil(points.length / 10));
  points.forEach((point, index) => {
    const barHeight = point.value > 0 ? Math.max(1, (point.value / max) * plotHeight) : 0;
    const x = left + index * step + step * 0.15;
    const bar = svg("rect", {
      class: `bar ${options.color || ""}`, x, y: top + plotHeight - barHeight,
      width: Math.max(1, step * 0.7), height: barHeight, rx: 2,
    });
    bar.append(svg("title", {}, point.title || `${point.label}: ${format(point.value)}`));
    root.append(bar);
    if (index % every === 0) {
      root.append(svg("text", { x: x + step * 0.35, y: height - 6, "text-anchor": "middle" },
        point.label));
    }
  });
  return root;
}
