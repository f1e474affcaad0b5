// The activity log: one row per conversation, filtered, sorted and paged like GET /v1/conversations, and kept live by
// /v1/activity/stream (or paused). A row that changes moves to where the sort puts it; while the pointer is over the
// list, rows are only updated in place and the rest waits behind a banner, so nothing moves under the pointer.
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import { api, openStream, query } from './api.js';
import { browserZone, fmtInt, fmtMs, fmtSpan, fmtTokens, fmtUsd, isoDay, nameText } from './format.js';
import { navigate, readLocation } from './location.js';
import { placeRow } from './order.js';
import { Empty, Failure, Loading, Name, SearchBox, SearchProgress, Snippet } from './widgets.js';
import { ExportButtons } from './exports.js';
import { MoreFilters, clearMore, countMore, moreParams } from './morefilters.js';

/** The most pages a URL's ?pages= loads at once (50 rows each). */
const MAX_PAGES = 20;
const SORTS = [['lastActivity', 'Last activity'], ['cost', 'Cost'], ['tokens', 'Tokens'], ['calls', 'Calls']];

export function listParams(state) {
  return {
    from: state.from, to: state.to, tz: browserZone(), assistant: state.assistant || [], model: state.model || [],
    user: state.user || [], tag: state.tag || [], q: state.q, status: state.status, sort: state.sort, order: state.order,
    ...moreParams(state),
  };
}

