// The full detail of one timeline entry: an LLM call (prompt, messages, response, thinking, tools, HTTP requests,
// error, rate limits), a tool execution or an HTTP request. Text can be shown Pretty, as Markdown or Raw.
import { Component, html, useEffect, useRef, useState } from 'htm/preact/standalone';
import { api } from './api.js';
import { navigate } from './location.js';
import { fmtInt, fmtMs, fmtTime, fmtUsd, nameText } from './format.js';
import { CopyButton, Failure, Gauge, Loading, ModeSwitch, Section, TextView } from './widgets.js';

const PATHS = { llm_call: '/v1/calls/', tool_execution: '/v1/tool-executions/', http_request: '/v1/http-requests/' };

function download(name, value) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Id({ label, value }) {
  if (!value) return null;
  return html`<div class="id"><span class="muted">${label}</span> <code>${value}</code> <${CopyButton} value=${value} /></div>`;
}

function Part({ part, mode }) {
  if (typeof part === 'string') return html`<${TextView} value=${part} mode=${mode} />`;
  if (!part || typeof part !== 'object') return html`<${TextView} value=${JSON.stringify(part)} mode=${mode} />`;
  switch (part.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return html`<${TextView} value=${part.text} mode=${mode} />`;
    case 'thinking':
      return html`<details class="thinking"><summary>Thinking</summary><${TextView} value=${part.thinking} mode=${mode} /></details>`;
    case 'tool_use':
      return html`<div class="part tool-use"><div class="part-head">Tool call <strong>${part.name}</strong> <code>${part.id}</code></div>
        <${TextView} value=${part.input} mode=${mode} /></div>`;
    case 'tool_result':
      return html`<div class="part tool-result"><div class="part-head">Tool result <code>${part.tool_use_id}</code>${part.is_error ? html` <span class="flag error">error</span>` : ''}</div>
        ${Array.isArray(part.content) ? part.content.map(p => html`<${Part} part=${p} mode=${mode} />`)
          : html`<${TextView} value=${part.content} mode=${mode} />`}</div>`;
    default:
      return html`<div class="part"><div class="part-head">${part.type || 'part'}</div><${TextView} value=${part} mode=${mode} /></div>`;
  }
}

function Message({ message, mode }) {
  const { role, content, ...rest } = message || {};
  const extra = Object.keys(rest).length > 0 ? rest : null;
  return html`<div class=${'message role-' + role}>
    <div class="role">${role || '?'}</div>
    <div class="message-body">
      ${Array.isArray(content) ? content.map(part => html`<${Part} part=${part} mode=${mode} />`) : html`<${TextView} value=${content} mode=${mode} />`}
      ${extra && html`<div class="part"><div class="part-head">${Object.keys(extra).join(', ')}</div><${TextView} value=${extra} mode=${mode} /></div>`}
    </div>
  </div>`;
}

function Headers({ headers }) {
  if (!headers || Object.keys(headers).length === 0) return html`<div class="muted">(none)</div>`;
  return html`<table class="headers">${Object.entries(headers).map(([name, value]) => html`<tr>
    <th>${name}</th><td>${typeof value === 'string' ? value : JSON.stringify(value)}</td></tr>`)}</table>`;
}

