// Usage and cost over time, from /v1/analytics/usage: per day, in total or split by model or assistant (the top five,
// each a series), with the range's totals.
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, query } from './api.js';
import { browserZone, fmtInt, fmtTokens, fmtUsd, isoDay, nameText } from './format.js';
import { navigate } from './location.js';
import { Empty, Failure, Loading } from './widgets.js';

const COLORS = ['#4f7cff', '#e8833a', '#2fa37a', '#c24fd8', '#d64545', '#8a8f98'];
const TOP = 5;

function days(from, to) {
  const out = [];
  for (let d = new Date(from + 'T00:00:00'); isoDay(d) <= to; d.setDate(d.getDate() + 1)) out.push(isoDay(d));
  return out;
}

function Chart({ title, dayList, series, format }) {
  const target = useRef(null);
  useEffect(() => {
    if (!target.current) return undefined;
    const width = Math.max(280, target.current.clientWidth);
    const x = dayList.map(d => Date.parse(d + 'T12:00:00') / 1000);
    const plot = new uPlot({
      width, height: 220,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' } },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, size: 70, values: (u, ticks) => ticks.map(format) }],
      series: [{}, ...series.map((s, i) => ({
        label: s.label, stroke: COLORS[i % COLORS.length], width: 2, fill: series.length === 1 ? 'rgba(79,124,255,0.12)' : undefined,
        points: { show: dayList.length < 60 }, value: (u, v) => (v == null ? '—' : format(v)),
      }))],
    }, [x, ...series.map(s => s.values)], target.current);
    return () => plot.destroy();
  }, [dayList, series]);
  return html`<figure class="chart"><figcaption>${title}</figcaption><div ref=${target} class="chart-canvas"></div></figure>`;
}

export function Analytics({ state }) {
  const today = isoDay(new Date());
  const monthAgo = isoDay(new Date(Date.now() - 29 * 86400000));
  const from = state.from || monthAgo;
  const to = state.to || today;
  const split = state.split || '';
  // The activity log's assistant and model filters narrow the figures too, and say so.
  const filters = { assistant: state.assistant || [], model: state.model || [] };
  const filterKey = query(filters);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let current = true;
    setData(null);
    setError(null);
    const range = { from, to, tz: browserZone(), ...filters };
    (async () => {
      const total = await api('/v1/analytics/usage' + query({ ...range, groupBy: 'day' }));
      let groups = [];
      let perKey = [];
      if (split) {
        const byKey = await api('/v1/analytics/usage' + query({ ...range, groupBy: split }));
        groups = byKey.items.slice().sort((a, b) => Number(b.costUsd || 0) - Number(a.costUsd || 0) || b.calls - a.calls);
        perKey = await Promise.all(groups.slice(0, TOP).map(g => api('/v1/analytics/usage'
          + query({ ...range, groupBy: 'day', [split]: g.key })).then(r => ({ key: g.key, items: r.items }))));
      }
      return { total, groups, perKey };
    })().then(result => current && setData(result)).catch(e => current && setError(e));
    // A newer range or split makes this answer stale, whenever it arrives.
    return () => { current = false; };
  }, [from, to, split, filterKey]);

  const dayList = from <= to ? days(from, to) : [];
  let cost = [];
  let tokens = [];
  if (data) {
    const series = (label, items) => {
      const byDay = Object.fromEntries(items.map(i => [i.key, i]));
      return {
        label,
        cost: { label, values: dayList.map(d => (byDay[d] ? Number(byDay[d].costUsd || 0) : 0)) },
        tokens: { label, values: dayList.map(d => (byDay[d] ? byDay[d].tokens.total : 0)) },
      };
    };
    const all = split ? data.perKey.map(p => series(p.key, p.items)) : [series('All', data.total.items)];
    if (split && data.groups.length > TOP) {
      // "Other" is the total less the top series, day by day.
      const total = series('Total', data.total.items);
      const rest = series('Other', []);
      for (const measure of ['cost', 'tokens']) {
        rest[measure].values = total[measure].values.map((value, i) => Math.max(0, value
          - all.reduce((sum, s) => sum + s[measure].values[i], 0)));
      }
      all.push(rest);
    }
    cost = all.map(s => s.cost);
    tokens = all.map(s => s.tokens);
  }
  const totals = data && data.total.totals;
  return html`<section class="analytics" aria-label="Analytics">
    <header class="view-header"><h1>Analytics</h1><span class="muted">Usage and cost per day</span></header>
    <form class="filters" onSubmit=${e => e.preventDefault()}>
      <label>From <input type="date" name="from" value=${from} onChange=${e => navigate({ from: e.target.value || undefined })} /></label>
      <label>To <input type="date" name="to" value=${to} onChange=${e => navigate({ to: e.target.value || undefined })} /></label>
      <label>Split by <select name="split" value=${split} onChange=${e => navigate({ split: e.target.value || undefined })}>
        <option value="">Nothing (totals)</option><option value="model">Model</option><option value="assistant">Assistant</option>
      </select></label>
    </form>
    ${(filters.assistant.length > 0 || filters.model.length > 0) && html`<p class="filter-note" role="status">
      Only ${[filters.assistant.length ? 'assistant ' + filters.assistant.map(nameText).join(', ') : '',
        filters.model.length ? 'model ' + filters.model.join(', ') : ''].filter(Boolean).join(' and ')}.
      <button type="button" class="link" onClick=${() => navigate({ assistant: undefined, model: undefined })}>Show the whole workspace</button></p>`}
    ${error ? html`<${Failure} error=${error} />` : !data ? html`<${Loading} what="Loading usage" />` : html`
      <dl class="totals">
        <div><dt>Calls</dt><dd data-total="calls">${fmtInt(totals.calls)}</dd></div>
        <div><dt>Tokens</dt><dd data-total="tokens">${fmtInt(totals.tokens.total)}</dd></div>
        <div><dt>Input · output</dt><dd>${fmtTokens(totals.tokens.input)} · ${fmtTokens(totals.tokens.output)}</dd></div>
        <div><dt>Cost</dt><dd data-total="cost">${fmtUsd(totals.costUsd)}</dd></div>
        ${totals.unpricedCallCount > 0 && html`<div><dt>Unpriced calls</dt><dd>${fmtInt(totals.unpricedCallCount)}</dd></div>`}
      </dl>
      ${totals.calls === 0 ? html`<${Empty}>No calls in this range.<//>` : html`
        <${Chart} title="Cost per day (USD)" dayList=${dayList} series=${cost} format=${v => fmtUsd(v)} />
        <${Chart} title="Tokens per day" dayList=${dayList} series=${tokens} format=${v => fmtTokens(v)} />
        ${split && html`<table class="log groups"><thead><tr><th>${split === 'model' ? 'Model' : 'Assistant'}</th>
          <th>Calls</th><th>Tokens</th><th>Cost</th></tr></thead><tbody>${data.groups.map(g => html`<tr>
          <td data-label=${split}>${g.key}</td><td data-label="Calls" class="num">${fmtInt(g.calls)}</td>
          <td data-label="Tokens" class="num">${fmtTokens(g.tokens.total)}</td><td data-label="Cost" class="num">${fmtUsd(g.costUsd)}</td></tr>`)}
          </tbody></table>`}`}`}
  </section>`;
}
