import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeFilters, change, chartLines, chartTitle, clearFilters, CHARTS, drillTarget, HEADROOM, previousRange, seriesFilters,
  unpricedModels } from '../../main/resources/web/app/dashboard.js';

const point = (start, extra = {}) => ({ start, calls: 2, errors: 1, rateLimited: 1, tokens: { total: 30 }, costUsd: '0.5',
  latencyMs: { p50: 10, p95: 20, p99: 30, max: 31 }, cacheHitRatio: 0.25, cacheSavingsUsd: null,
  rateLimit: { minRequestsShare: 0.4, minTokensShare: 0.05, lowHeadroomCalls: 1 }, ...extra });
const chart = id => CHARTS.find(c => c.id === id);

test('the dashboard reads take every filter of the URL, as the lists do, and no search', () => {
  const state = { from: '2026-11-01', to: '2026-11-30', assistant: ['writer'], tag: ['refund'], status: 'error', minCostUsd: '0.1',
    'meta.plan': 'pro', q: 'hello', view: 'analytics', split: 'model' };
  assert.deepEqual(seriesFilters(state, 'UTC'), { from: '2026-11-01', to: '2026-11-30', tz: 'UTC', assistant: ['writer'], model: [],
    user: [], tag: ['refund'], status: 'error', minCostUsd: '0.1', 'meta.plan': 'pro' });
  assert.deepEqual(activeFilters(state), [['assistant', ['writer']], ['tag', ['refund']], ['status', ['error']],
    ['min cost (usd)', ['0.1']], ['metadata plan', ['pro']]]);
  const cleared = clearFilters(state);
  assert.equal(cleared.assistant, undefined);
  assert.ok('meta.plan' in cleared && cleared['meta.plan'] === undefined);
  assert.ok(!('from' in cleared));
});

test('one unsplit line becomes the chart\'s own lines; split lines keep their keys and other', () => {
  const all = { interval: 'day', series: [{ key: null, other: false, points: [point('2026-11-01T00:00:00Z'), point('2026-11-02T00:00:00Z', { latencyMs: null })] }] };
  const latency = chartLines(chart('latency'), all);
  assert.deepEqual(latency.map(l => l.label), ['p50', 'p95', 'p99']);
  assert.deepEqual(latency[1].values, [20, null]);
  assert.equal(chartTitle(chart('latency'), all), 'LLM latency (ms)');
  assert.deepEqual(chartLines(chart('errors'), all).map(l => [l.label, l.values, l.drill]),
    [['Errors', [1, 1], { status: 'error' }], ['429s', [1, 1], { httpStatus: '429' }]]);
  const split = { interval: 'day', series: [{ key: 'gpt-4o', other: false, points: [point('2026-11-01T00:00:00Z')] },
    { key: null, other: true, points: [point('2026-11-01T00:00:00Z', { costUsd: null })] }] };
  const cost = chartLines(chart('cost'), split);
  assert.deepEqual(cost.map(l => [l.label, l.key, l.values]), [['gpt-4o', 'gpt-4o', [0.5]], ['Other', null, [0]]]);
  assert.equal(chartTitle(chart('latency'), split), 'LLM latency, p95 (ms)');
  // Headroom is the lower of the two shares, in %; unknown is a gap, not 0.
  assert.deepEqual(chartLines(HEADROOM, split)[0].values, [5]);
  assert.deepEqual(chartLines(HEADROOM, { series: [{ key: 'm', points: [point('x', { rateLimit: { minRequestsShare: null, minTokensShare: null } })] }] })[0].values, [null]);
});

test('a point opens the calls of its interval and key, in the dashboard\'s filters, ordered by what the chart shows', () => {
  const state = { view: 'analytics', from: '2026-11-01', to: '2026-11-30', assistant: ['writer'], 'meta.plan': 'pro', split: 'model' };
  assert.deepEqual(drillTarget(state, { start: '2026-11-24T00:00:00+01:00', interval: 'day', key: 'gpt-4o', split: 'model', drill: { sort: 'cost' } }),
    { view: 'calls', from: '2026-11-24', to: '2026-11-24', assistant: ['writer'], 'meta.plan': 'pro', model: ['gpt-4o'], sort: 'cost', order: 'desc' });
  // A week opens its seven days; an hour its day; the rest of the groups and unsplit lines add no key.
  assert.deepEqual(drillTarget({}, { start: '2026-12-28T00:00:00Z', interval: 'week', key: 'x', other: true, split: 'model' }),
    { view: 'calls', from: '2026-12-28', to: '2027-01-03' });
  assert.deepEqual(drillTarget({}, { start: '2026-11-24T13:00:00-08:00', interval: 'hour', key: null, split: '', drill: { httpStatus: '429' } }),
    { view: 'calls', from: '2026-11-24', to: '2026-11-24', httpStatus: '429' });
  assert.deepEqual(drillTarget({}, { start: '2026-11-24T00:00:00Z', interval: 'day', key: 'support-bot', split: 'assistant', drill: { status: 'error' } }),
    { view: 'calls', from: '2026-11-24', to: '2026-11-24', assistant: ['support-bot'], status: 'error' });
});

test('change against the previous period, unpriced models and the previous range', () => {
  assert.equal(change('12', '10'), 20);
  assert.equal(change('5', null), null);
  assert.equal(change(null, '4'), -100);
  assert.deepEqual(unpricedModels({ series: [{ key: 'a', totals: { unpricedCalls: 0 } }, { key: 'b', totals: { unpricedCalls: 3 } },
    { key: 'c', totals: { unpricedCalls: 9 } }, { key: null, other: true, totals: { unpricedCalls: 4 } }] }),
  [{ model: 'c', calls: 9 }, { model: 'b', calls: 3 }]);
  assert.deepEqual(previousRange('2026-11-08', '2026-12-07'), { from: '2026-10-09', to: '2026-11-07' });
  assert.deepEqual(previousRange('2026-03-01', '2026-03-01'), { from: '2026-02-28', to: '2026-02-28' });
});
