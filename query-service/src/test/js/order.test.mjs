import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRows, placeRow } from '../../main/resources/web/app/order.js';

const row = (id, lastAt, extra = {}) => ({ conversationId: id, lastAt, callCount: 1, costUsd: '0.01', tokens: { total: 10 }, ...extra });
const ids = rows => rows.map(r => r.conversationId);

test('under last activity, a conversation with a new call moves to the top', () => {
  const rows = [row('c', '2026-12-03T00:00:00Z'), row('b', '2026-12-02T00:00:00Z'), row('a', '2026-12-01T00:00:00Z')];
  assert.deepEqual(ids(placeRow(rows, row('a', '2026-12-04T00:00:00Z'), 'lastActivity', 'desc')), ['a', 'c', 'b']);
  assert.deepEqual(ids(placeRow(rows, row('a', '2026-12-04T00:00:00Z'), 'lastActivity', 'asc')), ['c', 'b', 'a']);
  assert.deepEqual(ids(placeRow(rows, row('d', '2026-12-02T12:00:00Z'))), ['c', 'd', 'b', 'a']);
});

test('a row that sorts past the loaded ones leaves them when more pages follow', () => {
  const rows = [row('c', '2026-12-03T00:00:00Z'), row('b', '2026-12-02T00:00:00Z')];
  assert.deepEqual(ids(placeRow(rows, row('c', '2026-11-01T00:00:00Z'), 'lastActivity', 'desc', true)), ['b']);
  assert.deepEqual(ids(placeRow(rows, row('c', '2026-11-01T00:00:00Z'), 'lastActivity', 'desc', false)), ['b', 'c']);
});

test('cost sorts nulls last both ways, and ties go by conversation id in the same direction', () => {
  const priced = row('p', '2026-12-01T00:00:00Z', { costUsd: '0.50' });
  const unpriced = row('u', '2026-12-01T00:00:00Z', { costUsd: null });
  assert.ok(compareRows(priced, unpriced, 'cost', 'desc') < 0);
  assert.ok(compareRows(priced, unpriced, 'cost', 'asc') < 0);
  assert.ok(compareRows(row('b', 'x', { callCount: 2 }), row('a', 'x', { callCount: 2 }), 'calls', 'desc') < 0);
  assert.ok(compareRows(row('a', 'x', { callCount: 2 }), row('b', 'x', { callCount: 2 }), 'calls', 'asc') < 0);
  assert.deepEqual(ids(placeRow([row('x', 't', { tokens: { total: 50 } }), row('y', 't', { tokens: { total: 5 } })],
    row('z', 't', { tokens: { total: 20 } }), 'tokens', 'desc')), ['x', 'z', 'y']);
});