function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error-box" role="alert"><strong>${error.type || 'Error'}</strong>
    ${error.httpStatus && html` (HTTP ${error.httpStatus})`}${error.message && html`: ${error.message}`}</div>`;
}

// A call too large to carry its linked items' contents lists them with contentOmitted; each loads on request.
function useOmitted(item, path) {
  const [full, setFull] = useState(null);
  const [failed, setFailed] = useState(null);
  const load = () => api(path + encodeURIComponent(item.id)).then(setFull).catch(setFailed);
  const note = item.contentOmitted && !full && html`<div class="omitted muted">Too large to show with the call.
    <button type="button" onClick=${load}>Show its contents</button>${failed && html` <${Failure} error=${failed} />`}</div>`;
  return [full || item, note];
}

function HttpRequest({ request: listed, mode }) {
  const [request, omitted] = useOmitted(listed, PATHS.http_request);
  if (omitted) {
    return html`<div class="http-request" data-http=${request.id}>
      <div class="part-head mono">${request.method} ${request.url} → ${request.statusCode ?? '—'}</div>${omitted}</div>`;
  }
  return html`<div class="http-request" data-http=${request.id}>
    <div class="part-head mono">${request.method} ${request.url} → <span class=${request.statusCode >= 400 ? 'bad' : ''}>${request.statusCode ?? '—'}</span>
      <span class="muted"> ${fmtMs(request.durationMs)}${request.plugin ? ' · ' + request.plugin : ''}</span></div>
    <${ErrorBox} error=${request.error} />
    <div class="grid2">
      <div><h3>Request headers</h3><${Headers} headers=${request.requestHeaders} /></div>
      <div><h3>Response headers</h3><${Headers} headers=${request.responseHeaders} /></div>
    </div>
    <h3>Request body <span class="muted small">${request.requestBodyBytes != null ? fmtInt(request.requestBodyBytes) + ' bytes' : ''}</span></h3>
    <${TextView} value=${request.requestBody} mode=${mode} />
    <h3>Response body <span class="muted small">${request.responseBodyBytes != null ? fmtInt(request.responseBodyBytes) + ' bytes' : ''}</span></h3>
    <${TextView} value=${request.responseBody} mode=${mode} />
  </div>`;
}

function ToolExecution({ tool: listed, mode, requests }) {
  const [tool, omitted] = useOmitted(listed, PATHS.tool_execution);
  return html`<div class="tool-execution" data-tool=${tool.id}>
    <div class="part-head"><strong>${tool.toolName || 'tool'}</strong> <code>${tool.toolCallId}</code>
      <span class="muted"> ${fmtMs(tool.durationMs)}</span></div>
    <${ErrorBox} error=${tool.error} />
    ${omitted || html`<h3>Input</h3><${TextView} value=${tool.input} mode=${mode} />
    <h3>Result</h3><${TextView} value=${tool.result} mode=${mode} />`}
    ${requests && requests.length > 0 && html`<h3>HTTP requests made by this tool</h3>
      ${requests.map(r => html`<${HttpRequest} request=${r} mode=${mode} />`)}`}
  </div>`;
}

function RateLimits({ rateLimit }) {
  if (!rateLimit || !rateLimit.headers || Object.keys(rateLimit.headers).length === 0) {
    return html`<div class="muted">No rate-limit headers were logged with this call.</div>`;
  }
  return html`<div class="rate-limits">
    <div class="gauges">
      <${Gauge} name="Requests" bucket=${rateLimit.requests} />
      <${Gauge} name="Tokens" bucket=${rateLimit.tokens} />
      <${Gauge} name="Input tokens" bucket=${rateLimit.inputTokens} />
      <${Gauge} name="Output tokens" bucket=${rateLimit.outputTokens} />
    </div>
    ${rateLimit.retryAfterSeconds != null && html`<div>Retry after ${rateLimit.retryAfterSeconds} s</div>`}
    <details><summary>Raw headers</summary><${Headers} headers=${rateLimit.headers} /></details>
  </div>`;
}

function CallDetail({ call, mode }) {
  const [prompt, setPrompt] = useState(null);
  const sha = call.systemPrompt && call.systemPrompt.sha256;
  useEffect(() => {
    setPrompt(null);
    if (sha) api('/v1/prompts/' + sha).then(setPrompt).catch(() => setPrompt(null));
  }, [sha]);
  const u = call.usage || {};
  const c = call.cost || {};
  const byTool = {};
  (call.httpRequests || []).forEach(r => { (byTool[r.toolCallId || ''] = byTool[r.toolCallId || ''] || []).push(r); });
  const linked = new Set((call.toolExecutions || []).map(t => t.toolCallId));
  const unlinked = (call.httpRequests || []).filter(r => !linked.has(r.toolCallId));
  const response = call.response || {};
  const labels = call.labels || {};
  return html`
    <dl class="facts-grid">
      <div><dt>Model</dt><dd>${call.model} <span class="muted">${call.provider || ''}</span></dd></div>
      <div><dt>Started</dt><dd>${fmtTime(call.startedAt)}</dd></div>
      <div><dt>Duration</dt><dd>${fmtMs(call.durationMs)}</dd></div>
      <div><dt>Stop reason</dt><dd>${call.stopReason || '—'}</dd></div>
      <div><dt>Tokens</dt><dd>${[['in', u.inputTokens, true], ['out', u.outputTokens, true], ['cache read', u.cacheReadTokens],
        ['cache write', u.cacheWriteTokens], ['reasoning', u.reasoningTokens]].filter(([, n, always]) => always || n != null)
        .map(([label, n]) => label + ' ' + fmtInt(n)).join(' · ')}</dd></div>
      <div><dt>Cost</dt><dd>${fmtUsd(call.costUsd)} <span class="muted">(${[['input', c.input, true],
        ['cache read', c.cacheRead, u.cacheReadTokens != null], ['cache write', c.cacheWrite, u.cacheWriteTokens != null],
        ['output', c.output, true]].filter(([, cost, shown]) => shown || Number(cost) > 0).map(([label, cost]) => label + ' ' + fmtUsd(cost))
        .join(' · ')} · ${c.priceSource || 'no price'})</span></dd></div>
      ${labels.user && html`<div><dt>End user</dt><dd>${nameText(labels.user.name || labels.user.id)}
        ${labels.user.name && html` <span class="muted mono">${labels.user.id}</span>`}</dd></div>`}
      ${(labels.tags || []).length > 0 && html`<div><dt>Tags</dt><dd>${labels.tags.map(t => html`<span class="chip tag">${nameText(t)}</span>`)}</dd></div>`}
      ${labels.metadata && Object.entries(labels.metadata).map(([key, value]) => html`<div><dt>${nameText(key)}</dt>
        <dd class="mono">${nameText(String(value))}</dd></div>`)}
    </dl>
    <${Id} label="Call" value=${call.callId} /><${Id} label="Event" value=${call.eventId} />
    <${ErrorBox} error=${call.error} />
    <${Section} title="System prompt" open=${false} extra=${sha && html`<span class="muted small mono">sha256 ${sha.slice(0, 12)}…
        ${prompt ? ' · shared by ' + fmtInt(prompt.callCount) + ' call' + (prompt.callCount === 1 ? '' : 's') : ''}</span>`}>
      ${sha && html`<${Id} label="SHA-256" value=${sha} />`}
      <${TextView} value=${call.systemPrompt && call.systemPrompt.text} mode=${mode} />
    <//>
    <${Section} title=${'Request messages (' + (call.messages || []).length + ')'}>
      ${(call.messages || []).map(m => html`<${Message} message=${m} mode=${mode} />`)}
    <//>
    <${Section} title="Response">
      ${response.thinking && html`<details class="thinking"><summary>Thinking</summary><${TextView} value=${response.thinking} mode=${mode} /></details>`}
      <${TextView} value=${response.text} mode=${mode} />
      ${(response.toolCalls || []).length > 0 && html`<h3>Tool calls</h3>${response.toolCalls.map(t => html`<div class="part tool-use">
        <div class="part-head">Tool call <strong>${t.name}</strong> <code>${t.id}</code></div><${TextView} value=${t.input} mode=${mode} /></div>`)}`}
    <//>
    ${((call.toolExecutions || []).length > 0 || unlinked.length > 0) && html`<${Section} title="Tool executions">
      ${(call.toolExecutions || []).map(t => html`<${ToolExecution} tool=${t} mode=${mode} requests=${byTool[t.toolCallId]} />`)}
      ${unlinked.length > 0 && html`<h3>Other HTTP requests</h3>${unlinked.map(r => html`<${HttpRequest} request=${r} mode=${mode} />`)}`}
    <//>`}
    <${Section} title="Rate limits"><${RateLimits} rateLimit=${call.rateLimit} /><//>`;
}

