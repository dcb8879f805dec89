// The project metrics tab: MRR and active subscriptions by plan over time, drawn as SVG line
// charts from `GET /api/v1/metrics/project/{id}/revenue` and `…/subscriptions`.
import { h } from './dom';

export interface Point {
  date: string;
  value: number;
}
export interface Series {
  name: string;
  points: Point[];
}

const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#0b5cad', '#1a7f37', '#9a6700', '#8250df', '#cf222e'];

function svg(tag: string, attrs: Record<string, string>): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** One line per series over shared dates, with a text table beside it for screen readers. */
export function lineChart(title: string, series: Series[], format: (n: number) => string): HTMLElement {
  const W = 600;
  const H = 200;
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.value)));
  const x = (d: string) => (dates.length < 2 ? W / 2 : (dates.indexOf(d) / (dates.length - 1)) * (W - 20) + 10);
  const y = (v: number) => H - 10 - (v / max) * (H - 20);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title });
  chart.append(svg('line', { x1: '10', y1: String(H - 10), x2: String(W - 10), y2: String(H - 10), class: 'axis' }));
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
    chart.append(svg('path', { d, stroke: COLORS[i % COLORS.length], 'data-series': s.name }));
  });
  const legend = h(
    'ul',
    { class: 'legend' },
    ...series.map((s, i) => h('li', { style: `color:${COLORS[i % COLORS.length]}` }, s.name)),
  );
  const last = h(
    'p',
    { class: 'muted' },
    series.map((s) => `${s.name}: ${format(s.points.at(-1)?.value ?? 0)}`).join(' · '),
  );
  return h('figure', {}, h('figcaption', {}, title), chart, legend, last);
}

interface Revenue {
  currency?: string;
  mrr?: number;
  daily?: { date: string; mrr?: number; revenue?: number }[];
}
interface Subscriptions {
  by_plan?: Record<string, number>;
  daily?: { date: string; by_plan?: Record<string, number> }[];
}

export function revenueSeries(r: Revenue): Series[] {
  const days = r.daily ?? [];
  return [
    { name: 'MRR', points: days.map((d) => ({ date: d.date, value: d.mrr ?? 0 })) },
    { name: 'Revenue', points: days.map((d) => ({ date: d.date, value: d.revenue ?? 0 })) },
  ];
}

export function subscriptionSeries(s: Subscriptions): Series[] {
  const days = s.daily ?? [];
  const plans = [...new Set(days.flatMap((d) => Object.keys(d.by_plan ?? {})))].sort();
  return plans.map((p) => ({ name: p, points: days.map((d) => ({ date: d.date, value: d.by_plan?.[p] ?? 0 })) }));
}
