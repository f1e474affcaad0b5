// "Find in this conversation" (issue 26): the matches of a search in one conversation (GET /v1/conversations/{id}/matches),
// stepped through with Enter or the arrows, each opening its entry; and the search's text highlighted wherever the
// timeline and the entry's detail show it, with the CSS Custom Highlight API (no change to the page's DOM).
import { html, useEffect, useRef, useState } from 'htm/preact/standalone';
import { api, query } from './api.js';
import { navigate, readLocation } from './location.js';
import { Snippet } from './widgets.js';

const HIGHLIGHT = 'apilogs-search';

/** The terms of a search as the server reads them: one literal, or quoted phrases and the words beside them. */
export function searchTerms(q) {
  if (!q || !q.trim()) return [];
  if (q.indexOf('"') < 0) return [q.trim()];
  const terms = [];
  const re = /"([^"]*)"?|([^\s"]+)/g;
  let m;
  while ((m = re.exec(q)) !== null) {
    const term = m[1] !== undefined ? m[1] : m[2];
    if (term && term.trim() && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** Case folded per code point, each to one of the same length, as the server folds (offsets stay those of the text). */
export function fold(text) {
  let out = '';
  for (const ch of text) {
    const f = ch.toUpperCase().toLowerCase();
    out += f.length === ch.length ? f : ch;
  }
  return out;
}

/** Every [start, end) of the terms in a text, case-insensitively. */
export function occurrences(text, terms) {
  const found = [];
  const folded = fold(text);
  for (const term of terms) {
    const t = fold(term);
    if (!t) continue;
    for (let at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + t.length)) found.push([at, at + t.length]);
  }
  return found;
}

/** Highlights the search's terms in the elements matching {@code selector}, following their changes. */
export function useSearchHighlight(q, selector) {
  useEffect(() => {
    if (!q || typeof CSS === 'undefined' || !CSS.highlights || typeof Highlight === 'undefined') return undefined;
    const terms = searchTerms(q);
    let frame = 0;
    const paint = () => {
      frame = 0;
      const ranges = [];
      document.querySelectorAll(selector).forEach(root => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const [start, end] of occurrences(node.data, terms)) {
            const range = new Range();
            range.setStart(node, start);
            range.setEnd(node, end);
            ranges.push(range);
          }
        }
      });
      CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
    };
    const observer = new MutationObserver(() => { if (!frame) frame = requestAnimationFrame(paint); });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    paint();
    return () => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      CSS.highlights.delete(HIGHLIGHT);
    };
  }, [q, selector]);
}

/** The find box of a timeline: its text is ?hl=, so a search result's link opens the conversation with it. */
export function FindBar({ id, hl }) {
  const [text, setText] = useState(hl || '');
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  const input = useRef(null);
  useEffect(() => setText(hl || ''), [hl]);
  useEffect(() => {
    if ((hl || '') === text) return undefined;
    const timer = setTimeout(() => navigate({ hl: text || undefined }, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    setFound(null);
    setError(null);
    if (!hl) return undefined;
    const controller = new AbortController();
    api('/v1/conversations/' + encodeURIComponent(id) + '/matches' + query({ q: hl }), { signal: controller.signal })
      .then(setFound).catch(e => e.name !== 'AbortError' && setError(e));
    return () => controller.abort();
  }, [id, hl]);
  const items = found ? found.items.filter(m => m.itemId) : [];
  const current = readLocation().item;
  const index = items.findIndex(m => m.kind + ':' + m.itemId === current);
  const step = delta => {
    if (!items.length) return;
    const next = index < 0 ? (delta > 0 ? 0 : items.length - 1) : (index + delta + items.length) % items.length;
    navigate({ item: items[next].kind + ':' + items[next].itemId }, { replace: true });
  };
  const onKey = e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      setText('');
    }
  };
  const status = !hl ? '' : error ? 'Search failed' : found === null ? 'Searching…'
    : items.length === 0 ? (found.items.length ? 'Only the subject matches' : 'No match')
    : (index >= 0 ? (index + 1) + ' of ' : '') + items.length + ' match' + (items.length > 1 ? 'es' : '') + (found.truncated ? '+' : '');
  const shown = index >= 0 ? items[index] : null;
  return html`<div class="find" role="search">
    <label>Find in this conversation <input ref=${input} type="search" name="hl" value=${text} placeholder="Text in any entry"
      onInput=${e => setText(e.target.value)} onKeyDown=${onKey} /></label>
    <button type="button" aria-label="Previous match" onClick=${() => step(-1)} disabled=${!items.length}>↑</button>
    <button type="button" aria-label="Next match" onClick=${() => step(1)} disabled=${!items.length}>↓</button>
    <span class="find-status muted" role="status" aria-live="polite">${status}</span>
    ${shown && html`<div class="find-snippet"><${Snippet} match=${shown} /></div>`}
  </div>`;
}
