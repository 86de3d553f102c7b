// @ts-check
// The console's charts: the economy day by day over a chosen range — sales and refunds per
// currency, payouts paid, coins outstanding, the creators' diamonds liability and coins spent
// on gifts — each from the finance report of that one UTC day (the report is computed from the
// ledger's transfers, so the charts and the finance page agree). The exact figures are in the
// table under the charts and in the CSV export; the charts are only drawing.

import { api } from "../api.js";
import { BarChart } from "../chart.js";
import { html, useSignal } from "../lib.js";
import { formatCount, formatMoney } from "../money.js";
import { useQuery } from "../query.js";
import { Loaded, Panel, ProblemBox, Table, csv, download } from "../ui.js";

const MS_PER_DAY = 86_400_000;
/** One report per day: a month of them is a few seconds of the server's time at most. */
export const CHART_DAYS_MAX = 31;
/** Reports asked for at once: the server computes each from the ledger, so not too many. */
const PARALLEL_REPORTS = 3;
const DEFAULT_DAYS = 14;

/** @param {string} day "2026-11-01" @returns {number} its UTC midnight in epoch ms */
const dayMs = (day) => Date.parse(`${day}T00:00:00Z`);
/** @param {number} ms */
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The last `DEFAULT_DAYS` UTC days, today included. */
function lastDays() {
  const today = dayOf(Date.now());
  return { from: dayOf(dayMs(today) - (DEFAULT_DAYS - 1) * MS_PER_DAY), to: today };
}

/** @param {{from: string, to: string}} range @returns {string[]} every day, oldest first */
export function daysOf(range) {
  const first = dayMs(range.from);
  const last = dayMs(range.to);
  if (Number.isNaN(first) || Number.isNaN(last)) throw new Error("Choose two dates.");
  if (last < first) throw new Error("The last day is before the first.");
  const count = (last - first) / MS_PER_DAY + 1;
  if (count > CHART_DAYS_MAX) throw new Error(`Choose at most ${CHART_DAYS_MAX} days (one finance report per day).`);
  return Array.from({ length: count }, (_, i) => dayOf(first + i * MS_PER_DAY));
}

/**
 * Run `load` over `items`, at most `width` at a time, answers in the items' order.
 * @template T, R
 * @param {T[]} items @param {number} width @param {(item: T) => Promise<R>} load
 * @returns {Promise<R[]>}
 */
async function inBatches(items, width, load) {
  /** @type {R[]} */
  const answers = [];
  for (let i = 0; i < items.length; i += width) {
    answers.push(...await Promise.all(items.slice(i, i + width).map(load)));
  }
  return answers;
}

/**
 * @typedef {object} Series
 * @property {string} id            for the page and the CSV column
 * @property {string} label
 * @property {number[]} values      integers: minor units or counts
 * @property {string} [currency]    set for money
 * @property {number} [exponent]
 */

/**
 * The day-by-day series from the days' finance reports.
 * @param {string[]} days @param {import("../types.js").FinanceReportOut[]} reports
 * @returns {Series[]}
 */
export function seriesOf(days, reports) {
  /** @type {Map<string, Series>} */
  const money = new Map();
  const add = (/** @type {string} */ id, /** @type {string} */ label, /** @type {string} */ currency,
    /** @type {number} */ exponent, /** @type {number} */ day, /** @type {number} */ amount) => {
    if (!money.has(id)) money.set(id, { id, label, currency, exponent, values: days.map(() => 0) });
    /** @type {Series} */ (money.get(id)).values[day] += amount;
  };
  reports.forEach((r, day) => {
    for (const s of r.sales) {
      add(`sales_${s.currency}`, `Sales (gross), ${s.currency}`, s.currency, s.exponent, day, s.sales.gross_minor);
      add(`refunds_${s.currency}`, `Refunds and chargebacks, ${s.currency}`, s.currency, s.exponent, day,
        s.refunds.gross_minor + s.chargebacks.gross_minor);
    }
    for (const p of r.payouts) {
      add(`payouts_${p.currency}`, `Payouts paid, ${p.currency}`, p.currency, p.exponent, day, p.paid_minor);
    }
  });
  const liability = reports[0]?.diamonds.liability;
  const ordered = [...money.values()].sort((a, b) => a.id.localeCompare(b.id));
  return [
    ...ordered.filter((s) => s.id.startsWith("sales_")),
    ...ordered.filter((s) => s.id.startsWith("refunds_")),
    ...ordered.filter((s) => s.id.startsWith("payouts_")),
    { id: "coins_outstanding", label: "Coins outstanding (end of day)", values: reports.map((r) => r.coins.closing) },
    { id: "diamonds_liability", label: `Creators' diamonds liability (end of day)${liability ? `, ${liability.currency}` : ""}`,
      currency: liability?.currency, exponent: liability?.exponent,
      values: reports.map((r) => r.diamonds.liability.closing_minor) },
    { id: "coins_on_gifts", label: "Coins spent on gifts", values: reports.map((r) => r.coins.spent_gifts) },
  ];
}

