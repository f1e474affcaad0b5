// The API Logs web UI: sign-in, the activity log, a conversation's live timeline with entry details, analytics and prices.
// Built on the same public REST and SSE API that dashboards use.
import { html, render, useEffect, useRef, useState } from 'htm/preact/standalone';
import './style.css';
import { api, session, whenSignedOut } from './api.js';
import { ActivityLog } from './activity.js';
import { Analytics } from './analytics.js';
import { Prices } from './prices.js';
import { Calls } from './calls.js';
import { nextError } from './errors.js';
import { Detail } from './detail.js';
import { navigate, readLocation, useLocationState } from './location.js';
import { ConfirmSwitch, SignIn, redeemLoginToken, takeLoginToken } from './signin.js';
import { Timeline, itemKey } from './timeline.js';
import { Loading, Name } from './widgets.js';

const LIVE_LABELS = {
  live: 'Live', connecting: 'Connecting…', down: 'Disconnected, reconnecting…', paused: 'Paused', idle: 'No live view here',
};

/** Keys typed into a field are the field's; checkboxes and buttons leave them to the page. */
function typing(target) {
  if (!target) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

function Sidebar({ workspace, view, live, onSignOut }) {
  // Each view starts from its own defaults: a date range chosen in one never filters the other unseen.
  const go = (target, event) => {
    event.preventDefault();
    navigate(target === 'logs' ? {} : { view: target }, { reset: true });
  };
  return html`<nav class="sidebar" aria-label="Main">
    <div class="brand"><span class="logo" aria-hidden="true">◆</span> API Logs</div>
    <a href="/" class=${view === 'logs' ? 'active' : ''} aria-current=${view === 'logs' ? 'page' : undefined}
      onClick=${e => go('logs', e)}>API Logs</a>
    <a href="/?view=calls" class=${view === 'calls' ? 'active' : ''} aria-current=${view === 'calls' ? 'page' : undefined}
      onClick=${e => go('calls', e)}>Calls</a>
    <a href="/?view=analytics" class=${view === 'analytics' ? 'active' : ''} aria-current=${view === 'analytics' ? 'page' : undefined}
      onClick=${e => go('analytics', e)}>Analytics</a>
    <a href="/?view=prices" class=${view === 'prices' ? 'active' : ''} aria-current=${view === 'prices' ? 'page' : undefined}
      onClick=${e => go('prices', e)}>Prices</a>
    <div class="sidebar-foot">
      <div class=${'live live-' + (live || 'connecting')} role="status" aria-live="polite" data-live=${live || 'connecting'}>
        <span class="dot" aria-hidden="true"></span>${LIVE_LABELS[live] || 'Connecting…'}</div>
      <div class="workspace" title=${workspace.id}><${Name} text=${workspace.name} /></div>
      <button type="button" class="link" onClick=${onSignOut}>Sign out</button>
    </div>
  </nav>`;
}

function Workbench({ workspace, onSignOut }) {
  const state = useLocationState();
  const [live, setLive] = useState('connecting');
  const items = useRef([]);
  // Where each entry is in the list, for J/K and the panel's position without a scan of 5,000 keys per step.
  const positions = useRef(new Map());
  const view = ['analytics', 'prices', 'calls'].includes(state.view) ? state.view : 'logs';
  const selected = state.item || null;

  /** Opens the entry {@code step} places after (or before) the open one; the first or last when none is open. */
  const stepEntry = step => {
    const list = items.current;
    if (!list.length) return;
    const current = readLocation().item;
    // An open entry whose place is not known yet (a link's entry shown before the pages ahead of it) stays open.
    if (current && !positions.current.has(current)) return;
    const index = current ? positions.current.get(current) : -1;
    const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, index + step));
    navigate({ item: itemKey(list[next]) }, { replace: true });
  };

  // Focus follows what closes: an entry's panel gives it back to the entry in the list, a conversation to its row,
  // and an opened conversation takes it on its title.
  const previous = useRef({ c: state.c, item: selected });
  useEffect(() => {
    const before = previous.current;
    previous.current = { c: state.c, item: selected };
    requestAnimationFrame(() => {
      if (before.item && !selected && state.c) {
        const entry = document.querySelector('li.item[data-item="' + CSS.escape(before.item) + '"]');
        if (entry) entry.focus({ preventScroll: true });
      } else if (before.c && !state.c) {
        const row = document.querySelector('tr.row[data-conversation="' + CSS.escape(before.c) + '"]');
        if (row) row.focus();
      } else if (state.c && state.c !== before.c) {
        const title = document.querySelector('.timeline h1');
        if (title) title.focus({ preventScroll: true });
      }
    });
  }, [state.c, selected]);

  useEffect(() => {
    // The handler reads the URL, which navigate() changes at once: a handler closed over one render's state would
    // still be listening when a fast second key press arrives (effects run after paint) and step from the entry before.
    const onKey = event => {
      const state = readLocation();
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (event.key === 'Escape' && state.item) {
        navigate({ item: undefined }, { replace: true });
        return;
      }
      if (!state.c) return;
      if ((event.key === 'e' || event.key === 'E') && items.current.length) {
        event.preventDefault();
        if (state.item && !positions.current.has(state.item)) return;
        const current = state.item ? positions.current.get(state.item) : -1;
        const found = nextError(items.current, current, event.shiftKey ? -1 : 1);
        if (found >= 0) navigate({ item: itemKey(items.current[found]) }, { replace: true });
        return;
      }
      // Arrows step only while an entry is open; otherwise they scroll as usual.
      const arrows = Boolean(state.item);
      const step = event.key === 'j' || event.key === 'J' || (arrows && event.key === 'ArrowDown') ? 1
        : event.key === 'k' || event.key === 'K' || (arrows && event.key === 'ArrowUp') ? -1 : 0;
      if (!step || !items.current.length) return;
      event.preventDefault();
      stepEntry(step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  let detail = null;
  if (view === 'logs' && state.c && selected) {
    const split = selected.indexOf(':');
    const index = positions.current.has(selected) ? positions.current.get(selected) : -1;
    detail = html`<${Detail} kind=${selected.slice(0, split)} id=${selected.slice(split + 1)}
      position=${index >= 0 ? 'Entry ' + (index + 1) + ' of ' + items.current.length : ''}
      onClose=${() => navigate({ item: undefined }, { replace: true })} onStep=${stepEntry} />`;
  }
  return html`<div class=${'app' + (detail ? ' with-detail' : '')}>
    <${Sidebar} workspace=${workspace} view=${view} live=${view !== 'logs' && view !== 'calls' ? 'idle' : live} onSignOut=${onSignOut} />
    <main class="main">
      ${view === 'analytics' ? html`<${Analytics} state=${state} />`
        : view === 'prices' ? html`<${Prices} />`
        : view === 'calls' ? html`<${Calls} state=${state} setLive=${setLive} />`
        : state.c ? html`<${Timeline} id=${state.c} selected=${selected} setLive=${setLive} hl=${state.hl}
            onItems=${list => {
              items.current = list;
              positions.current = new Map(list.map((item, i) => [itemKey(item), i]));
            }} />`
        : html`<${ActivityLog} state=${state} setLive=${setLive} />`}
    </main>
    ${detail}
  </div>`;
}

const LINK_FAILED = 'This sign-in link is invalid, expired or already used. Sign in with a read key, or run ./apilogs ui for a new link.';

function App() {
  const [workspace, setWorkspace] = useState(undefined);
  const [message, setMessage] = useState(null);
  // A sign-in link opened while this tab has a session: asked about before it replaces that session.
  const [pendingLink, setPendingLink] = useState(null);

  const redeem = async token => {
    setPendingLink(null);
    try {
      setWorkspace(await redeemLoginToken(token));
    } catch (e) {
      setMessage(LINK_FAILED);
      setWorkspace(null);
    }
  };

  useEffect(() => {
    whenSignedOut(reason => {
      setMessage(reason);
      setWorkspace(null);
    });
    (async () => {
      const token = takeLoginToken();
      if (token && !session.key()) return redeem(token);
      if (!session.key()) return setWorkspace(null);
      try {
        const who = await api('/v1/session');
        if (token) setPendingLink(token);
        setWorkspace(who.workspace);
      } catch (e) {
        if (token && e.status === 401) return redeem(token); // no session left to replace
        if (e.status !== 401) setMessage(e.message);
        setWorkspace(null);
      }
    })();
  }, []);

  const signOut = async () => {
    try {
      await api('/v1/session', { method: 'DELETE' });
    } catch (e) {
      // Signed out locally all the same.
    }
    session.clear();
    setMessage('Signed out.');
    setWorkspace(null);
  };

  if (workspace === undefined) return html`<${Loading} what="Signing in" />`;
  if (workspace && pendingLink) {
    return html`<${ConfirmSwitch} current=${workspace} onSwitch=${() => { setWorkspace(undefined); redeem(pendingLink); }}
      onStay=${() => setPendingLink(null)} />`;
  }
  if (workspace === null) return html`<${SignIn} message=${message} onSignedIn=${ws => { setMessage(null); setWorkspace(ws); }} />`;
  return html`<${Workbench} workspace=${workspace} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('root'));
