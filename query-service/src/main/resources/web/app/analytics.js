// The analytics dashboard (issue 27), from GET /v1/analytics/series: cost, calls, errors and 429s, latency, tokens,
// cache hit ratio and savings, and each model's rate-limit headroom per interval, in the URL's filters (every one the
// lists take), with totals, the models (or assistants) against the previous period, the most expensive conversations
// and the unpriced models. Every point, table cell and row opens the calls behind it. It refreshes every 15 s while
// the range reaches today.
import { html, useEffect, useMemo, useState } from 'htm/preact/standalone';
import { api, query } from './api.js';
import { Chart, format } from './charts.js';
import { CHARTS, HEADROOM, activeFilters, change, chartLines, chartTitle, clearFilters, drillTarget, previousRange, seriesFilters,
  unpricedModels } from './dashboard.js';
import { browserZone, fmtInt, fmtMs, fmtTokens, fmtUsd, isoDay, nameText } from './format.js';
import { navigate } from './location.js';
import { Empty, Failure, Loading } from './widgets.js';

const REFRESH_MS = 15000;

async function load(state, from, to, split, interval) {
  const filters = seriesFilters({ ...state, from, to }, browserZone());
  const read = params => api('/v1/analytics/series' + query({ ...filters, interval, ...params }));
  const previous = previousRange(from, to);
  const [all, byModel, bySplit, before, top] = await Promise.all([
    read({}),
    read({ groupBy: 'model', limit: 20 }),
    split === 'assistant' ? read({ groupBy: 'assistant', limit: 10 }) : Promise.resolve(null),
    api('/v1/analytics/series' + query({ ...filters, ...previous, interval: 'week', groupBy: split || 'model', limit: 50 })),
    api('/v1/conversations' + query({ ...filters, sort: 'cost', order: 'desc', limit: 5 })),
  ]);
  return { all, byModel, split: split === 'model' ? byModel : bySplit, before, top };
}

function Totals({ totals }) {
  const p95 = totals.latencyMs ? totals.latencyMs.p95 : null;
  return html`<dl class="totals">
    <div><dt>Calls</dt><dd data-total="calls">${fmtInt(totals.calls)}</dd></div>
    <div><dt>Tokens</dt><dd data-total="tokens">${fmtInt(totals.tokens.total)}</dd></div>
    <div><dt>Input · output</dt><dd>${fmtTokens(totals.tokens.input)} · ${fmtTokens(totals.tokens.output)}</dd></div>
    <div><dt>Cost</dt><dd data-total="cost">${fmtUsd(totals.costUsd)}</dd></div>
    <div><dt>Cache savings</dt><dd data-total="savings">${fmtUsd(totals.cacheSavingsUsd)}</dd></div>
    <div><dt>Cache hit ratio</dt><dd>${format('pct', totals.cacheHitRatio === null ? null : totals.cacheHitRatio * 100)}</dd></div>
    <div><dt>Errors</dt><dd data-total="errors">${fmtInt(totals.errors)}${totals.errorRate ? ' (' + format('pct', totals.errorRate * 100) + ')' : ''}</dd></div>
    <div><dt>429s</dt><dd data-total="rateLimited">${fmtInt(totals.rateLimited)}</dd></div>
    <div><dt>p95 latency</dt><dd data-total="p95">${fmtMs(p95)}</dd></div>
    ${totals.unpricedCalls > 0 && html`<div><dt>Unpriced calls</dt><dd>${fmtInt(totals.unpricedCalls)}</dd></div>`}
  </dl>`;
}