/** @param {Series} s @param {number} v */
function shown(s, v) {
  return s.currency ? formatMoney(v, s.currency, { exponent: s.exponent }) : formatCount(v);
}

/** @param {Series} s */
const csvName = (s) => (s.currency ? `${s.id.replace(`_${s.currency}`, "")}_minor_${s.currency}` : s.id);

/** The CSV: one row per day, one column per series, integers (minor units for money). */
export function chartsCsv(days, series) {
  return csv([["day", ...series.map(csvName)], ...days.map((d, i) => [d, ...series.map((s) => s.values[i])])]);
}

const COLORS = ["#2563eb", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490"];

function Charts({ days, series }) {
  const x = days.map((d) => dayMs(d) / 1000);
  const xFormat = (/** @type {number} */ s) => dayOf(s * 1000).slice(5);
  return html`<div id="charts" data-days=${days.length} data-from=${days[0]} data-to=${days.at(-1)}>
    <div class="row"><button type="button" id="charts-csv"
      onClick=${() => download(`fancoins-economy-${days[0]}-${days.at(-1)}.csv`, chartsCsv(days, series))}>Download CSV</button>
      <span class="muted small">One finance report per UTC day, computed from the ledger's transfers.</span></div>
    <div class="grid charts">
      ${series.map((s, i) => html`<figure class="chart" key=${s.id} data-series=${s.id}>
        <figcaption>${s.label} <span class="muted small" data-total>${s.id.startsWith("coins_outstanding") || s.id === "diamonds_liability"
          ? `last: ${shown(s, s.values.at(-1) ?? 0)}` : `total: ${shown(s, s.values.reduce((a, b) => a + b, 0))}`}</span></figcaption>
        <${BarChart} id=${`chart-${s.id}`} label=${s.label} x=${x} y=${s.values} color=${COLORS[i % COLORS.length]}
          xFormat=${xFormat} yFormat=${s.currency ? (v) => formatMoney(v, /** @type {string} */ (s.currency), { exponent: s.exponent }) : undefined} />
      </figure>`)}
    </div>
    <details><summary>Figures by day</summary>
      <${Table} id="charts-table" label="Figures by day"
        columns=${[{ label: "Day" }, ...series.map((s) => ({ label: s.label, num: true }))]}
        rows=${days.map((d, i) => [d, ...series.map((s) => shown(s, s.values[i]))])} />
    </details>
  </div>`;
}

export function ChartsPage() {
  const range = useSignal(lastDays());
  const draft = useSignal(range.value);
  const problem = useSignal(/** @type {any} */ (null));
  const query = useQuery(["charts", range.value.from, range.value.to], async () => {
    const days = daysOf(range.value);
    const reports = await inBatches(days, PARALLEL_REPORTS, async (day) => /** @type {import("../types.js").FinanceReportOut} */ (
      await api.get("/v1/admin/reports/finance", { from: day, to: day })));
    return { days, series: seriesOf(days, reports) };
  }, [range.value.from, range.value.to]);
  const set = (/** @type {string} */ key) => (/** @type {Event} */ e) => {
    draft.value = { ...draft.value, [key]: /** @type {HTMLInputElement} */ (e.currentTarget).value };
  };
  const show = (/** @type {Event} */ e) => {
    e.preventDefault();
    try {
      daysOf(draft.value);
      problem.value = null;
      range.value = draft.value;
    } catch (error) {
      problem.value = error;
    }
  };
  return html`<${Panel} title="Charts">
    <form class="row" id="charts-range" onSubmit=${show}>
      <label>From <input type="date" name="from" value=${draft.value.from} onInput=${set("from")} required /></label>
      <label>To <input type="date" name="to" value=${draft.value.to} onInput=${set("to")} required /></label>
      <button type="submit">Show</button>
      <span class="muted small">Up to ${CHART_DAYS_MAX} days, in UTC.</span>
    </form>
    <${ProblemBox} error=${problem.value} id="charts-problem" />
    <${Loaded} query=${query}>${(/** @type {{days: string[], series: Series[]}} */ d) => html`<${Charts} days=${d.days} series=${d.series} />`}<//>
  <//>`;
}