/** The LLM call that asked for a tool: opens it in this panel. */
function CallLink({ callId }) {
  if (!callId) return null;
  const open = event => {
    event.preventDefault();
    navigate({ item: 'llm_call:' + callId }, { replace: true });
  };
  return html`<div class="id"><span class="muted">Call</span> <a class="call-link" href=${'?item=' + encodeURIComponent('llm_call:' + callId)}
    onClick=${open}><code>${callId}</code></a> <${CopyButton} value=${callId} /></div>`;
}

/**
 * The loaded entry's body. It re-renders only when what it shows changes: a J/K step re-renders the panel's header at
 * once, and this body (which may be a long call) only when the next entry has loaded.
 */
class Body extends Component {
  shouldComponentUpdate(next) {
    const p = this.props;
    return next.loaded !== p.loaded || next.error !== p.error || next.mode !== p.mode || next.toolRequests !== p.toolRequests;
  }

  render({ loaded, error, mode, toolRequests }) {
    if (error) return html`<${Failure} error=${error} />`;
    if (!loaded) return html`<${Loading} what="Loading detail" />`;
    const { kind, value } = loaded;
    return kind === 'llm_call' ? html`<${CallDetail} call=${value} mode=${mode} />`
      : kind === 'tool_execution' ? html`<${Id} label="Event" value=${value.id} /><${CallLink} callId=${value.callId} />
          <${ToolExecution} tool=${value} mode=${mode} requests=${toolRequests} />`
      : html`<${Id} label="Event" value=${value.id} /><${HttpRequest} request=${value} mode=${mode} />`;
  }
}

