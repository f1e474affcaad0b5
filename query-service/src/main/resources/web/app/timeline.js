// A conversation's timeline: every LLM call, tool execution and HTTP request in order, on a shared time axis, with
// running totals and system-prompt changes, kept live by the timeline stream (resumed after the last seq seen).
// Only the entries near the viewport are in the DOM (a window, with spacers for the rest), so a step with J/K, a
// deep link to entry 5,000 or a page of new items costs the same whatever the timeline's length.
import { html, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'htm/preact/standalone';
import { api, openStream } from './api.js';
import { loadTimeline } from './pages.js';
import { fmtInt, fmtMs, fmtSpan, fmtUsd } from './format.js';
import { navigate } from './location.js';
import { ContextChart, Item, NearEntries, PromptDiff, annotate, byTime, end, itemKey, timeOf } from './entries.js';
import { Empty, Failure, Loading, Name } from './widgets.js';
import { FindBar, useSearchHighlight } from './find.js';

export { itemKey };

/** Pixels drawn above and below the viewport; the height an entry is assumed to have until it is measured. */
const OVERSCAN_PX = 800;
const ESTIMATED_HEIGHT = 72;
const FIRST_WINDOW = 40;

export function Timeline({ id, selected, setLive, onItems, hl }) {
  useSearchHighlight(hl, '.timeline .items, .timeline .near, .detail-body');
  const [row, setRow] = useState(null);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [paused, setPaused] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [range, setRange] = useState({ start: 0, end: FIRST_WINDOW });
  // A linked entry's own page, read before the pages ahead of it and shown on its own until they are all loaded.
  const [near, setNear] = useState(null);
  // Whether the entries around a link are what is shown (set as it renders): the pages in between are not drawn then.
  const nearShownRef = useRef(false);
  const heights = useRef(new Map());
  const listRef = useRef(null);
  const drawnFor = useRef(0);
  const itemsRef = useRef([]);
  const lastSeq = useRef(0);
  const seen = useRef(new Set());
  const incoming = useRef([]);
  const flushTimer = useRef(null);
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
    setRange({ start: 0, end: FIRST_WINDOW });
    heights.current = new Map();
    setLoaded(false);
    setNear(null);
    lastSeq.current = 0;
    seen.current = new Set();
    refreshRow();
    incoming.current = [];
    (async () => {
      let all = [];
      // The first page is drawn at once; the rest together, at most every 300 ms and at the end, rather than 25
      // growing lists drawn one after another while a deep link waits for its entry's page.
      // While a linked entry is shown on its own (near), only the end is drawn: the pages in between would be work
      // that holds up the whole list and shows nothing new.
      let drawnAt = 0;
      let drawnLength = -1;
      let nearFound = false;
      // Only a well-formed key is sent: the API refuses others, and a hand-edited link must not cost the timeline.
      const linked = selected && /^(llm_call|tool_execution|http_request):./.test(selected) ? selected : undefined;
      const nearBy = items => {
        if (!nearFound && !items.some(item => itemKey(item) === linked)) return;
        nearFound = true;
        setNear(list => {
          const known = new Set((list || []).map(item => item.seq));
          return (list || []).concat(items.filter(item => !known.has(item.seq))).sort(byTime);
        });
      };
      const add = item => {
        if (seen.current.has(item.seq)) return;
        seen.current.add(item.seq);
        all.push(item);
        lastSeq.current = Math.max(lastSeq.current, item.seq);
      };
      const draw = (last) => {
        if (all.length === drawnLength || (!last && (nearShownRef.current || performance.now() - drawnAt < 300))) return;
        drawnLength = all.length;
        all.sort(byTime);
        publish(all.slice());
        drawnAt = performance.now();
      };
      const resumeAfter = await loadTimeline(id, { add, draw, cancelled: () => cancelled, item: linked, near: nearBy });
      if (cancelled) return;
      draw(true);
      if (resumeAfter !== null) lastSeq.current = resumeAfter;
      setLoaded(true);
      setNear(null);
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
    const list = itemsRef.current.concat(batch).sort(byTime);
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

  const entries = useMemo(() => (items ? annotate(items) : []), [items]);
  const axis = useMemo(() => {
    const span = { start: 0, span: 0 };
    if (items && items.length) {
      // A loop, not Math.min(...spread): a spread of a very long timeline overflows the call stack.
      span.start = items.reduce((m, i) => Math.min(m, timeOf(i)), Infinity);
      span.span = items.reduce((m, i) => Math.max(m, end(i)), -Infinity) - span.start;
    }
    return span;
  }, [items]);
  const keys = useMemo(() => entries.map(entry => itemKey(entry.item)), [entries]);
  const keysRef = useRef(keys);
  keysRef.current = keys;

  /** An entry's height: measured once drawn, estimated before. */
  const heightOf = index => heights.current.get(keysRef.current[index]) || ESTIMATED_HEIGHT;

  /** The entries that cover the viewport and OVERSCAN_PX around it (and {@code keep}, when given). */
  const windowAt = (keep = null) => {
    const list = listRef.current;
    const all = keysRef.current;
    if (!list || !all.length) return null;
    const top = list.getBoundingClientRect().top;
    const from = Math.max(0, -top - OVERSCAN_PX);
    const to = -top + window.innerHeight + OVERSCAN_PX;
    let y = 0;
    let start = 0;
    while (start < all.length - 1 && y + heightOf(start) < from) y += heightOf(start++);
    let stop = start;
    while (stop < all.length && y < to) y += heightOf(stop++);
    if (keep !== null && (keep < start || keep >= stop)) {
      start = Math.max(0, keep - 10);
      stop = Math.min(all.length, keep + 20);
    }
    return { start, end: Math.max(stop, start + 1) };
  };
  const updateWindow = (keep = null) => {
    const next = windowAt(keep);
    if (next) setRange(r => (r.start === next.start && r.end === next.end ? r : next));
  };

  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        updateWindow();
      });
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, []);

  // Drawn entries are measured (an entry with the prompt change above it); changed heights move the window.
  const measuredFor = useRef(null);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const drawn = range.start + ':' + range.end;
    if (measuredFor.current && measuredFor.current.entries === entries && measuredFor.current.drawn === drawn) return;
    measuredFor.current = { entries, drawn };
    const sums = new Map();
    list.querySelectorAll('[data-index]').forEach(element => {
      const index = Number(element.dataset.index);
      sums.set(index, (sums.get(index) || 0) + element.offsetHeight);
    });
    let changed = false;
    sums.forEach((height, index) => {
      const key = keys[index];
      if (key && heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    });
    // Also after new entries (live, a page loaded): the window may now hold more. Unchanged, it renders nothing.
    if (changed || entries.length !== drawnFor.current) {
      drawnFor.current = entries.length;
      updateWindow();
    }
  });

  // An entry just opened (a deep link, J/K) is drawn, then scrolled into view once; the list then scrolls freely.
  const reveal = useRef(null);
  useEffect(() => {
    reveal.current = selected;
  }, [selected]);
  useEffect(() => {
    if (!reveal.current || !entries.length) return;
    const index = keys.indexOf(reveal.current);
    if (index < 0) return; // its page is not loaded yet
    if (index < range.start || index >= range.end) {
      const list = listRef.current;
      let offset = 0;
      for (let i = 0; i < index; i++) offset += heightOf(i);
      if (list) window.scrollTo({ top: window.scrollY + list.getBoundingClientRect().top + offset - window.innerHeight / 3 });
      updateWindow(index);
      return;
    }
    const element = document.querySelector('[data-item="' + CSS.escape(reveal.current) + '"]');
    if (element) {
      element.scrollIntoView({ block: 'nearest' });
      reveal.current = null;
    }
  }, [selected, entries, range]);

  // The linked entry's page on its own until the whole list is loaded: without running totals (the pages ahead of
  // it are still coming), on the time axis of the conversation's span.
  const nearIndex = near && !loaded && selected ? near.findIndex(item => itemKey(item) === selected) : -1;
  const nearMode = nearIndex >= 0 && keys.indexOf(selected) < 0;
  nearShownRef.current = nearMode;

  let padTop = 0;
  let padBottom = 0;
  const start = Math.min(range.start, Math.max(0, entries.length - 1));
  const stop = Math.min(range.end, entries.length);
  for (let i = 0; i < start; i++) padTop += heightOf(i);
  for (let i = stop; i < entries.length; i++) padBottom += heightOf(i);

  const t = row && row.tokens;
  return html`<section class="timeline" aria-label="Conversation timeline">
    <header class="view-header">
      <button type="button" class="back" onClick=${() => navigate({ c: undefined, item: undefined })}>← All conversations</button>
      <h1 tabindex="-1"><${Name} text=${row ? row.subject || row.conversationId : id} /></h1>
      <label class="switch"><input type="checkbox" checked=${!paused} onChange=${e => setPaused(!e.target.checked)} /> Live</label>
    </header>
    <${FindBar} id=${id} hl=${hl} />
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
      : nearMode ? html`<${NearEntries} near=${near} index=${nearIndex} selected=${selected} row=${row} />`
      : html`<ol class="items" ref=${listRef} aria-label=${'Entries (' + entries.length + ')'}>
          ${padTop > 0 && html`<li class="spacer" aria-hidden="true" style=${{ height: padTop + 'px' }}></li>`}
          ${entries.slice(start, stop).map((entry, i) => html`
          ${entry.promptChange && html`<${PromptDiff} key=${'p:' + itemKey(entry.item)} change=${entry.promptChange} index=${start + i} />`}
          <${Item} key=${itemKey(entry.item)} entry=${entry} axis=${axis} index=${start + i} selected=${selected === itemKey(entry.item)} />`)}
          ${padBottom > 0 && html`<li class="spacer" aria-hidden="true" style=${{ height: padBottom + 'px' }}></li>`}
        </ol>`}
  </section>`;
}
