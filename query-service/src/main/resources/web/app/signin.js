// Sign-in: with a read key pasted by the user, or with the one-time login token of the URL that ./apilogs up prints.
import { html, useEffect, useState } from 'htm/preact/standalone';
import { api, session } from './api.js';
import { nameText } from './format.js';
import { Name } from './widgets.js';

/** The ?login= token of the address, removed from the address bar at once (null when there is none). */
export function takeLoginToken() {
  const params = new URLSearchParams(location.search);
  const token = params.get('login');
  if (!token) return null;
  params.delete('login');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname.replace(/^\/+/, '/') + (rest ? '?' + rest : ''));
  return token;
}

/** Redeems a login token for this tab's session; the workspace it signs in to. */
export async function redeemLoginToken(token) {
  const result = await api('/v1/session', { method: 'POST', body: { loginToken: token }, anonymous: true });
  session.save(result.key, result.workspace);
  return result.workspace;
}

/**
 * A sign-in link opened in a tab that has a session already: it would replace that session with another one (perhaps
 * of another workspace, sent by someone else), so the user decides.
 */
export function ConfirmSwitch({ current, onSwitch, onStay }) {
  return html`<main class="signin">
    <section class="signin-card" role="alertdialog" aria-labelledby="switch-title" aria-describedby="switch-text">
      <h1 id="switch-title"><span class="logo" aria-hidden="true">◆</span> Use this sign-in link?</h1>
      <p id="switch-text">This tab is signed in to <strong class="current-workspace"><${Name} text=${current.name} /></strong>. The link you
        opened signs in with a new session, which may be of another workspace, and replaces this one.</p>
      <button type="button" class="primary stay" onClick=${onStay}>Stay in ${nameText(current.name)}</button>
      <button type="button" class="link switch" onClick=${onSwitch}>Use the link's session</button>
    </section>
  </main>`;
}

export function SignIn({ message, onSignedIn }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState(message || null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(message || null), [message]);

  const submit = async event => {
    event.preventDefault();
    const value = key.trim();
    if (!value) {
      setError('Paste a read key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const who = await api('/v1/session', { key: value });
      session.save(value, who.workspace);
      onSignedIn(who.workspace);
    } catch (e) {
      setError(e.status === 401 ? 'That key is unknown or revoked.'
        : e.status === 403 ? 'That key cannot read logs: use a read key (an ingest key only writes).' : e.message);
    } finally {
      setBusy(false);
    }
  };

  return html`<main class="signin">
    <form class="signin-card" onSubmit=${submit}>
      <h1><span class="logo" aria-hidden="true">◆</span> API Logs</h1>
      <p>Sign in with a <strong>read key</strong> of your workspace. It is kept in this browser tab only, and forgotten when
        you close it or sign out.</p>
      <p class="muted small tab-note">That is why a new tab asks again: no key is left behind in the browser. To carry a
        session to another tab, duplicate a signed-in tab (the browser copies its session), or open a new sign-in link.</p>
      <label for="key">Read key</label>
      <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" placeholder="al_read_…"
        value=${key} onInput=${e => setKey(e.target.value)} />
      ${error && html`<div class="error" role="alert">${error}</div>`}
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      <p class="muted small">Running locally? <code>./apilogs up</code> prints a link that signs you in to the demo workspace.</p>
    </form>
  </main>`;
}
