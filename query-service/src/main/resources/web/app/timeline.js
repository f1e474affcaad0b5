// A conversation's timeline: every LLM call, tool execution and HTTP request in order, on a shared time axis, with
// running totals and system-prompt changes, kept live by the timeline stream (resumed after the last seq seen).
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import { api, openStream, query } from './api.js';
import { fmtInt, fmtMs, fmtSpan, fmtTokens, fmtUsd } from './format.js';
import { navigate } from './location.js';
import { lineDiff, withContext } from './diff.js';
import { Empty, Failure, Loading, Name } from './widgets.js';

const RENDER_STEP = 300;

export function itemKey(item) {
  return item.kind + ':' + item.id;
}

function end(item) {
  return Date.parse(item.startedAt) + (item.durationMs || 0);
}

/** Running totals after each item, and where the system prompt changed. */
function annotate(items) {
  let tokens = 0;
  let cost = 0;
  let lastSha = null;
  return items.map(item => {
    let promptChange = null;
    if (item.kind === 'llm_call') {
      tokens += (item.tokens && item.tokens.total) || 0;
      cost += Number(item.costUsd || 0);
      const sha = item.systemPromptSha256 || null;
      if (lastSha && sha && sha !== lastSha) promptChange = { from: lastSha, to: sha };
      if (sha) lastSha = sha;
    }
    return { item, tokens, cost, promptChange };
  });
}

function PromptDiff({ change }) {
  const [diff, setDiff] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(false);
  const show = () => {
    setOpen(!open);
    if (diff || open) return;
    Promise.all([api('/v1/prompts/' + change.from), api('/v1/prompts/' + change.to)])
      .then(([a, b]) => setDiff(withContext(lineDiff(a.text || '', b.text || ''))))
      .catch(setError);
  };
  return html`<li class="prompt-change">
    <button type="button" class="link" onClick=${show} aria-expanded=${open}>System prompt changed ${open ? '▾' : '▸'} diff</button>
    <span class="muted mono">${change.from.slice(0, 8)} → ${change.to.slice(0, 8)}</span>
    ${open && (error ? html`<${Failure} error=${error} />` : !diff ? html`<${Loading} what="Loading prompts" />`
      : html`<pre class="diff">${diff.map(line => line.op === '…'
        ? html`<div class="diff-skip">… ${line.count} unchanged line${line.count > 1 ? 's' : ''}</div>`
        : html`<div class=${line.op === '+' ? 'diff-add' : line.op === '-' ? 'diff-del' : ''}>${line.op} ${line.text}</div>`)}</pre>`)}
  </li>`;
}

function Title({ item }) {
  if (item.kind === 'llm_call') {
    return html`<span class="kind llm">LLM</span><span class="title">${item.model || 'unknown model'}</span>
      ${item.toolCalls && item.toolCalls.length > 0 && html`<span class="tools">→ ${item.toolCalls.map(t => t.name).join(', ')}</span>`}`;
  }
  if (item.kind === 'tool_execution') {
    return html`<span class="kind tool">Tool</span><span class="title">${item.toolName || item.toolCallId || 'tool'}</span>`;
  }
  const failed = item.statusCode >= 400;
  return html`<span class="kind http">HTTP</span><span class="title mono">${item.method} ${item.url}</span>
    <span class=${'status' + (failed ? ' bad' : '')}>${item.statusCode ?? '—'}</span>`;
}

function Facts({ item }) {
  if (item.kind !== 'llm_call') return null;
  const t = item.tokens || {};
  return html`<span class="facts">
    <span title="Input tokens (cached included)">in ${fmtTokens(t.input)}</span>
    <span title="Output tokens">out ${fmtTokens(t.output)}</span>
    ${t.cacheRead > 0 && html`<span title="Cache-read tokens">cached ${fmtTokens(t.cacheRead)}</span>`}
    <span class="cost">${fmtUsd(item.costUsd)}${item.cost && item.cost.priceSource !== 'client' && item.costUsd != null
      && html` <span class="breakdown">(in ${fmtUsd(item.cost.input)}${Number(item.cost.cacheRead) > 0 ? ' · cache read ' + fmtUsd(item.cost.cacheRead) : ''}${
        Number(item.cost.cacheWrite) > 0 ? ' · cache write ' + fmtUsd(item.cost.cacheWrite) : ''} · out ${fmtUsd(item.cost.output)})</span>`}
      ${item.costUsd == null && html` <span class="flag unpriced">unpriced</span>`}</span>
    ${item.stopReason && html`<span class="stop">${item.stopReason}</span>`}
  </span>`;
}