function Filters({ state, onLive }) {
  const [assistants, setAssistants] = useState([]);
  const [models, setModels] = useState([]);
  const [users, setUsers] = useState([]);
  const [tags, setTags] = useState([]);
  const [open, setOpen] = useState(false);
  // Each picker counts conversations, narrowed by the other filters (never by its own choice).
  // A content search (q) does not narrow facet counts: the server leaves it out of them.
  const range = { from: state.from, to: state.to, tz: browserZone(), status: state.status, ...moreParams(state) };
  const chosen = { assistant: state.assistant || [], model: state.model || [], user: state.user || [], tag: state.tag || [] };
  const without = name => query({ ...range, ...chosen, [name]: [] });
  const assistantFacets = without('assistant');
  const modelFacets = without('model');
  const userFacets = without('user');
  const tagFacets = without('tag');
  useEffect(() => {
    api('/v1/users' + userFacets).then(r => setUsers(r.items)).catch(() => setUsers([]));
  }, [userFacets]);
  useEffect(() => {
    api('/v1/tags' + tagFacets).then(r => setTags(r.items)).catch(() => setTags([]));
  }, [tagFacets]);
  useEffect(() => {
    api('/v1/assistants' + assistantFacets).then(r => setAssistants(r.items)).catch(() => setAssistants([]));
  }, [assistantFacets]);
  useEffect(() => {
    api('/v1/models' + modelFacets).then(r => setModels(r.items)).catch(() => setModels([]));
  }, [modelFacets]);
  // A new filter or sort starts again from the first page.
  const set = (name, value) => navigate({ [name]: value || undefined, pages: undefined });
  const assistant = (state.assistant || [])[0] || '';
  const model = (state.model || [])[0] || '';
  const user = (state.user || [])[0] || '';
  const tag = (state.tag || [])[0] || '';
  const count = [state.from || state.to, assistant, model, user, tag, state.q, state.status].filter(Boolean).length + countMore(state);
  const active = count > 0;
  return html`<form class=${'filters foldable' + (open ? ' open' : '')} onSubmit=${e => e.preventDefault()} aria-label="Filters">
    <button type="button" class="filters-toggle" aria-expanded=${open} onClick=${() => setOpen(!open)}>
      Filters and sort${count ? ' (' + count + ' active)' : ''} ${open ? '▴' : '▾'}</button>
    <label>From <input type="date" name="from" value=${state.from || ''} max=${state.to || undefined}
      onChange=${e => set('from', e.target.value)} /></label>
    <label>To <input type="date" name="to" value=${state.to || ''} min=${state.from || undefined}
      onChange=${e => set('to', e.target.value)} /></label>
    <label>Assistant <select name="assistant" value=${assistant} onChange=${e => set('assistant', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All assistants</option>
      ${assistant && !assistants.some(a => a.id === assistant) && html`<option value=${assistant}>${assistant}</option>`}
      ${assistants.map(a => html`<option value=${a.id}>${nameText(a.name || a.id)} (${fmtInt(a.conversationCount)})</option>`)}
    </select></label>
    <label>Model <select name="model" value=${model} onChange=${e => set('model', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All models</option>
      ${model && !models.some(m => m.model === model) && html`<option value=${model}>${model}</option>`}
      ${models.map(m => html`<option value=${m.model}>${m.model} (${fmtInt(m.conversationCount)})</option>`)}
    </select></label>
    ${(users.length > 0 || user) && html`<label>User <select name="user" value=${user} onChange=${e => set('user', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All users</option>
      ${user && !users.some(u => u.id === user) && html`<option value=${user}>${user}</option>`}
      ${users.map(u => html`<option value=${u.id}>${nameText(u.name ? u.name + ' · ' + u.id : u.id)} (${fmtInt(u.conversationCount)})</option>`)}
    </select></label>`}
    ${(tags.length > 0 || tag) && html`<label>Tag <select name="tag" value=${tag} onChange=${e => set('tag', e.target.value ? [e.target.value] : undefined)}>
      <option value="">All tags</option>
      ${tag && !tags.some(t => t.tag === tag) && html`<option value=${tag}>${tag}</option>`}
      ${tags.map(t => html`<option value=${t.tag}>${nameText(t.tag)} (${fmtInt(t.conversationCount)})</option>`)}
    </select></label>`}
    <label class="check"><input type="checkbox" name="status" checked=${state.status === 'error'}
      onChange=${e => set('status', e.target.checked ? 'error' : '')} /> Errors only</label>
    <${SearchBox} label="Search" value=${state.q} patch=${{ pages: undefined }} />
    <${MoreFilters} state=${state} />
    <label>Sort <select name="sort" value=${state.sort || 'lastActivity'} onChange=${e => set('sort', e.target.value === 'lastActivity' ? '' : e.target.value)}>
      ${SORTS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
    </select></label>
    <button type="button" class="order" title="Sort order: click to reverse"
      onClick=${() => set('order', state.order === 'asc' ? '' : 'asc')}>${state.order === 'asc' ? '↑ Ascending' : '↓ Descending'}</button>
    ${active && html`<button type="button" class="link" onClick=${() => navigate({ from: undefined, to: undefined, assistant: undefined,
      model: undefined, user: undefined, tag: undefined, q: undefined, status: undefined, pages: undefined, ...clearMore(state) })}>Clear filters</button>`}
    ${!state.q && html`<${ExportButtons} list="conversations" params=${listParams(state)} />`}
    ${onLive}
  </form>`;
}

function Header({ label, sort, state }) {
  const current = (state.sort || 'lastActivity') === sort;
  const desc = state.order !== 'asc';
  const click = () => navigate(current ? { order: desc ? 'asc' : undefined, pages: undefined }
    : { sort: sort === 'lastActivity' ? undefined : sort, order: undefined, pages: undefined });
  return html`<th aria-sort=${current ? (desc ? 'descending' : 'ascending') : 'none'}>
    <button type="button" class="sort" onClick=${click}>${label}${current ? (desc ? ' ↓' : ' ↑') : ''}</button></th>`;
}

/** The timeline link of a match: its item, with the search to highlight; the conversation for a subject match. */
export function matchTarget(conversationId, match, q) {
  return { c: conversationId, item: match && match.itemId ? match.kind + ':' + match.itemId : undefined, hl: q || undefined };
}

function Row({ row, fresh, q }) {
  const matches = row.matches || [];
  const first = matches.find(m => m.itemId) || matches[0];
  const open = () => navigate(q ? matchTarget(row.conversationId, first, q) : { c: row.conversationId, item: undefined });
  const key = e => { if (e.key === 'Enter') open(); };
  return html`<tr class=${'row' + (fresh ? ' fresh' : '')} tabindex="0" onClick=${open} onKeyDown=${key}
      data-conversation=${row.conversationId}>
    <td data-label="Subject" class="subject">
      <span class="subject-text"><${Name} text=${row.subject || row.conversationId} /></span>
      ${row.errorCount > 0 && html`<span class="flag error" title="Calls, tools or requests that failed">${row.errorCount} error${row.errorCount > 1 ? 's' : ''}</span>`}
      ${row.unpricedCallCount > 0 && html`<span class="flag unpriced" title="Calls whose model has no price">${row.unpricedCallCount} unpriced</span>`}
      ${row.user && html`<span class="chip user" title=${'End user ' + row.user.id}><${Name} text=${row.user.name || row.user.id} /></span>`}
      ${(row.tags || []).slice(0, 3).map(t => html`<span class="chip tag" title="Tag"><${Name} text=${t} /></span>`)}
      ${matches.length > 0 && html`<ul class="matches">${matches.map(m => html`<li><a href="#" class="match"
        onClick=${e => { e.preventDefault(); e.stopPropagation(); navigate(matchTarget(row.conversationId, m, q)); }}><${Snippet} match=${m} /></a></li>`)}</ul>`}
    </td>
    <td data-label="Assistant">${row.assistant && html`<${Name} text=${row.assistant.name || row.assistant.id} />`}</td>
    <td data-label="API calls" class="num">${fmtInt(row.callCount)}</td>
    <td data-label="Tokens" class="num" title=${fmtInt(row.tokens && row.tokens.total) + ' tokens'}>${fmtTokens(row.tokens && row.tokens.total)}</td>
    <td data-label="Cost" class="num">${fmtUsd(row.costUsd)}</td>
    <td data-label="Time span" class="span">${fmtSpan(row.firstAt, row.lastAt)} <span class="muted">(${fmtMs(row.durationMs)})</span></td>
  </tr>`;
}

export function ActivityLog({ state, setLive }) {
  const [rows, setRows] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [search, setSearch] = useState(null);
  const [pending, setPending] = useState([]);
  const [fresh, setFresh] = useState({});
  const [paused, setPaused] = useState(false);
  const hovering = useRef(false);
  const cursorRef = useRef(null);
  const rowsRef = useRef(null);
  const params = listParams(state);
  const key = query(params);
  const liveOrder = (state.sort || 'lastActivity') === 'lastActivity' && state.order !== 'asc';

  // Each listing replaces the one before (an older, slower answer is dropped). Stream events that arrive while a
  // listing is on its way are kept and applied on top of it.
  const loadController = useRef(null);
  const early = useRef([]);
  const load = () => {
    if (loadController.current) loadController.current.abort();
    const controller = new AbortController();
    loadController.current = controller;
    rowsRef.current = null;
    early.current = [];
    setRows(null);
    setError(null);
    setPending([]);
    // As many pages as the URL says were loaded ("Load more" counts them in ?pages=), so a reload or a shared link
    // shows the same rows.
    const wanted = Math.min(MAX_PAGES, Math.max(1, parseInt(state.pages, 10) || 1));
    (async () => {
      let page = await api('/v1/conversations' + key, { signal: controller.signal });
      let items = page.items;
      for (let n = 1; n < wanted && page.nextCursor; n++) {
        page = await api('/v1/conversations' + query({ ...params, cursor: page.nextCursor }), { signal: controller.signal });
        const seen = new Set(items.map(r => r.conversationId));
        items = items.concat(page.items.filter(r => !seen.has(r.conversationId)));
      }
      if (controller.signal.aborted) return;
      rowsRef.current = items;
      const buffered = early.current;
      early.current = [];
      buffered.forEach(apply);
      setRows(rowsRef.current);
      setCursor(page.nextCursor);
      setSearch(page.search || null);
      cursorRef.current = page.nextCursor;
    })().catch(e => {
      if (e.name !== 'AbortError') setError(e);
    });
  };
  useEffect(() => {
    load();
    return () => loadController.current && loadController.current.abort();
  }, [key]);

  /**
   * Applies one changed row where the sort puts it. While the pointer is over the list, a listed row is updated in
   * place and waits to move; a new one waits behind the banner.
   */
  const apply = row => {
    const current = rowsRef.current;
    const index = current.findIndex(r => r.conversationId === row.conversationId);
    if (!hovering.current) {
      rowsRef.current = placeRow(current, row, state.sort || 'lastActivity', state.order || 'desc', cursorRef.current !== null);
      return;
    }
    if (index >= 0) {
      const next = current.slice();
      next[index] = row;
      rowsRef.current = next;
    }
    if (index < 0 || liveOrder) setPending(p => [row, ...p.filter(r => r.conversationId !== row.conversationId)]);
  };

  // The activity stream has no replay: after a drop, list again so changes made meanwhile show.
  useEffect(() => {
    if (paused) {
      setLive('paused');
      return undefined;
    }
    const { sort, order, ...filters } = params;
    let wasDown = false;
    return openStream('/v1/activity/stream', filters, {
      event: 'conversation',
      onState: state => {
        setLive(state);
        if (state === 'down') wasDown = true;
        if (state === 'live' && wasDown) {
          wasDown = false;
          load();
        }
      },
      onEvent: row => {
        if (!rowsRef.current) {
          early.current.push(row);
          return;
        }
        apply(row);
        setRows(rowsRef.current);
        setFresh(f => ({ ...f, [row.conversationId]: Date.now() }));
      },
    });
  }, [key, paused]);

  // Resumed: list again, so what changed while paused shows.
  const wasPaused = useRef(false);
  useEffect(() => {
    if (paused) wasPaused.current = true;
    else if (wasPaused.current) {
      wasPaused.current = false;
      load();
    }
  }, [paused]);

  const showPending = () => {
    let next = rowsRef.current;
    pending.slice().reverse().forEach(row => {
      next = placeRow(next, row, state.sort || 'lastActivity', state.order || 'desc', cursorRef.current !== null);
    });
    rowsRef.current = next;
    setRows(rowsRef.current);
    setPending([]);
  };

  const more = () => {
    setLoadingMore(true);
    api('/v1/conversations' + query({ ...params, cursor })).then(page => {
      if (!rowsRef.current) return;
      const seen = new Set(rowsRef.current.map(r => r.conversationId));
      rowsRef.current = [...rowsRef.current, ...page.items.filter(r => !seen.has(r.conversationId))];
      setRows(rowsRef.current);
      setCursor(page.nextCursor);
      setSearch(page.search || null);
      cursorRef.current = page.nextCursor;
      const pages = Math.min(MAX_PAGES, (parseInt(readLocation().pages, 10) || 1) + 1);
      navigate({ pages: String(pages) }, { replace: true });
    }).catch(setError).finally(() => setLoadingMore(false));
  };

  return html`<section class="activity" aria-label="Activity log">
    <header class="view-header"><h1>API Logs</h1><span class="muted">One row per conversation</span>
      <label class="switch"><input type="checkbox" checked=${!paused} onChange=${e => setPaused(!e.target.checked)} /> Live</label>
    </header>
    <${Filters} state=${state} />
    ${pending.length > 0 && html`<button type="button" class="banner" onClick=${showPending}>
      ${pending.length} new or changed conversation${pending.length > 1 ? 's' : ''}: show</button>`}
    ${error ? html`<${Failure} error=${error} retry=${load} />`
      : rows === null ? html`<${Loading} what="Loading conversations" />`
      : rows.length === 0 && !cursor ? html`<${Empty}>${state.q ? 'Nothing matches this search with these filters.' : state.to && state.to < isoDay(new Date())
        ? 'No conversations match these filters in this range.'
        : 'No conversations match these filters yet. They appear here live as assistants log calls.'}<//>`
      : html`<div class="table-wrap" onMouseEnter=${() => { hovering.current = true; }}
          onMouseLeave=${() => { hovering.current = false; }}>
        <table class="log">
          <thead><tr><th>Subject</th><th>Assistant</th><${Header} label="API calls" sort="calls" state=${state} />
            <${Header} label="Tokens" sort="tokens" state=${state} /><${Header} label="Cost (USD)" sort="cost" state=${state} />
            <${Header} label="Time span" sort="lastActivity" state=${state} /></tr></thead>
          <tbody>${rows.map(row => html`<${Row} key=${row.conversationId} row=${row} q=${state.q}
            fresh=${fresh[row.conversationId] && Date.now() - fresh[row.conversationId] < 2000} />`)}</tbody>
        </table>
        <${SearchProgress} search=${search} more=${more} busy=${loadingMore} />
        ${cursor && !(search && !search.complete) && html`<button type="button" class="more" onClick=${more} disabled=${loadingMore}>
          ${loadingMore ? 'Loading…' : 'Load more'}</button>`}
      </div>`}
  </section>`;
}
