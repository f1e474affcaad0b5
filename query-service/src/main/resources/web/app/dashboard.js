// What the analytics dashboard (issue 27) draws and where each point leads, as pure functions over the answers of
// GET /v1/analytics/series, so Node's test runner checks them without a browser.
import { moreParams, metaFilters, MORE } from './morefilters.js';

/** The filters of the URL that every dashboard read takes, as the API names them (the same as the lists'). */
export function seriesFilters(state, zone) {
  return {
    from: state.from, to: state.to, tz: zone, assistant: state.assistant || [], model: state.model || [],
    user: state.user || [], tag: state.tag || [], status: state.status, ...moreParams(state),
  };
}

/** The filters that are on, each as [label, values], in the order the URL's pickers name them. */
export function activeFilters(state) {
  const on = [];
  for (const [name, label] of [['assistant', 'assistant'], ['model', 'model'], ['user', 'user'], ['tag', 'tag']]) {
    if ((state[name] || []).length) on.push([label, state[name]]);
  }
  if (state.status) on.push(['status', [state.status]]);
  for (const [name, label] of MORE) if (state[name]) on.push([label.toLowerCase(), [state[name]]]);
  for (const [key, value] of metaFilters(state)) on.push(['metadata ' + key, [value]]);
  return on;
}

/** A patch that clears every filter but the range. */
export function clearFilters(state) {
  const patch = { assistant: undefined, model: undefined, user: undefined, tag: undefined, status: undefined };
  for (const [name] of MORE) patch[name] = undefined;
  for (const [key] of metaFilters(state)) patch['meta.' + key] = undefined;
  return patch;
}

const number = v => (v === null || v === undefined ? null : Number(v));
const lowest = rate => (rate ? [rate.minRequestsShare, rate.minTokensShare].filter(v => v !== null && v !== undefined) : []);

/**
 * The charts, each a measure of a point (null where nothing is known, drawn as a gap), the unit its values are
 * formatted in, and what its drill-down adds to the calls explorer's filter. `lines` splits a chart of one line into
 * several (latency percentiles, errors and 429s) when the dashboard is not split.
 */
export const CHARTS = [
  { id: 'cost', title: 'Cost (USD)', unit: 'usd', value: p => number(p.costUsd) ?? 0, drill: { sort: 'cost' } },
  { id: 'calls', title: 'Calls', unit: 'int', value: p => p.calls },
  {
    id: 'errors', title: 'Errors', unit: 'int', value: p => p.errors, drill: { status: 'error' },
    lines: [['Errors', p => p.errors, { status: 'error' }], ['429s', p => p.rateLimited, { httpStatus: '429' }]],
  },
  {
    id: 'latency', title: 'LLM latency, p95 (ms)', unit: 'ms', value: p => (p.latencyMs ? p.latencyMs.p95 : null), drill: { sort: 'duration' },
    lines: [['p50', p => (p.latencyMs ? p.latencyMs.p50 : null)], ['p95', p => (p.latencyMs ? p.latencyMs.p95 : null)],
      ['p99', p => (p.latencyMs ? p.latencyMs.p99 : null)]],
    linesTitle: 'LLM latency (ms)',
  },
  { id: 'tokens', title: 'Tokens', unit: 'tokens', value: p => (p.tokens ? p.tokens.total : 0) },
  { id: 'cacheHit', title: 'Cache hit ratio (% of input read from the cache)', unit: 'pct', value: p => (p.cacheHitRatio === null ? null : p.cacheHitRatio * 100) },
  { id: 'savings', title: 'Cache savings (USD)', unit: 'usd', value: p => number(p.cacheSavingsUsd) },
];

/** The headroom chart: per model, the lowest share of requests or tokens left (%) in each interval. */
export const HEADROOM = {
  id: 'headroom', title: 'Rate-limit headroom by model (lowest % left)', unit: 'pct',
  value: p => { const shares = lowest(p.rateLimit); return shares.length ? Math.min(...shares) * 100 : null; },
};

/**
 * The lines of a chart: one per series line (a model, an assistant, the rest, or all calls), or for one unsplit line
 * the chart's own `lines`. Each: {label, key, values, drill}.
 */
export function chartLines(chart, series) {
  if (!series || series.series.length === 0) return [];
  if (series.series.length === 1 && series.series[0].key === null && !series.series[0].other && chart.lines) {
    const points = series.series[0].points;
    return chart.lines.map(([label, value, drill]) => ({ label, key: null, values: points.map(value), drill: drill || chart.drill || {} }));
  }
  return series.series.map(line => ({
    label: line.other ? 'Other' : line.key === null ? 'All calls' : (line.key || '(none)'),
    key: line.other ? null : line.key, other: line.other, values: line.points.map(chart.value), drill: chart.drill || {},
  }));
}

/** A chart's title for this shape of data. */
export function chartTitle(chart, series) {
  const single = series && series.series.length === 1 && series.series[0].key === null && !series.series[0].other;
  return single && chart.linesTitle ? chart.linesTitle : chart.title;
}

/** YYYY-MM-DD of an ISO time with offset, as the viewer's zone reads it (the API gives starts in that zone). */
export function dayOf(iso) {
  return iso.slice(0, 10);
}

function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/**
 * The calls explorer's state behind a point: the interval's days (an hour opens its day; the explorer filters by
 * days), the line's key as a model or assistant filter on top of the dashboard's own filters, and the chart's order
 * or filter (cost opens the most expensive first, latency the slowest, errors the failed calls, 429s the refusals).
 * `other` and unsplit lines add no key.
 */
export function drillTarget(state, { start, interval, key, split, other, drill = {} }) {
  const from = dayOf(start);
  const to = interval === 'week' ? addDays(from, 6) : from;
  const patch = { view: 'calls', from, to };
  for (const name of ['assistant', 'model', 'user', 'tag', 'status']) if (state[name] && state[name].length) patch[name] = state[name];
  Object.assign(patch, moreParams(state));
  if (key !== null && key !== undefined && !other && split) patch[split] = [key];
  if (drill.sort) {
    patch.sort = drill.sort;
    patch.order = 'desc';
  }
  if (drill.status) patch.status = drill.status;
  if (drill.httpStatus) patch.httpStatus = drill.httpStatus;
  return patch;
}

/** Change in % from the previous period (null when there was nothing before). */
export function change(now, before) {
  const a = Number(now || 0);
  const b = Number(before || 0);
  if (!b) return null;
  return ((a - b) / b) * 100;
}

/** The models of a by-model series with calls that have no price, most first. */
export function unpricedModels(byModel) {
  if (!byModel) return [];
  return byModel.series.filter(l => !l.other && l.totals.unpricedCalls > 0)
    .map(l => ({ model: l.key, calls: l.totals.unpricedCalls })).sort((a, b) => b.calls - a.calls);
}

/** The previous period of the same length as [from, to] (days), for the top lists' change. */
export function previousRange(from, to) {
  const days = Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
