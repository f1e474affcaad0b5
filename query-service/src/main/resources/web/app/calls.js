// The explorer of single calls (issue 25): calls across conversations in the activity log's filters, sortable, with
// the filter's totals (count, errors, cost, tokens, duration percentiles), metadata keys as extra columns, and export.
// Everything it shows is in the URL (view=calls), so a reload or a shared link shows the same list.
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import { api, openStream, query } from './api.js';
import { ExportButtons } from './exports.js';
import { browserZone, fmtInt, fmtMs, fmtTime, fmtTokens, fmtUsd, nameText } from './format.js';
import { navigate } from './location.js';
import { Empty, Failure, Loading, Name, SearchBox, SearchProgress, Snippet } from './widgets.js';
import { MoreFilters, moreParams } from './morefilters.js';



export function callParams(state) {
  return {
    from: state.from, to: state.to, tz: browserZone(), assistant: state.assistant || [], model: state.model || [],
    user: state.user || [], tag: state.tag || [], q: state.q, status: state.status, httpStatus: state.httpStatus,
    // Search results come newest first (issue 26): a search takes no sort.
    sort: state.q ? undefined : state.sort, order: state.q ? undefined : state.order, ...moreParams(state),
  };
}

/** The metadata keys shown as columns, from ?cols=a,b. */
export function metadataColumns(state) {
  return (state.cols || '').split(',').filter(Boolean);
}

/** The metadata keys of the loaded rows not yet shown, sorted. */
export function metadataKeys(rows, shown) {
  const keys = new Set();
  rows.forEach(row => Object.keys((row.labels && row.labels.metadata) || {}).forEach(k => keys.add(k)));
  shown.forEach(k => keys.delete(k));
  return [...keys].sort();
}

function Totals({ summary, searching }) {
  if (searching) return html`<div class="totals muted">Totals are not computed for a search; clear it to see them.</div>`;
  if (!summary) return html`<div class="totals muted" aria-busy="true">Totals…</div>`;
  const d = summary.durationMs;
  return html`<dl class="totals" aria-label="Totals for these filters">
    <div><dt>Calls</dt><dd>${fmtInt(summary.count)}</dd></div>
    <div><dt>Errors</dt><dd>${fmtInt(summary.errorCount)}</dd></div>
    <div><dt>Cost</dt><dd>${fmtUsd(summary.costUsd)}${summary.unpricedCount > 0
      ? html` <span class="muted small">(${fmtInt(summary.unpricedCount)} unpriced)</span>` : ''}</dd></div>
    <div><dt>Tokens</dt><dd title=${fmtInt(summary.tokens && summary.tokens.total)}>${fmtTokens(summary.tokens && summary.tokens.total)}</dd></div>
    <div><dt>Duration p50 · p95 · p99</dt><dd>${d ? fmtMs(d.p50) + ' · ' + fmtMs(d.p95) + ' · ' + fmtMs(d.p99) : '—'}</dd></div>
  </dl>`;
}

function Header({ label, sort, state }) {
  if (state.q) {
    return html`<th aria-sort=${sort === 'time' ? 'descending' : 'none'} title="Search results come newest first">${label}${sort === 'time' ? ' ↓' : ''}</th>`;
  }
  const current = (state.sort || 'time') === sort;
  const desc = state.order !== 'asc';
  const click = () => navigate(current ? { order: desc ? 'asc' : undefined } : { sort: sort === 'time' ? undefined : sort, order: undefined });
  return html`<th aria-sort=${current ? (desc ? 'descending' : 'ascending') : 'none'}>
    <button type="button" class="sort" onClick=${click}>${label}${current ? (desc ? ' ↓' : ' ↑') : ''}</button></th>`;
}

