import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failed, nextError } from '../../main/resources/web/app/errors.js';

const items = [
  { kind: 'llm_call', error: null },
  { kind: 'http_request', statusCode: 200, error: null },
  { kind: 'http_request', statusCode: 503, error: null },
  { kind: 'tool_execution', error: null },
  { kind: 'llm_call', error: { type: 'rate_limit_error', httpStatus: 429 } },
];

test('an entry failed with an error or an HTTP status of 400 or more', () => {
  assert.deepEqual(items.map(failed), [false, false, true, false, true]);
});

test('E finds the next failed entry, Shift+E the one before, none past the ends', () => {
  assert.equal(nextError(items, -1, 1), 2, 'none open: the first');
  assert.equal(nextError(items, 2, 1), 4);
  assert.equal(nextError(items, 4, 1), -1);
  assert.equal(nextError(items, -1, -1), 4, 'none open: the last');
  assert.equal(nextError(items, 4, -1), 2);
  assert.equal(nextError(items, 2, -1), -1);
  assert.equal(nextError([], -1, 1), -1);
});
