// Prices: the table in force for the workspace (its own prices first, then the defaults), the models logged without a
// price, and a form that sets a workspace price with an admin key (used for that request only, never stored), then
// offers to reprice the stored calls.
import { html, useEffect, useState } from 'htm/preact/standalone';
import { api, query } from './api.js';
import { browserZone, fmtInt, fmtTime, isoDay } from './format.js';
import { Empty, Failure, Loading } from './widgets.js';

const FIELDS = [
  ['inputPerMTok', 'Input'], ['outputPerMTok', 'Output'], ['cacheReadPerMTok', 'Cache read'],
  ['cacheWritePerMTok', 'Cache write (5 min)'], ['cacheWrite1hPerMTok', 'Cache write (1 h)'],
];

function perMTok(value) {
  return value == null || value === '' ? '—' : '$' + Number(value).toString();
}

/** The problem+json of a refused request, field by field. */
function Problem({ error }) {
  const fields = (error.problem && error.problem.errors) || [];
  return html`<div class="error" role="alert">${fields.length === 0 ? error.message
    : html`The server refused this price:<ul>${fields.map(f => html`<li><code>${f.field}</code> ${f.message}</li>`)}</ul>`}</div>`;
}

function PriceForm({ model, onSaved }) {
  const empty = { model: model || '', effectiveFrom: '', minInputTokens: '', inputPerMTok: '', outputPerMTok: '',
    cacheReadPerMTok: '', cacheWritePerMTok: '', cacheWrite1hPerMTok: '', adminKey: '' };
  const [form, setForm] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [repriced, setRepriced] = useState(null);
  useEffect(() => { if (model) setForm(f => ({ ...f, model })); }, [model]);
  const field = name => e => setForm({ ...form, [name]: e.target.value });

  const save = async event => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    setRepriced(null);
    const body = {};
    if (form.effectiveFrom) body.effectiveFrom = form.effectiveFrom + 'T00:00:00Z';
    if (form.minInputTokens !== '') body.minInputTokens = Number(form.minInputTokens);
    for (const [name] of FIELDS) if (form[name] !== '') body[name] = form[name];
    try {
      const price = await api('/v1/admin/prices/' + encodeURIComponent(form.model.trim()),
        { method: 'PUT', body, key: form.adminKey.trim() || 'none' });
      setSaved(price);
      onSaved();
    } catch (e) {
      setError(e.status === 401 || e.status === 403 ? Object.assign(e, { message: 'That admin key was refused: use an admin key of this workspace (./apilogs up prints one).' }) : e);
    } finally {
      setBusy(false);
    }
  };

  const reprice = async () => {
    const from = saved.effectiveFrom.slice(0, 10);
    try {
      const result = await api('/v1/admin/reprice' + query({ from, to: isoDay(new Date()), tz: browserZone() }),
        { method: 'POST', key: form.adminKey.trim() });
      setRepriced(result.repriced);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };

  return html`<form class="price-form" onSubmit=${save} aria-labelledby="price-form-title">
    <h2 id="price-form-title">Set a workspace price</h2>
    <p class="muted small">A workspace price beats the default table for calls that start on or after its date. Prices are
      in USD per million tokens; a missing cache price falls back to the input price.</p>
    <div class="form-grid">
      <label>Model <input name="model" required value=${form.model} onInput=${field('model')} /></label>
      <label>Effective from <input type="date" name="effectiveFrom" value=${form.effectiveFrom} onInput=${field('effectiveFrom')} /></label>
      <label>From input tokens <input type="number" min="0" name="minInputTokens" placeholder="0" value=${form.minInputTokens}
        onInput=${field('minInputTokens')} /></label>
      ${FIELDS.map(([name, label]) => html`<label>${label} <input type="number" min="0" step="any" name=${name}
        required=${name === 'inputPerMTok' || name === 'outputPerMTok'} value=${form[name]} onInput=${field(name)} /></label>`)}
      <label>Admin key <input type="password" name="adminKey" autocomplete="off" required placeholder="al_admin_…"
        value=${form.adminKey} onInput=${field('adminKey')} /></label>
    </div>
    <button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Save price'}</button>
    ${error && html`<${Problem} error=${error} />`}
    ${saved && html`<div class="saved" role="status">Saved: ${saved.model} from ${fmtTime(saved.effectiveFrom)}. Stored costs
      change only when repriced. <button type="button" onClick=${reprice}>Reprice calls since ${saved.effectiveFrom.slice(0, 10)}</button>
      ${repriced != null && html` <span class="repriced">${fmtInt(repriced)} calls repriced.</span>`}</div>`}
  </form>`;
}

export function Prices() {
  const [table, setTable] = useState(null);
  const [unpriced, setUnpriced] = useState(null);
  const [error, setError] = useState(null);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    setError(null);
    Promise.all([api('/v1/pricing'), api('/v1/analytics/usage' + query({ groupBy: 'model', tz: browserZone() }))])
      .then(([prices, usage]) => {
        setTable(prices.items);
        setUnpriced(usage.items.filter(i => i.unpricedCallCount > 0).sort((a, b) => b.unpricedCallCount - a.unpricedCallCount));
      }).catch(setError);
  }, [version]);

  const shown = (table || []).filter(p => !filter || p.model.includes(filter) || (p.aliases || []).some(a => a.includes(filter)));
  return html`<section class="prices" aria-label="Prices">
    <header class="view-header"><h1>Prices</h1><span class="muted">What each call's cost is computed with</span></header>
    ${error && html`<${Failure} error=${error} retry=${() => setVersion(version + 1)} />`}
    ${!error && (!table || !unpriced) && html`<${Loading} what="Loading prices" />`}
    ${table && unpriced && html`
      <h2>Models without a price</h2>
      ${unpriced.length === 0 ? html`<p class="muted">Every logged call has a price.</p>` : html`<table class="log unpriced">
        <thead><tr><th>Model</th><th>Unpriced calls</th><th><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody>${unpriced.map(u => html`<tr><td data-label="Model"><code>${u.key || '(no model)'}</code></td>
          <td data-label="Unpriced calls" class="num">${fmtInt(u.unpricedCallCount)}</td>
          <td>${u.key && html`<button type="button" onClick=${() => setChosen(u.key)}>Set a price</button>`}</td></tr>`)}</tbody></table>`}
      <${PriceForm} model=${chosen} onSaved=${() => setVersion(version + 1)} />
      <h2>Prices in force</h2>
      <label class="price-filter">Model <input type="search" name="priceFilter" placeholder="Filter models" value=${filter}
        onInput=${e => setFilter(e.target.value)} /></label>
      ${shown.length === 0 ? html`<${Empty}>No price matches.<//>` : html`<table class="log price-table">
        <thead><tr><th>Model</th><th>Source</th><th>From</th><th>From input tokens</th>
          ${FIELDS.map(([, label]) => html`<th>${label}</th>`)}</tr></thead>
        <tbody>${shown.map(p => html`<tr class=${'source-' + p.source}>
          <td data-label="Model"><code>${p.model}</code>${(p.aliases || []).length > 0 && html`<div class="muted small">also ${p.aliases.join(', ')}</div>`}</td>
          <td data-label="Source">${p.source}</td><td data-label="From" class="day">${p.effectiveFrom.slice(0, 10)}</td>
          <td data-label="From input tokens" class="num">${fmtInt(p.minInputTokens || 0)}</td>
          ${FIELDS.map(([name, label]) => html`<td data-label=${label} class="num">${perMTok(p[name])}</td>`)}</tr>`)}
        </tbody></table>`}`}
  </section>`;
}