export function Detail({ kind, id, onClose, onStep, position }) {
  // What is shown: the entry loaded last, with the kind and id it was loaded for.
  const [loaded, setLoaded] = useState(null);
  const [toolRequests, setToolRequests] = useState(null);
  const heading = useRef(null);
  // An entry opened takes the focus, so keyboard and screen-reader users land in it (Esc gives it back to the list).
  useEffect(() => {
    if (heading.current) heading.current.focus({ preventScroll: true });
  }, [kind, id]);
  const [error, setError] = useState(null);
  const [mode, setMode] = useState('pretty');
  useEffect(() => {
    setLoaded(null);
    setError(null);
    const path = PATHS[kind];
    if (!path) {
      setError(new Error('Unknown entry ' + kind));
      return undefined;
    }
    const controller = new AbortController();
    setToolRequests(null);
    api(path + encodeURIComponent(id), { signal: controller.signal }).then(found => {
      setLoaded({ kind, id, value: found });
      // A tool's own HTTP requests are listed with the call that asked for it.
      if (kind === 'tool_execution' && found.callId) {
        api('/v1/calls/' + encodeURIComponent(found.callId), { signal: controller.signal })
          .then(call => setToolRequests((call.httpRequests || []).filter(r => r.toolCallId === found.toolCallId)))
          .catch(() => {});
      }
    }).catch(e => {
      if (e.name !== 'AbortError') setError(e);
    });
    return () => controller.abort();
  }, [kind, id]);
  const value = loaded && loaded.kind === kind && loaded.id === id ? loaded.value : null;
  const title = kind === 'llm_call' ? 'LLM call' : kind === 'tool_execution' ? 'Tool execution' : 'HTTP request';
  return html`<aside class="detail" aria-label="Log entry detail">
    <header class="detail-header">
      <h2 tabindex="-1" ref=${heading}>${title}</h2>
      <span class="muted small">${position || ''} · J/K or ↓/↑ to step, E next error, Esc to close</span>
      <span class="stepper" role="group" aria-label="Step through entries">
        <button type="button" onClick=${() => onStep(-1)} title="Previous entry (K)">‹ Previous</button>
        <button type="button" onClick=${() => onStep(1)} title="Next entry (J)">Next ›</button>
      </span>
      <${ModeSwitch} mode=${mode} setMode=${setMode} />
      ${value && html`<button type="button" onClick=${() => download(kind + '-' + id + '.json', value)}>Download JSON</button>`}
      <button type="button" class="close" onClick=${onClose} aria-label="Close detail">✕</button>
    </header>
    <div class="detail-body">
      <${Body} loaded=${loaded} error=${error} mode=${mode} toolRequests=${toolRequests} />
    </div>
  </aside>`;
}