function Item({ entry, axis, selected }) {
  const { item } = entry;
  const start = Date.parse(item.startedAt);
  const width = axis.span > 0 ? Math.max(0.4, ((item.durationMs || 0) / axis.span) * 100) : 100;
  const left = axis.span > 0 ? ((start - axis.start) / axis.span) * 100 : 0;
  const open = () => navigate({ item: itemKey(item) });
  const key = e => { if (e.key === 'Enter') open(); };
  return html`<li class=${'item ' + item.kind + (selected ? ' selected' : '') + (item.error ? ' failed' : '')}
      tabindex="0" onClick=${open} onKeyDown=${key} data-item=${itemKey(item)} aria-current=${selected ? 'true' : undefined}>
    <div class="item-main">
      <span class="offset mono" title=${new Date(item.startedAt).toLocaleString()}>+${fmtMs(start - axis.start)}</span>
      <${Title} item=${item} />
      <span class="duration">${fmtMs(item.durationMs)}</span>
    </div>
    <div class="item-sub">
      <${Facts} item=${item} />
      ${item.error && html`<span class="flag error">${item.error.type || 'error'}${item.error.message ? ': ' + item.error.message : ''}</span>`}
      ${item.kind === 'llm_call' && html`<span class="running muted" title="Running totals: tokens and cost so far">Σ ${fmtTokens(entry.tokens)} · ${fmtUsd(entry.cost)}</span>`}
    </div>
    <div class="bar-track" aria-hidden="true"><div class="bar" style=${{ left: Math.min(left, 99.6) + '%', width: Math.min(width, 100 - Math.min(left, 99.6)) + '%' }}></div></div>
  </li>`;
}

function ContextChart({ entries }) {
  const calls = entries.filter(e => e.item.kind === 'llm_call' && e.item.tokens && e.item.tokens.input != null);
  if (calls.length < 2) return null;
  const max = calls.reduce((m, e) => Math.max(m, e.item.tokens.input), 1);
  return html`<div class="context" title="Context size (input tokens) of each call">
    <span class="muted small">Context per turn</span>
    <div class="context-bars">${calls.slice(-120).map(e => html`<div class="context-bar"
      style=${{ height: Math.max(4, (e.item.tokens.input / max) * 100) + '%' }} title=${fmtInt(e.item.tokens.input) + ' input tokens'}></div>`)}</div>
    <span class="muted small">max ${fmtTokens(max)}</span>
  </div>`;
}

