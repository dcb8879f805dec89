// The project metrics tab, drawn from what `GET /api/v1/metrics/project/{id}/revenue` and
// `…/subscriptions` answer: MRR now per currency and revenue collected per day, live
// subscriptions by plan now and their total over the period (rebuilt from each day's net change).
// Each chart is an SVG with its figures in its label, followed by a table of the same numbers.
import { h, table } from './dom';

/** The fields of the revenue answer the charts read (shared/http/routes/metrics.ts, RevenueMetricsDto). */
export interface RevenueMetrics {
  from: string;
  to: string;
  currencies: Record<string, { collected: number; net: number; mrr: number; mrr_subscriptions: number }>;
  daily: { day: string; currency: string; collected: number; net: number }[];
}
/** The fields of the subscriptions answer the charts read (SubscriptionMetricsDto). */
export interface SubscriptionMetrics {
  from: string;
  by_plan: Record<string, Record<string, number>>;
  live_at_start: number;
  daily: { day: string; live_delta: number }[];
}
interface Point {
  label: string;
  value: number;
}

const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#0b5cad', '#1a7f37', '#9a6700', '#8250df', '#cf222e'];
const W = 600;
const H = 200;
const LIVE = ['active', 'trialing', 'past_due'];

function svg(tag: string, attrs: Record<string, string>, ...children: SVGElement[]): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** Minor units of `currency` as money, with the currency's own number of decimals. */
export function money(minor: number, currency: string): string {
  const f = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() });
  return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}

const figure = (title: string, chart: SVGElement, data: HTMLElement, id: string) =>
  h('figure', { 'data-chart': id }, h('figcaption', {}, title), chart, data);

function bars(title: string, id: string, points: Point[], text: (p: Point) => string, data: HTMLElement) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = (W - 20) / Math.max(1, points.length);
  const label = `${title}: ${points.map((p) => `${p.label} ${text(p)}`).join('; ') || 'none'}`;
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label },
    ...points.map((p, i) =>
      svg('rect', {
        x: (10 + i * step + step * 0.15).toFixed(1),
        width: (step * 0.7).toFixed(1),
        y: (H - 10 - (p.value / max) * (H - 30)).toFixed(1),
        height: ((p.value / max) * (H - 30)).toFixed(1),
        fill: COLORS[i % COLORS.length],
        'data-label': p.label,
      }),
    ),
  );
  return figure(title, chart, data, id);
}

function lines(
  title: string,
  id: string,
  series: { name: string; points: Point[] }[],
  text: (name: string, value: number) => string,
  data: HTMLElement,
) {
  const labels = [...new Set(series.flatMap((s) => s.points.map((p) => p.label)))].sort();
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.value)));
  const x = (l: string) => (labels.length < 2 ? W / 2 : (labels.indexOf(l) / (labels.length - 1)) * (W - 20) + 10);
  const y = (v: number) => H - 10 - (v / max) * (H - 30);
  const last = series.map((s) => `${s.name} ${text(s.name, s.points.at(-1)?.value ?? 0)} on ${s.points.at(-1)?.label}`);
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `${title}: ${last.join('; ') || 'none'}` },
    svg('line', { x1: '10', y1: String(H - 10), x2: String(W - 10), y2: String(H - 10), class: 'axis' }),
    ...series.map((s, i) =>
      svg('path', {
        d: s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p.label).toFixed(1)},${y(p.value).toFixed(1)}`).join(''),
        stroke: COLORS[i % COLORS.length],
        'data-series': s.name,
      }),
    ),
  );
  return figure(title, chart, data, id);
}

/** MRR now, one bar per currency (the API keeps MRR as a current figure, not a history). */
export function mrrChart(r: RevenueMetrics): HTMLElement {
  const rows = Object.entries(r.currencies).filter(([, c]) => c.mrr || c.mrr_subscriptions);
  const points = rows.map(([cur, c]) => ({ label: cur.toUpperCase(), value: c.mrr }));
  const data = table(
    'MRR now by currency',
    ['Currency', 'MRR', 'Subscriptions'],
    rows.map(([cur, c]) => [cur.toUpperCase(), money(c.mrr, cur), String(c.mrr_subscriptions)]),
  );
  return bars('MRR now', 'mrr', points, (p) => money(p.value, p.label), data);
}

/** Revenue collected per day, one line per currency. */
export function revenueChart(r: RevenueMetrics): HTMLElement {
  const currencies = [...new Set(r.daily.map((d) => d.currency))].sort();
  const series = currencies.map((cur) => ({
    name: cur.toUpperCase(),
    points: r.daily.filter((d) => d.currency === cur).map((d) => ({ label: d.day, value: d.collected })),
  }));
  const data = table(
    'Revenue per day',
    ['Day', 'Currency', 'Collected', 'Net'],
    r.daily.map((d) => [d.day, d.currency.toUpperCase(), money(d.collected, d.currency), money(d.net, d.currency)]),
  );
  return lines('Revenue collected per day', 'revenue', series, (cur, v) => money(v, cur), data);
}

/** Live subscriptions (active, trialing, past due) by plan now. */
export function plansChart(s: SubscriptionMetrics): HTMLElement {
  const plans = Object.keys(s.by_plan).sort();
  const live = (plan: string) => LIVE.reduce((n, st) => n + (s.by_plan[plan][st] ?? 0), 0);
  const data = table(
    'Subscriptions by plan and status',
    ['Plan', 'Active', 'Trialing', 'Past due', 'Live'],
    plans.map((p) => [p, ...LIVE.map((st) => String(s.by_plan[p][st] ?? 0)), String(live(p))]),
  );
  const points = plans.map((p) => ({ label: p, value: live(p) }));
  return bars('Live subscriptions by plan', 'plans', points, (p) => String(p.value), data);
}

/** Live subscriptions over the period: the count at its start, moved by each day's net change. */
export function liveChart(s: SubscriptionMetrics): HTMLElement {
  let live = s.live_at_start;
  const points = [{ label: s.from.slice(0, 10), value: live }];
  for (const d of [...s.daily].sort((a, b) => a.day.localeCompare(b.day))) {
    live += d.live_delta;
    points.push({ label: d.day, value: live });
  }
  const data = table(
    'Live subscriptions at the end of each day with a change',
    ['Day', 'Live'],
    points.map((p) => [p.label, String(p.value)]),
  );
  return lines('Live subscriptions over time', 'live', [{ name: 'Live', points }], (_, v) => String(v), data);
}
