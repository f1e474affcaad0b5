import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.sessionStorage = { getItem: () => null, setItem() {}, removeItem() {} };
const { callParams, metadataColumns, metadataKeys } = await import('../../main/resources/web/app/calls.js');

test('metadata columns come from ?cols= in order, empty names dropped', () => {
  assert.deepEqual(metadataColumns({ cols: 'plan,,region' }), ['plan', 'region']);
  assert.deepEqual(metadataColumns({}), []);
});

test('the column chooser offers the loaded rows\' metadata keys not yet shown, sorted', () => {
  const rows = [
    { labels: { metadata: { plan: 'pro', seats: 3 } } },
    { labels: null },
    { labels: { user: { id: 'u' }, tags: [] } },
    { labels: { metadata: { region: 'eu', plan: 'team' } } },
  ];
  assert.deepEqual(metadataKeys(rows, ['plan']), ['region', 'seats']);
  assert.deepEqual(metadataKeys([], []), []);
});

test('the list and its export take the URL\'s filters, lists as arrays', () => {
  const params = callParams({ from: '2026-11-01', model: ['gpt-4o'], status: 'error', sort: 'cost', cols: 'plan' });
  assert.equal(params.from, '2026-11-01');
  assert.deepEqual(params.model, ['gpt-4o']);
  assert.deepEqual(params.assistant, []);
  assert.equal(params.status, 'error');
  assert.equal(params.sort, 'cost');
  assert.equal(params.cols, undefined, 'columns are the view\'s, not a filter');
});

test('live calls go on top of a newest-first list once, and wait in any other order', async () => {
  const { placeLive } = await import('../../main/resources/web/app/calls.js');
  const rows = [{ callId: 'c2' }, { callId: 'c1' }];
  assert.deepEqual(placeLive(rows, [{ callId: 'c3' }, { callId: 'c4' }], true).rows.map(r => r.callId), ['c4', 'c3', 'c2', 'c1']);
  assert.deepEqual(placeLive(rows, [{ callId: 'c2' }], true).rows.map(r => r.callId), ['c2', 'c1'], 'a call already listed is not added again');
  const sorted = placeLive(rows, [{ callId: 'c3' }], false);
  assert.deepEqual(sorted.rows, rows);
  assert.deepEqual(sorted.waiting.map(r => r.callId), ['c3']);
});
