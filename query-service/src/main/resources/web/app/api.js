// The REST and SSE API as the UI uses it: the session key lives in sessionStorage only, and streams open with
// short-lived stream tokens (EventSource cannot send an Authorization header).
const KEY = 'apilogs.key';
const WORKSPACE = 'apilogs.workspace';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  workspace: () => {
    try { return JSON.parse(sessionStorage.getItem(WORKSPACE) || 'null'); } catch (e) { return null; }
  },
  save(key, workspace) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(WORKSPACE, JSON.stringify(workspace));
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(WORKSPACE);
  },
};

/** An API error: the problem+json body's detail, with its status. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

let onSignedOut = () => {};
export function whenSignedOut(handler) { onSignedOut = handler; }

export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const key = options.anonymous ? null : options.key || session.key();
  if (key) headers.Authorization = 'Bearer ' + key;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET', headers, signal: options.signal,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: 'The server cannot be reached (' + e.message + ')' });
  }
  if (response.status === 204) return null;
  let body = null;
  const text = await response.text();
  if (text) {
    try { body = JSON.parse(text); } catch (e) { body = { detail: text.slice(0, 200) }; }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.key && !options.anonymous && session.key()) {
      session.clear();
      onSignedOut('Your sign-in has expired or was revoked. Sign in again.');
    }
    throw new ApiError(response.status, body);
  }
  return body;
}

/** Builds a query string from an object; arrays repeat the parameter, empty values are left out. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach(v => v && search.append(name, v));
    else if (value !== undefined && value !== null && value !== '') search.append(name, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/**
 * A live stream that survives drops: each (re)connection mints a fresh stream token, and a timeline stream resumes
 * after the last seq it saw, so nothing is missed or repeated. handlers: {event: name, onEvent(data, id),
 * onState('connecting'|'live'|'down')}. Returns a function that closes it.
 */
export function openStream(path, params, handlers) {
  let source = null;
  let closed = false;
  let retryDelay = 1000;
  let timer = null;
  let lastId = params.after;

  async function connect() {
    if (closed) return;
    handlers.onState && handlers.onState('connecting');
    let token;
    try {
      token = (await api('/v1/stream-tokens', { method: 'POST' })).token;
    } catch (e) {
      return retry();
    }
    if (closed) return;
    const all = { ...params, after: lastId, streamToken: token };
    source = new EventSource(path + query(all));
    source.onopen = () => {
      retryDelay = 1000;
      handlers.onState && handlers.onState('live');
    };
    source.addEventListener(handlers.event, message => {
      if (message.lastEventId) lastId = message.lastEventId;
      let data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      handlers.onEvent(data, message.lastEventId);
    });
    source.onerror = () => {
      // The browser would retry with the same (soon expired) token; reconnect with a fresh one instead.
      source.close();
      source = null;
      retry();
    };
  }

  function retry() {
    if (closed) return;
    handlers.onState && handlers.onState('down');
    timer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    if (source) source.close();
  };
}

/**
 * Downloads an export (issue 25) with the session's key: fetched, then saved from a blob (a link cannot carry the
 * Authorization header). Throws an ApiError as api() does.
 */
export async function download(path) {
  const key = session.key();
  let response;
  try {
    response = await fetch(path, { headers: key ? { Authorization: 'Bearer ' + key } : {} });
  } catch (e) {
    throw new ApiError(0, { detail: 'The server cannot be reached (' + e.message + ')' });
  }
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    throw new ApiError(response.status, body);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || 'export';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}
