// The view's state lives in the URL (filters, sort, open conversation and entry), so a view can be shared and Back
// works. Everything is in the query string of "/", so the server only ever serves one page.
import { useEffect, useState } from 'htm/preact/standalone';

const LISTS = ['assistant', 'model', 'user', 'tag'];
const CHANGE = 'apilogs:navigate';

export function readLocation() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const [name, value] of params) {
    if (LISTS.includes(name)) (state[name] = state[name] || []).push(value);
    else state[name] = value;
  }
  return state;
}

function toSearch(state) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state)) {
    if (Array.isArray(value)) value.forEach(v => v && params.append(name, v));
    else if (value !== undefined && value !== null && value !== '') params.append(name, value);
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

/** Changes some of the state (undefined removes a value); replace for changes that need no Back step. */
export function navigate(patch, { replace = false, reset = false } = {}) {
  const next = { ...(reset ? {} : readLocation()), ...patch };
  for (const name of Object.keys(next)) if (next[name] === undefined) delete next[name];
  // A path like "//" would make the URL protocol-relative (another origin): always one leading slash.
  const path = location.pathname.replace(/^\/+/, '/');
  const url = path + toSearch(next);
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

export function useLocationState() {
  const [state, setState] = useState(readLocation());
  useEffect(() => {
    const update = () => setState(readLocation());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return state;
}
