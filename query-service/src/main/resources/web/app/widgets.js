// Small shared components. All user content goes through text nodes (htm/Preact escapes it); nothing here sets HTML.
import { html, useEffect, useState } from 'htm/preact/standalone';
import { navigate } from './location.js';
import { Markdown } from './markdown.js';
import { fmtTime, mixedScripts, pretty, showHidden } from './format.js';

export function CopyButton({ value, label = 'Copy' }) {
  const [done, setDone] = useState(false);
  const copy = async event => {
    event.stopPropagation();
    try {
      await navigator.clipboard.writeText(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
      setDone(true);
      setTimeout(() => setDone(false), 1200);
    } catch (e) {
      setDone(false);
    }
  };
  return html`<button type="button" class="copy" onClick=${copy} title=${'Copy ' + label.toLowerCase()}>${done ? 'Copied' : label}</button>`;
}

/**
 * A name a client chose (assistant, workspace, subject): hidden direction controls are shown as ⟦U+202E⟧, and a word
 * mixing look-alike scripts is flagged, so "Suррort Bоt" cannot pass for "Support Bot".
 */
export function Name({ text }) {
  if (text === null || text === undefined) return null;
  const mixed = mixedScripts(text);
  return html`<span class="name" dir="auto">${showHidden(text)}${mixed && html` <span class="mixed-script"
    title=${'This name mixes ' + mixed.join(' and ') + ' letters, which look alike'}>mixed ${mixed.join('/')} letters</span>`}</span>`;
}

export function Loading({ what = 'Loading' }) {
  return html`<div class="state loading" role="status"><span class="spinner"></span>${what}…</div>`;
}

export function Failure({ error, retry }) {
  return html`<div class="state failure" role="alert">
    <strong>Something went wrong.</strong> ${error && error.message}
    ${retry && html` <button type="button" onClick=${retry}>Try again</button>`}
  </div>`;
}

export function Empty({ children }) {
  return html`<div class="state empty">${children}</div>`;
}

const PAGE = 200000;

/**
 * Text or JSON shown Pretty (JSON indented), as Markdown, or Raw. Very long text is shown a page at a time so a
 * megabyte prompt does not freeze the tab.
 */
export function TextView({ value, mode = 'pretty', className = '' }) {
  const [shown, setShown] = useState(PAGE);
  if (value === null || value === undefined || value === '') return html`<div class="muted">(empty)</div>`;
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = mode === 'raw' ? raw : pretty(value);
  const clipped = text.length > shown ? text.slice(0, shown) : text;
  const more = text.length > shown && html`<button type="button" class="more" onClick=${() => setShown(shown + PAGE * 5)}>
    Show more (${Math.round((text.length - shown) / 1024)} KB left)</button>`;
  const copy = html`<span class="text-copy"><${CopyButton} value=${text} label="Copy" /></span>`;
  if (mode === 'markdown' && typeof value === 'string') {
    return html`<div class=${'text ' + className}>${copy}<${Markdown} text=${clipped} />${more}</div>`;
  }
  return html`<div class=${'text ' + className}>${copy}<pre dir="auto">${clipped}</pre>${more}</div>`;
}

export function ModeSwitch({ mode, setMode }) {
  return html`<div class="modes" role="group" aria-label="Text display">
    ${['pretty', 'markdown', 'raw'].map(m => html`<button type="button" aria-pressed=${mode === m}
      class=${mode === m ? 'on' : ''} onClick=${() => setMode(m)}>${m[0].toUpperCase() + m.slice(1)}</button>`)}
  </div>`;
}

/** A remaining/limit bar: full when nothing is used, red when nearly empty. */
export function Gauge({ name, bucket }) {
  if (!bucket || (bucket.limit === null && bucket.remaining === null)) return null;
  const limit = Number(bucket.limit);
  const remaining = Number(bucket.remaining);
  const share = limit > 0 && !isNaN(remaining) ? Math.max(0, Math.min(1, remaining / limit)) : null;
  const level = share === null ? '' : share < 0.1 ? 'low' : share < 0.3 ? 'mid' : 'ok';
  return html`<div class="gauge" data-gauge=${name}>
    <div class="gauge-label"><span>${name}</span>
      <span>${bucket.remaining ?? '?'} / ${bucket.limit ?? '?'} left</span></div>
    <div class="gauge-track"><div class=${'gauge-fill ' + level} style=${{ width: share === null ? '0%' : (share * 100).toFixed(1) + '%' }}></div></div>
    ${bucket.resetAt && html`<div class="muted small">resets ${fmtTime(bucket.resetAt)}</div>`}
  </div>`;
}

export function Section({ title, children, open = true, extra }) {
  return html`<details class="section" open=${open}>
    <summary><span>${title}</span>${extra}</summary>
    <div class="section-body">${children}</div>
  </details>`;
}

/**
 * The content search of a list (issue 26): typed text goes to ?q= 300 ms after the last key (replacing the history
 * entry), with {@code patch} (e.g. the activity log's page count reset); a change of ?q= from elsewhere (Back) shows here.
 */
export function SearchBox({ label, value, patch = {} }) {
  const [q, setQ] = useState(value || '');
  useEffect(() => setQ(value || ''), [value]);
  useEffect(() => {
    if ((value || '') === q) return undefined;
    const timer = setTimeout(() => navigate({ q: q || undefined, ...patch }, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [q]);
  return html`<label class="grow">${label} <input type="search" name="q" value=${q}
    placeholder=${'Words or "a phrase" in messages, responses, tools, subjects…'} title="Searches subjects, messages, responses, thinking, tool inputs and results, errors, HTTP URLs and bodies, and metadata. Case-insensitive, any language; quote phrases to require each."
    onInput=${e => setQ(e.target.value)} /></label>`;
}

const FIELD_NAMES = {
  subject: 'Subject', messages: 'Messages', response: 'Response', thinking: 'Thinking', toolInput: 'Tool input',
  toolResult: 'Tool result', error: 'Error', url: 'URL', body: 'HTTP body', attributes: 'Attributes', metadata: 'Metadata',
};

/** Where a search matched (issue 26): the part, and the snippet with the match marked (as text: never HTML). */
export function Snippet({ match }) {
  const text = match.snippet || '';
  const [start, end] = match.highlight || [0, 0];
  return html`<span class="snippet"><span class="snippet-field">${FIELD_NAMES[match.field] || match.field}</span>
    ${text.slice(0, start)}<mark>${text.slice(start, end)}</mark>${text.slice(end)}</span>`;
}

/** How far a bounded search went (issue 26), with a button to search further. */
export function SearchProgress({ search, more, busy }) {
  if (!search || search.complete) return null;
  return html`<p class="notice search-progress" role="status">
    The search stopped${search.searchedUpTo ? ' at items from ' + new Date(search.searchedUpTo).toLocaleString() : ''} to stay fast; older ones may match too.
    <button type="button" class="link" onClick=${more} disabled=${busy}>${busy ? 'Searching…' : 'Search further'}</button></p>`;
}