/** The models (or the split's keys) with their totals, the change in cost from the previous period, and headroom. */
function Groups({ title, dimension, series, before, onOpen }) {
  const prior = Object.fromEntries((before ? before.series : []).filter(l => !l.other).map(l => [l.key, l.totals]));
  return html`<div class="table-scroll"><table class="log groups">
    <caption>${title}</caption>
    <thead><tr><th scope="col">${dimension === 'assistant' ? 'Assistant' : 'Model'}</th><th scope="col">Calls</th><th scope="col">Cost</th>
      <th scope="col">vs previous period</th><th scope="col">p95</th><th scope="col">Errors</th><th scope="col">Cache savings</th>
      <th scope="col">Lowest headroom</th><th scope="col">Calls under 10% left</th></tr></thead>
    <tbody>${series.series.map(line => {
      const t = line.totals;
      const delta = line.other ? null : change(t.costUsd, prior[line.key] && prior[line.key].costUsd);
      const shares = [t.rateLimit.minRequestsShare, t.rateLimit.minTokensShare].filter(v => v !== null);
      return html`<tr>
        <td data-label=${dimension}>${line.other ? 'Other' : html`<a href="#" onClick=${e => { e.preventDefault(); onOpen(line); }}>${nameText(line.key || '(none)')}</a>`}</td>
        <td data-label="Calls" class="num">${fmtInt(t.calls)}</td>
        <td data-label="Cost" class="num">${fmtUsd(t.costUsd)}</td>
        <td data-label="vs previous period" class="num">${delta === null ? '—' : (delta > 0 ? '+' : '') + Math.round(delta) + '%'}</td>
        <td data-label="p95" class="num">${fmtMs(t.latencyMs ? t.latencyMs.p95 : null)}</td>
        <td data-label="Errors" class="num">${fmtInt(t.errors)}</td>
        <td data-label="Cache savings" class="num">${fmtUsd(t.cacheSavingsUsd)}</td>
        <td data-label="Lowest headroom" class="num">${shares.length ? format('pct', Math.min(...shares) * 100) : '—'}</td>
        <td data-label="Calls under 10% left" class="num">${fmtInt(t.rateLimit.lowHeadroomCalls)}</td></tr>`;
    })}</tbody></table></div>`;
}

function TopConversations({ top }) {
  if (!top || top.items.length === 0) return null;
  return html`<div class="table-scroll"><table class="log top-conversations">
    <caption>Most expensive conversations</caption>
    <thead><tr><th scope="col">Subject</th><th scope="col">Assistant</th><th scope="col">Calls</th><th scope="col">Cost</th></tr></thead>
    <tbody>${top.items.map(c => html`<tr>
      <td class="subject"><a href=${'/?c=' + encodeURIComponent(c.conversationId)}
        onClick=${e => { e.preventDefault(); navigate({ c: c.conversationId }, { reset: true }); }}>${nameText(c.subject || c.conversationId)}</a></td>
      <td data-label="Assistant">${nameText((c.assistant && (c.assistant.name || c.assistant.id)) || '')}</td>
      <td data-label="Calls" class="num">${fmtInt(c.callCount)}</td><td data-label="Cost" class="num">${fmtUsd(c.costUsd)}</td></tr>`)}
    </tbody></table></div>`;
}

