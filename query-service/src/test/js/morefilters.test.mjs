import { test } from 'node:test';
import assert from 'node:assert/strict';

const { moreParams, clearMore, countMore, metaFilters, parseMeta } = await import('../../main/resources/web/app/morefilters.js');

test('the filters beyond the pickers go to the API as they are, metadata as meta.<key>, empty ones left out', () => {
  const state = { view: 'calls', q: 'refund', minCostUsd: '0.5', maxTokens: '', tool: 'search', 'meta.plan': 'pro', 'meta.region': 'eu',
    httpStatus: '429', item: 'llm_call:x' };
  assert.deepEqual(moreParams(state), { minCostUsd: '0.5', tool: 'search', httpStatus: '429', 'meta.plan': 'pro', 'meta.region': 'eu' });
  assert.equal(countMore(state), 5);
  assert.deepEqual(metaFilters(state), [['plan', 'pro'], ['region', 'eu']]);
  const cleared = clearMore(state);
  assert.equal(cleared['meta.plan'], undefined);
  assert.ok('meta.plan' in cleared && 'minCostUsd' in cleared && 'stopReason' in cleared);
  assert.ok(!('q' in cleared) && !('view' in cleared), 'other state is left alone');
  assert.equal(countMore({}), 0);
});

test('a metadata filter is typed as key=value; the value may hold = itself', () => {
  assert.deepEqual(parseMeta('plan=pro'), ['plan', 'pro']);
  assert.deepEqual(parseMeta(' plan = pro '), ['plan', 'pro']);
  assert.deepEqual(parseMeta('query=a=b'), ['query', 'a=b']);
  assert.equal(parseMeta('plan'), null);
  assert.equal(parseMeta('=pro'), null);
  assert.equal(parseMeta('plan='), null);
});
