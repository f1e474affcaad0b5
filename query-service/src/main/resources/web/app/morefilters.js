// Filters beyond the pickers, shared by the activity log and the Calls page (issue 25): ranges of cost, duration and
// tokens, a tool that was called, an error type, a stop reason, an HTTP status and metadata values
// (meta.<key>=<value>). Like every filter they live in the URL and go to the API as they are, so a shared link, the
// list, its live stream, its pickers and its export all mean the same thing.
import { html, useEffect, useState } from 'htm/preact/standalone';
import { navigate } from './location.js';
import { nameText } from './format.js';

/** The filters kept here, as the API names them, with their labels and input kinds. */
export const MORE = [
  ['minCostUsd', 'Min cost (USD)', 'number'], ['maxCostUsd', 'Max cost (USD)', 'number'],
  ['minDurationMs', 'Min duration (ms)', 'number'], ['maxDurationMs', 'Max duration (ms)', 'number'],
  ['minTokens', 'Min tokens', 'number'], ['maxTokens', 'Max tokens', 'number'],
  ['tool', 'Tool called', 'text'], ['errorType', 'Error type', 'text'], ['stopReason', 'Stop reason', 'text'],
  ['httpStatus', 'HTTP status', 'text'],
];
const META = 'meta.';

/** The metadata filters of a state, as [key, value] pairs. */
export function metaFilters(state) {
  return Object.entries(state).filter(([name, value]) => name.startsWith(META) && value).map(([name, value]) => [name.slice(META.length), value]);
}

/** These filters of a view's state as API parameters (metadata included); empty ones left out. */
export function moreParams(state) {
  const params = {};
  for (const [name] of MORE) if (state[name]) params[name] = state[name];
  for (const [key, value] of metaFilters(state)) params[META + key] = value;
  return params;
}

/** A patch that clears them all. */
export function clearMore(state) {
  const patch = {};
  for (const [name] of MORE) patch[name] = undefined;
  for (const [key] of metaFilters(state)) patch[META + key] = undefined;
  return patch;
}

/** How many are set. */
export function countMore(state) {
  return Object.keys(moreParams(state)).length;
}

/** "key=value" as [key, value], or null when it is not that shape. */
export function parseMeta(text) {
  const at = text.indexOf('=');
  if (at <= 0) return null;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  return key && value ? [key, value] : null;
}

function Field({ name, label, kind, value, onSet }) {
  const [text, setText] = useState(value || '');
  useEffect(() => setText(value || ''), [value]);
  return html`<label>${label} <input type=${kind === 'number' ? 'number' : 'text'} name=${name} min=${kind === 'number' ? '0' : undefined}
    step=${kind === 'number' ? 'any' : undefined} size="8" value=${text} onInput=${e => setText(e.target.value)}
    onChange=${e => onSet(name, e.target.value.trim())} /></label>`;
}

/** The "More filters" group: folded unless one of them is set; {@code omit} names those the page shows itself. */
export function MoreFilters({ state, omit = [] }) {
  const [meta, setMeta] = useState('');
  const set = (name, value) => navigate({ [name]: value || undefined, pages: undefined });
  const shown = MORE.filter(([name]) => !omit.includes(name));
  const active = shown.filter(([name]) => state[name]).length + metaFilters(state).length;
  const addMeta = () => {
    const pair = parseMeta(meta);
    if (!pair) return;
    setMeta('');
    set(META + pair[0], pair[1]);
  };
  return html`<details class="more-filters" open=${active > 0}>
    <summary>More filters${active ? ' (' + active + ')' : ''}</summary>
    <div class="more-fields">
      ${shown.map(([name, label, kind]) => html`<${Field} key=${name} name=${name} label=${label} kind=${kind} value=${state[name]} onSet=${set} />`)}
      <label>Metadata <input type="text" name="meta" placeholder="key=value" size="14" value=${meta} onInput=${e => setMeta(e.target.value)}
        onKeyDown=${e => { if (e.key === 'Enter') { e.preventDefault(); addMeta(); } }} onChange=${addMeta} /></label>
      ${metaFilters(state).map(([key, value]) => html`<span class="chip" key=${key}><span class="mono">${nameText(key)}=${nameText(value)}</span>
        <button type="button" class="link" aria-label=${'Remove the filter ' + key} onClick=${() => set(META + key, undefined)}>×</button></span>`)}
    </div>
  </details>`;
}