export function Analytics({ state }) {
  const today = isoDay(new Date());
  const from = state.from || isoDay(new Date(Date.now() - 29 * 86400000));
  const to = state.to || today;
  const split = state.split || '';
  const interval = state.interval || '';
  const on = activeFilters(state);
  const key = JSON.stringify([from, to, split, interval, on]);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let current = true;
    setData(null);
    setError(null);
    const refresh = () => load(state, from, to, split, interval).then(result => current && setData(result))
      .catch(e => current && setError(e));
    refresh();
    // Live while the range reaches today; a hidden tab waits for the next tick.
    const timer = to >= today ? setInterval(() => document.visibilityState === 'visible' && refresh(), REFRESH_MS) : null;
    return () => { current = false; if (timer) clearInterval(timer); };
  }, [key]);

  const drill = (start, line, chartSplit) => navigate(drillTarget(state, {
    start, interval: data.all.interval, key: line.key, other: line.other, split: chartSplit, drill: line.drill,
  }), { reset: true });
  // Drawn once per answer: a plot is drawn again only when its lines change.
  const drawn = useMemo(() => {
    if (!data) return null;
    const shown = data.split || data.all;
    return {
      starts: data.all.series[0].points.map(p => p.start),
      charts: CHARTS.map(chart => ({ chart, title: chartTitle(chart, shown), lines: chartLines(chart, shown) })),
      headroom: chartLines(HEADROOM, data.byModel).filter(l => l.values.some(v => v !== null)),
    };
  }, [data]);
  const starts = drawn ? drawn.starts : [];
  const unpriced = data ? unpricedModels(data.byModel) : [];
  return html`<section class="analytics" aria-label="Analytics">
    <header class="view-header"><h1>Analytics</h1><span class="muted">Usage, cost, latency, caching and rate limits over time</span></header>
    <form class="filters" onSubmit=${e => e.preventDefault()}>
      <label>From <input type="date" name="from" value=${from} onChange=${e => navigate({ from: e.target.value || undefined })} /></label>
      <label>To <input type="date" name="to" value=${to} onChange=${e => navigate({ to: e.target.value || undefined })} /></label>
      <label>Interval <select name="interval" value=${interval} onChange=${e => navigate({ interval: e.target.value || undefined })}>
        <option value="">Auto</option><option value="hour">Hour</option><option value="day">Day</option><option value="week">Week</option>
      </select></label>
      <label>Split by <select name="split" value=${split} onChange=${e => navigate({ split: e.target.value || undefined })}>
        <option value="">Nothing (totals)</option><option value="model">Model</option><option value="assistant">Assistant</option>
      </select></label>
    </form>
    ${on.length > 0 && html`<p class="filter-note" role="status">
      Only ${on.map(([label, values]) => label + ' ' + values.map(nameText).join(', ')).join(' and ')}.
      <button type="button" class="link" onClick=${() => navigate(clearFilters(state))}>Show the whole workspace</button></p>`}
    ${error ? html`<${Failure} error=${error} />` : !data ? html`<${Loading} what="Loading analytics" />` : html`
      <${Totals} totals=${data.all.series[0].totals} />
      ${data.all.series[0].totals.calls === 0 ? html`<${Empty}>No calls in this range.<//>` : html`
        <p class="muted chart-hint">${'Every point opens the calls behind it (the table view of each chart too). Latency percentiles are within '
          + Math.round(data.all.latencyRelativeError * 1000) / 10 + '% of the exact value.'}</p>
        <div class="charts">
          ${drawn.charts.map(({ chart, title, lines }) => html`<${Chart} key=${chart.id} id=${chart.id} title=${title} unit=${chart.unit}
            starts=${starts} interval=${data.all.interval} lines=${lines} onDrill=${(start, line) => drill(start, line, split)} />`)}
          <${Chart} id=${HEADROOM.id} title=${HEADROOM.title} unit=${HEADROOM.unit} starts=${starts} interval=${data.all.interval}
            lines=${drawn.headroom} onDrill=${(start, line) => drill(start, line, 'model')} />
        </div>
        ${unpriced.length > 0 && html`<p class="unpriced" role="note">No price for ${unpriced.map((u, i) => html`${i ? ', ' : ''}<strong>${nameText(u.model || '(no model)')}</strong>
          (${fmtInt(u.calls)} calls)`)}: their cost is unknown, never 0.
          <a href="/?view=prices" onClick=${e => { e.preventDefault(); navigate({ view: 'prices' }, { reset: true }); }}>Set a price</a></p>`}
        <${Groups} title=${split === 'assistant' ? 'Assistants' : 'Models'} dimension=${split === 'assistant' ? 'assistant' : 'model'}
          series=${split === 'assistant' ? data.split : data.byModel} before=${data.before}
          onOpen=${line => navigate({ ...drillTarget(state, { start: from + 'T00:00:00Z', interval: 'day', key: line.key,
            split: split === 'assistant' ? 'assistant' : 'model' }), to }, { reset: true })} />
        <${TopConversations} top=${data.top} />`}`}
  </section>`;
}