export function Timeline({ id, selected, setLive, onItems }) {
  const [row, setRow] = useState(null);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [paused, setPaused] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [shown, setShown] = useState(RENDER_STEP);
  const itemsRef = useRef([]);
  const lastSeq = useRef(0);
  const seen = useRef(new Set());
  const incoming = useRef([]);
  const flushTimer = useRef(null);
  const sentinel = useRef(null);
  const refreshTimer = useRef(null);

  // The header's totals; a failed refresh keeps the last ones (the timeline stays).
  const refreshRow = () => api('/v1/conversations/' + encodeURIComponent(id)).then(setRow).catch(() => {});

  const publish = list => {
    itemsRef.current = list;
    setItems(list);
    onItems(list);
  };

  useEffect(() => {
    let cancelled = false;
    setItems(null);
    setRow(null);
    setError(null);
    setShown(RENDER_STEP);
    setLoaded(false);
    lastSeq.current = 0;
    seen.current = new Set();
    refreshRow();
    incoming.current = [];
    (async () => {
      let cursor = null;
      let all = [];
      let resumeAfter = null;
      do {
        const page = await api('/v1/conversations/' + encodeURIComponent(id) + '/timeline' + query({ limit: 200, cursor }));
        if (cancelled) return;
        // Every item committed up to the first page's lastSeq is on some page; the stream resumes after it.
        if (resumeAfter === null && page.lastSeq != null) resumeAfter = page.lastSeq;
        page.items.forEach(item => {
          if (seen.current.has(item.seq)) return;
          seen.current.add(item.seq);
          all.push(item);
          lastSeq.current = Math.max(lastSeq.current, item.seq);
        });
        cursor = page.nextCursor;
        publish(all.slice());
      } while (cursor);
      if (resumeAfter !== null) lastSeq.current = resumeAfter;
      setLoaded(true);
    })().catch(e => {
      if (!cancelled) {
        if (e.status === 404) {
          publish([]);
          setLoaded(true);
        } else {
          setError(e);
        }
      }
    });
    return () => {
      cancelled = true;
      clearTimeout(flushTimer.current);
      clearTimeout(refreshTimer.current);
      flushTimer.current = null;
    };
  }, [id]);

  // Items that arrive together (a replay after a drop, a burst) are merged and drawn once.
  const flush = () => {
    flushTimer.current = null;
    const batch = incoming.current;
    incoming.current = [];
    const list = itemsRef.current.concat(batch)
      .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.seq - b.seq);
    publish(list);
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(refreshRow, 300);
  };

  // The stream opens once every page is loaded, and resumes after the highest seq seen.
  useEffect(() => {
    if (paused || !loaded) {
      if (paused) setLive('paused');
      return undefined;
    }
    return openStream('/v1/conversations/' + encodeURIComponent(id) + '/timeline/stream', { after: lastSeq.current }, {
      event: 'item',
      onState: setLive,
      onEvent: item => {
        if (seen.current.has(item.seq)) return;
        seen.current.add(item.seq);
        lastSeq.current = Math.max(lastSeq.current, item.seq);
        incoming.current.push(item);
        if (!flushTimer.current) flushTimer.current = setTimeout(flush, 50);
      },
    });
  }, [id, paused, loaded]);

  useEffect(() => {
    if (!sentinel.current || !items || shown >= items.length) return undefined;
    const observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) setShown(s => s + RENDER_STEP);
    });
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [items, shown]);

  useEffect(() => {
    if (!selected || !items) return;
    const index = items.findIndex(item => itemKey(item) === selected);
    if (index >= shown) setShown(index + RENDER_STEP);
    const element = document.querySelector('[data-item="' + CSS.escape(selected) + '"]');
    if (element) element.scrollIntoView({ block: 'nearest' });
  }, [selected, items]);

  const entries = items ? annotate(items) : [];
  const axis = { start: 0, span: 0 };
  if (items && items.length) {
    // A loop, not Math.min(...spread): a spread of a very long timeline overflows the call stack.
    axis.start = items.reduce((m, i) => Math.min(m, Date.parse(i.startedAt)), Infinity);
    axis.span = items.reduce((m, i) => Math.max(m, end(i)), -Infinity) - axis.start;
  }
  const t = row && row.tokens;
  return html`<section class="timeline" aria-label="Conversation timeline">
    <header class="view-header">
      <button type="button" class="back" onClick=${() => navigate({ c: undefined, item: undefined })}>← All conversations</button>
      <h1 tabindex="-1"><${Name} text=${row ? row.subject || row.conversationId : id} /></h1>
      <label class="switch"><input type="checkbox" checked=${!paused} onChange=${e => setPaused(!e.target.checked)} /> Live</label>
    </header>
    ${row && html`<dl class="totals">
      <div><dt>Assistant</dt><dd>${row.assistant && html`<${Name} text=${row.assistant.name || row.assistant.id} />`}</dd></div>
      <div><dt>API calls</dt><dd data-total="calls">${fmtInt(row.callCount)}</dd></div>
      <div><dt>Tools · HTTP</dt><dd>${fmtInt(row.toolCount)} · ${fmtInt(row.httpCount)}</dd></div>
      <div><dt>Tokens</dt><dd title=${'input ' + fmtInt(t.input) + ', output ' + fmtInt(t.output) + ', cache read ' + fmtInt(t.cacheRead)
        + ', cache write ' + fmtInt(t.cacheWrite)}>${fmtInt(t.total)}</dd></div>
      <div><dt>Cost</dt><dd>${fmtUsd(row.costUsd)}${row.unpricedCallCount > 0 ? html` <span class="flag unpriced">${row.unpricedCallCount} unpriced</span>` : ''}</dd></div>
      <div><dt>Span</dt><dd>${fmtSpan(row.firstAt, row.lastAt)} (${fmtMs(row.durationMs)})</dd></div>
      ${row.errorCount > 0 && html`<div><dt>Errors</dt><dd class="bad">${row.errorCount}</dd></div>`}
    </dl>`}
    ${items && html`<${ContextChart} entries=${entries} />`}
    ${error ? html`<${Failure} error=${error} />`
      : items === null ? html`<${Loading} what="Loading timeline" />`
      : items.length === 0 ? html`<${Empty}>Nothing logged in this conversation yet. Items appear here as soon as they are stored.<//>`
      : html`<ol class="items">${entries.slice(0, shown).map(entry => html`
          ${entry.promptChange && html`<${PromptDiff} change=${entry.promptChange} />`}
          <${Item} key=${itemKey(entry.item)} entry=${entry} axis=${axis} selected=${selected === itemKey(entry.item)} />`)}
        </ol>
        ${shown < items.length && html`<div ref=${sentinel} class="muted more-items">Showing ${shown} of ${items.length}…</div>`}`}
  </section>`;
}
