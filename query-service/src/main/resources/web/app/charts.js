// One analytics chart (uPlot) with its accessible table view: the same figures as a table, each interval a link to the
// calls behind it. A click on the chart opens the calls of the point nearest the pointer, on the line nearest it.
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtInt, fmtMs, fmtTokens, fmtUsd } from './format.js';

const COLORS = ['#4f7cff', '#e8833a', '#2fa37a', '#c24fd8', '#d64545', '#8a8f98', '#b8a000', '#00a0b8', '#7a5c3a', '#5c7a3a', '#999'];

export function format(unit, v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (unit) {
    case 'usd': return fmtUsd(v);
    case 'ms': return fmtMs(v);
    case 'tokens': return fmtTokens(v);
    case 'pct': return (Math.round(v * 10) / 10) + '%';
    default: return fmtInt(v);
  }
}

/** The label of an interval's start: its time for hours, its day otherwise (weeks: "week of"). */
export function intervalLabel(start, interval) {
  if (interval === 'hour') return start.slice(0, 10) + ' ' + start.slice(11, 16);
  return (interval === 'week' ? 'week of ' : '') + start.slice(0, 10);
}

/**
 * title, unit, starts (ISO), interval, lines [{label, key, other, values, drill}], onDrill(start, line). `id` names the
 * figure for tests and for the table's caption. The plot is drawn again when starts or lines change identity: the
 * caller keeps them (useMemo) while its data stays the same.
 */
export function Chart({ id, title, unit, starts, interval, lines, onDrill }) {
  const target = useRef(null);
  const [table, setTable] = useState(false);
  useEffect(() => {
    if (!target.current || table || lines.length === 0) return undefined;
    const width = Math.max(260, target.current.clientWidth);
    const x = starts.map(s => Date.parse(s) / 1000);
    let plot = null;
    const click = () => {
      const i = plot.cursor.idx;
      if (i === null || i === undefined || plot.cursor.top < 0) return;
      // The line whose value at this interval is drawn nearest the pointer.
      let best = null;
      lines.forEach((line, n) => {
        const v = line.values[i];
        if (v === null || v === undefined || !plot.series[n + 1].show) return;
        const distance = Math.abs(plot.valToPos(v, 'y') - plot.cursor.top);
        if (best === null || distance < best.distance) best = { line, distance };
      });
      if (best) onDrill(starts[i], best.line);
    };
    plot = new uPlot({
      width, height: 200,
      legend: { show: true, live: true },
      cursor: { points: { size: 6 } },
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' } },
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, size: 70, values: (u, ticks) => ticks.map(v => format(unit, v)) }],
      series: [{}, ...lines.map((line, i) => ({
        label: line.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false,
        fill: lines.length === 1 ? 'rgba(79,124,255,0.12)' : undefined,
        points: { show: starts.length < 60 }, value: (u, v) => format(unit, v),
      }))],
      hooks: { ready: [u => u.over.addEventListener('click', click)] },
    }, [x, ...lines.map(l => l.values)], target.current);
    // The canvas follows its box: a narrow screen, a turned phone, a column that settles after the first layout.
    const resize = new ResizeObserver(() => {
      const now = Math.max(260, target.current ? target.current.clientWidth : width);
      if (now !== plot.width) plot.setSize({ width: now, height: 200 });
    });
    resize.observe(target.current);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [starts, lines, table]);
  return html`<figure class="chart" data-chart=${id}>
    <figcaption><span>${title}</span>
      <button type="button" class="link" aria-pressed=${table} onClick=${() => setTable(!table)}>${table ? 'Chart' : 'Table'}</button>
    </figcaption>
    ${lines.length === 0 ? html`<p class="muted">Nothing to show in this range.</p>`
      : table ? html`<div class="table-scroll" key="table"><table class="chart-table">
          <caption class="visually-hidden">${title}: each interval opens its calls</caption>
          <thead><tr><th scope="col">Interval</th>${lines.map(l => html`<th scope="col">${l.label}</th>`)}</tr></thead>
          <tbody>${starts.map((start, i) => html`<tr>
            <th scope="row">${intervalLabel(start, interval)}</th>
            ${lines.map(l => html`<td class="num">${l.values[i] === null || l.values[i] === undefined ? '—' : html`<a href="#"
              onClick=${e => { e.preventDefault(); onDrill(start, l); }}>${format(unit, l.values[i])}</a>`}</td>`)}
          </tr>`)}</tbody></table></div>`
        : html`<div ref=${target} key="canvas" class="chart-canvas" title="Click a point to open its calls"></div>`}
  </figure>`;
}
