// "Export" on a list (issue 25): the list's filters as CSV or JSON Lines, from /v1/export/<list>.
import { html, useState } from 'htm/preact/standalone';
import { download, query } from './api.js';

export function ExportButtons({ list, params }) {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const run = format => {
    setBusy(format);
    setError(null);
    const { sort, order, ...filters } = params;
    download('/v1/export/' + list + query({ ...filters, format })).catch(e => setError(e.message)).finally(() => setBusy(null));
  };
  return html`<span class="exports" role="group" aria-label="Export">
    <button type="button" class="link" disabled=${busy !== null} onClick=${() => run('csv')}>${busy === 'csv' ? 'Exporting…' : 'Export CSV'}</button>
    <button type="button" class="link" disabled=${busy !== null} onClick=${() => run('jsonl')}>${busy === 'jsonl' ? 'Exporting…' : 'Export JSONL'}</button>
    ${error && html`<span class="error-text" role="alert">${error}</span>`}
  </span>`;
}