function Filters({ state, rows }) {
  const [models, setModels] = useState([]);
  const [users, setUsers] = useState([]);
  const [httpStatus, setHttpStatus] = useState(state.httpStatus || '');
  const shown = metadataColumns(state);
  useEffect(() => {
    api('/v1/models' + query({ from: state.from, to: state.to, tz: browserZone() })).then(r => setModels(r.items)).catch(() => setModels([]));
  }, [state.from, state.to]);
  useEffect(() => {
    api('/v1/users' + query({ from: state.from, to: state.to, tz: browserZone() })).then(r => setUsers(r.items)).catch(() => setUsers([]));
  }, [state.from, state.to]);
  useEffect(() => setHttpStatus(state.httpStatus || ''), [state.httpStatus]);
  const set = (name, value) => navigate({ [name]: value || undefined });
  const model = (state.model || [])[0] || '';
  const user = (state.user || [])[0] || '';
  const keys = metadataKeys(rows || [], shown);
  return html`<form class="filters" onSubmit=${e => e.preventDefault()} aria-label="Filters">
    <label>From <input type="date" name="from" value=${state.from || ''} max=${state.to || undefined} onChange=${e => set('from', e.target.value)} /></label>
    <label>To <input type="date" name="to" value=${state.to || ''} min=${state.from || undefined} onChange=${e => set('to', e.target.value)} /></label>
    <label>Model <select name="model" value=${model} onChange=${e => set('model', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All models</option>
      ${model && !models.some(m => m.model === model) && html`<option value=${model}>${model}</option>`}
      ${models.map(m => html`<option value=${m.model}>${m.model} (${fmtInt(m.callCount)})</option>`)}
    </select></label>
    ${(users.length > 0 || user) && html`<label>User <select name="user" value=${user} onChange=${e => set('user', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All users</option>
      ${user && !users.some(u => u.id === user) && html`<option value=${user}>${user}</option>`}
      ${users.map(u => html`<option value=${u.id}>${nameText(u.name ? u.name + ' · ' + u.id : u.id)}</option>`)}
    </select></label>`}
    <label>HTTP status <input type="text" name="httpStatus" inputmode="numeric" pattern="[1-5][0-9][0-9]" size="4" placeholder="429"
      value=${httpStatus} onInput=${e => setHttpStatus(e.target.value)}
      onChange=${e => /^[1-5][0-9][0-9]$|^$/.test(e.target.value) && set('httpStatus', e.target.value)} /></label>
    <label class="check"><input type="checkbox" name="status" checked=${state.status === 'error'}
      onChange=${e => set('status', e.target.checked ? 'error' : '')} /> Errors only</label>
    <${SearchBox} label="Search" value=${state.q} />
    <${MoreFilters} state=${state} omit=${['httpStatus']} />
    <label>Column <select name="column" value="" onChange=${e => e.target.value && navigate({ cols: [...shown, e.target.value].join(',') })}>
      <option value="">Add a metadata column</option>
      ${keys.map(k => html`<option value=${k}>${nameText(k)}</option>`)}
    </select></label>
    ${!state.q && html`<${ExportButtons} list="calls" params=${callParams(state)} />`}
  </form>`;
}

function Row({ row, columns, q }) {
  const open = () => navigate({ c: row.conversationId, item: 'llm_call:' + row.callId, hl: q || undefined }, { reset: true });
  const metadata = (row.labels && row.labels.metadata) || {};
  return html`<tr class="row" tabindex="0" onClick=${open} onKeyDown=${e => e.key === 'Enter' && open()} data-call=${row.callId}>
    <td data-label="Time" class="span">${fmtTime(row.startedAt)}</td>
    <td data-label="Conversation" class="subject"><span class="subject-text"><${Name} text=${row.subject || row.conversationId} /></span>
      ${row.error && html`<span class="flag error" title=${row.error.message || ''}>${row.error.httpStatus || row.error.type || 'error'}</span>`}
      ${row.matches && row.matches.length > 0 && html`<ul class="matches">${row.matches.map(m => html`<li><${Snippet} match=${m} /></li>`)}</ul>`}</td>
    <td data-label="Assistant">${row.assistant && html`<${Name} text=${row.assistant.name || row.assistant.id} />`}</td>
    <td data-label="Model">${row.model}</td>
    <td data-label="Tokens" class="num" title=${fmtInt(row.tokens && row.tokens.total) + ' tokens'}>${fmtTokens(row.tokens && row.tokens.total)}</td>
    <td data-label="Cost" class="num">${fmtUsd(row.costUsd)}</td>
    <td data-label="Duration" class="num">${fmtMs(row.durationMs)}</td>
    <td data-label="Stop reason">${row.stopReason || ''}</td>
    ${columns.map(k => html`<td data-label=${k} class="mono">${metadata[k] === undefined ? '' : nameText(String(metadata[k]))}</td>`)}
  </tr>`;
}

/**
 * Puts live calls at the top of a newest-first list (each once); in any other order they wait behind a banner.
 * Returns the new rows and the calls left waiting.
 */
export function placeLive(rows, incoming, newestFirst) {
  const seen = new Set(rows.map(r => r.callId));
  const fresh = incoming.filter(r => !seen.has(r.callId)).reverse();
  return newestFirst ? { rows: [...fresh, ...rows], waiting: [] } : { rows, waiting: fresh };
}

export function Calls({ state, setLive = () => {} }) {
  const [rows, setRows] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [summary, setSummary] = useState(null);
  const [error, setError] = useState(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [search, setSearch] = useState(null);
  const params = callParams(state);
  const key = query(params);
  const { sort, order, ...filters } = params;
  const filterKey = query(filters);
  const columns = metadataColumns(state);
  const controller = useRef(null);
  const [paused, setPaused] = useState(false);
  const [waiting, setWaiting] = useState([]);
  const summaryTimer = useRef(null);
  const newestFirst = (state.sort || 'time') === 'time' && state.order !== 'asc';

  const load = () => {
    if (controller.current) controller.current.abort();
    const c = new AbortController();
    controller.current = c;
    setRows(null);
    setError(null);
    api('/v1/calls' + key, { signal: c.signal }).then(page => {
      setRows(page.items);
      setCursor(page.nextCursor);
      setSearch(page.search || null);
    }).catch(e => e.name !== 'AbortError' && setError(e));
  };
  useEffect(() => {
    load();
    return () => controller.current && controller.current.abort();
  }, [key]);
  useEffect(() => {
    setSummary(null);
    if (state.q) return;
    api('/v1/calls/summary' + filterKey).then(setSummary).catch(() => setSummary(null));
  }, [filterKey]);

  // Live: calls of these filters as they are stored (paused: nothing; resumed: listed again).
  useEffect(() => {
    if (paused) {
      setLive('paused');
      return undefined;
    }
    return openStream('/v1/calls/stream', filters, {
      event: 'call',
      onState: setLive,
      onEvent: row => {
        setRows(current => {
          if (current === null) return current;
          const placed = placeLive(current, [row], newestFirst);
          if (placed.waiting.length) setWaiting(w => (w.some(r => r.callId === row.callId) ? w : [...w, row]));
          return placed.rows;
        });
        // The totals follow, at most every 3 s.
        if (!summaryTimer.current && !state.q) {
          summaryTimer.current = setTimeout(() => {
            summaryTimer.current = null;
            api('/v1/calls/summary' + filterKey).then(setSummary).catch(() => {});
          }, 3000);
        }
      },
    });
  }, [filterKey, paused, newestFirst]);
  useEffect(() => () => summaryTimer.current && clearTimeout(summaryTimer.current), []);
  const wasPaused = useRef(false);
  useEffect(() => {
    if (paused) wasPaused.current = true;
    else if (wasPaused.current) {
      wasPaused.current = false;
      load();
    }
  }, [paused]);
  useEffect(() => setWaiting([]), [key]);

  const more = () => {
    setLoadingMore(true);
    api('/v1/calls' + query({ ...params, cursor })).then(page => {
      setRows(current => [...(current || []), ...page.items]);
      setCursor(page.nextCursor);
      setSearch(page.search || null);
    }).catch(setError).finally(() => setLoadingMore(false));
  };

  return html`<section class="calls" aria-label="Calls">
    <header class="view-header"><h1>Calls</h1><span class="muted">Single LLM calls across conversations</span>
      <label class="switch"><input type="checkbox" name="live" checked=${!paused} onChange=${e => setPaused(!e.target.checked)} /> Live</label>
    </header>
    <${Filters} state=${state} rows=${rows} />
    <${Totals} summary=${summary} searching=${!!state.q} />
    ${waiting.length > 0 && html`<button type="button" class="banner" onClick=${() => { setWaiting([]); load(); }}>
      ${waiting.length} new call${waiting.length > 1 ? 's' : ''}: show</button>`}
    ${error ? html`<${Failure} error=${error} retry=${load} />`
      : rows === null ? html`<${Loading} what="Loading calls" />`
      : rows.length === 0 && !cursor ? html`<${Empty}>${state.q ? 'No call matches this search with these filters.' : 'No calls match these filters.'}<//>`
      : html`<div class="table-wrap"><table class="log">
          <thead><tr><${Header} label="Time" sort="time" state=${state} /><th>Conversation</th><th>Assistant</th><th>Model</th>
            <${Header} label="Tokens" sort="tokens" state=${state} /><${Header} label="Cost (USD)" sort="cost" state=${state} />
            <${Header} label="Duration" sort="duration" state=${state} /><th>Stop reason</th>
            ${columns.map(k => html`<th><span class="mono">${nameText(k)}</span> <button type="button" class="link"
              aria-label=${'Remove column ' + k} onClick=${() => navigate({ cols: columns.filter(c => c !== k).join(',') || undefined })}>×</button></th>`)}
          </tr></thead>
          <tbody>${rows.map(row => html`<${Row} key=${row.callId} row=${row} columns=${columns} q=${state.q} />`)}</tbody>
        </table>
        <${SearchProgress} search=${search} more=${more} busy=${loadingMore} />
        ${cursor && !(search && !search.complete) && html`<button type="button" class="more" onClick=${more} disabled=${loadingMore}>${loadingMore ? 'Loading…' : 'Load more'}</button>`}
      </div>`}
  </section>`;
}


