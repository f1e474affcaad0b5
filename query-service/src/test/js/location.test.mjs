import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

// The browser globals location.js uses, as fakes.
const events = [];
globalThis.location = { pathname: '/', search: '' };
globalThis.history = {
  pushState: (_, __, url) => { events.push(['push', url]); setUrl(url); },
  replaceState: (_, __, url) => { events.push(['replace', url]); setUrl(url); },
};
globalThis.window = { dispatchEvent: e => events.push(['event', e.type]) };
function setUrl(url) {
  const [path, search] = url.split('?');
  globalThis.location.pathname = path;
  globalThis.location.search = search ? '?' + search : '';
}

const { navigate, readLocation } = await import('../../main/resources/web/app/location.js');

beforeEach(() => {
  setUrl('/');
  events.length = 0;
});

test('state reads from the query string; assistant and model are lists', () => {
  setUrl('/?q=Refund&assistant=a&assistant=b&model=gpt-4o&c=conv-1');
  assert.deepEqual(readLocation(), { q: 'Refund', assistant: ['a', 'b'], model: ['gpt-4o'], c: 'conv-1' });
});

test('navigate adds a Back step, drops what becomes undefined, and says so', () => {
  navigate({ q: 'tide', from: '2026-11-10' });
  assert.deepEqual(events, [['push', '/?q=tide&from=2026-11-10'], ['event', 'apilogs:navigate']]);
  navigate({ q: undefined }, { replace: true });
  assert.equal(location.search, '?from=2026-11-10');
  assert.equal(events[2][0], 'replace');
  events.length = 0;
  navigate({ from: '2026-11-10' });
  assert.deepEqual(events, [], 'no step when nothing changes');
});

test('a path of several slashes never makes a protocol-relative URL', () => {
  setUrl('//evil.example/');
  navigate({ q: 'x' });
  assert.equal(events[0][1], '/evil.example/?q=x');
});
