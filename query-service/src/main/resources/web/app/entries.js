// A timeline's entries: their order, running totals, and how one entry is drawn (an LLM call, a tool execution or
// an HTTP request on the conversation's time axis, with the system prompt's changes between calls).
import { Component, html, useLayoutEffect, useMemo, useState } from 'htm/preact/standalone';
import { api } from './api.js';
import { fmtInt, fmtMs, fmtTime, fmtTokens, fmtUsd } from './format.js';
import { navigate } from './location.js';
import { lineDiff, withContext } from './diff.js';
import { Failure, Loading } from './widgets.js';

export function itemKey(item) {
  return item.kind + ':' + item.id;
}

/** An item's startedAt in milliseconds, parsed once per item (a sort of 5,000 items compares ~60,000 times). */
const times = new WeakMap();
export function timeOf(item) {
  let time = times.get(item);
  if (time === undefined) {
    time = Date.parse(item.startedAt);
    times.set(item, time);
  }
  return time;
}

/** Timeline order: startedAt, ties by seq. */
export function byTime(a, b) {
  return timeOf(a) - timeOf(b) || a.seq - b.seq;
}

export function end(item) {
  return timeOf(item) + (item.durationMs || 0);
}

/** Running totals after each item, and where the system prompt changed. */
export function annotate(items) {
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

export function PromptDiff({ change, index }) {
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
  return html`<li class="prompt-change" data-index=${index}>
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

function ItemView({ entry, axis, selected, index }) {
  const { item } = entry;
  const start = timeOf(item);
  const width = axis.span > 0 ? Math.max(0.4, ((item.durationMs || 0) / axis.span) * 100) : 100;
  const left = axis.span > 0 ? ((start - axis.start) / axis.span) * 100 : 0;
  const open = () => navigate({ item: itemKey(item) });
  const key = e => { if (e.key === 'Enter') open(); };
  return html`<li class=${'item ' + item.kind + (selected ? ' selected' : '') + (item.error ? ' failed' : '')}
      tabindex="0" onClick=${open} onKeyDown=${key} data-item=${itemKey(item)} data-index=${index}
      aria-current=${selected ? 'true' : undefined}>
    <div class="item-main">
      <span class="offset mono" title=${fmtTime(item.startedAt)}>+${fmtMs(start - axis.start)}</span>
      <${Title} item=${item} />
      <span class="duration">${fmtMs(item.durationMs)}</span>
    </div>
    <div class="item-sub">
      <${Facts} item=${item} />
      ${item.error && html`<span class="flag error">${item.error.type || 'error'}${item.error.message ? ': ' + item.error.message : ''}</span>`}
      ${item.kind === 'llm_call' && entry.tokens !== null && html`<span class="running muted" title="Running totals: tokens and cost so far">Σ ${fmtTokens(entry.tokens)} · ${fmtUsd(entry.cost)}</span>`}
    </div>
    <div class="bar-track" aria-hidden="true"><div class="bar" style=${{ left: Math.min(left, 99.6) + '%', width: Math.min(width, 100 - Math.min(left, 99.6)) + '%' }}></div></div>
  </li>`;
}

/** An entry re-renders only when it, its selection or the time axis changed: a J/K step redraws two entries. */
export class Item extends Component {
  shouldComponentUpdate(next) {
    const p = this.props;
    return next.entry !== p.entry || next.selected !== p.selected || next.axis !== p.axis || next.index !== p.index;
  }

  render(props) {
    return ItemView(props);
  }
}

/** The context chart re-renders only with new entries, not with each step through them. */
export class ContextChart extends Component {
  shouldComponentUpdate(next) {
    return next.entries !== this.props.entries;
  }

  render(props) {
    return ContextBars(props);
  }
}

function ContextBars({ entries }) {
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

/**
 * A linked entry's page shown on its own until the whole timeline is loaded (the entries around {@code index} of
 * {@code near}): without running totals, since the pages ahead of it are still coming, on the time axis of the
 * conversation's span (its {@code row}).
 */
export function NearEntries({ near, index, selected, row }) {
  const entries = useMemo(() => near.map(item => ({ item, tokens: null, cost: null, promptChange: null })), [near]);
  const axis = useMemo(() => {
    const from = row && row.firstAt ? Date.parse(row.firstAt) : timeOf(near[0]);
    const to = row && row.lastAt ? Date.parse(row.lastAt) : near.reduce((m, item) => Math.max(m, end(item)), -Infinity);
    return { start: from, span: Math.max(0, to - from) };
  }, [near, row]);
  useLayoutEffect(() => {
    const element = document.querySelector('.near [data-item="' + CSS.escape(selected) + '"]');
    if (element) element.scrollIntoView({ block: 'nearest' });
  }, [near, selected]);
  return html`<p class="muted" role="status">Showing the entries around the linked one while the rest of the timeline loads.</p>
    <ol class="items near" aria-label="Entries around the linked one">
      ${entries.slice(Math.max(0, index - 15), index + 25).map(entry => html`<${Item} key=${itemKey(entry.item)} entry=${entry}
        axis=${axis} index=${-1} selected=${selected === itemKey(entry.item)} />`)}
    </ol>`;
}
