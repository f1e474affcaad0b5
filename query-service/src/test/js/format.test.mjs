import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtInt, fmtMs, fmtTokens, fmtUsd, mixedScripts, nameText, pretty, showHidden } from '../../main/resources/web/app/format.js';

test('costs show with one precision per magnitude', () => {
  assert.equal(fmtUsd(null), '—');
  assert.equal(fmtUsd(0), '$0');
  assert.equal(fmtUsd('0.07'), '$0.0700');
  assert.equal(fmtUsd(0.075), '$0.0750');
  assert.equal(fmtUsd(0.0789), '$0.0789');
  assert.equal(fmtUsd(0.008379), '$0.0084');
  assert.equal(fmtUsd(0.000123), '$0.000123');
  assert.equal(fmtUsd(1.5), '$1.50');
  assert.equal(fmtUsd(1234.5678), '$1,234.57');
  assert.equal(fmtUsd(0.0000001), '<$0.000001');
});

test('counts, tokens and durations', () => {
  assert.equal(fmtInt(1234567), '1,234,567');
  assert.equal(fmtInt(undefined), '—');
  assert.equal(fmtTokens(9999), '9,999');
  assert.equal(fmtTokens(12345), '12.3k');
  assert.equal(fmtTokens(2500000), '2.50M');
  assert.equal(fmtMs(12), '12 ms');
  assert.equal(fmtMs(1500), '1.50 s');
  assert.equal(fmtMs(125000), '2 min 5 s');
});

test('hidden controls are shown and lookalike scripts flagged', () => {
  assert.equal(showHidden('Support\u202ETob'), 'Support⟦U+202E⟧Tob');
  assert.deepEqual(mixedScripts('Su\u0440\u0440ort Bot'), ['Latin', 'Cyrillic']);
  assert.equal(mixedScripts('Support Бот'), null);
  assert.equal(nameText('Su\u0440\u0440ort'), 'Su\u0440\u0440ort ⚠ mixed Latin/Cyrillic letters');
});

test('pretty prints JSON strings and leaves other text alone', () => {
  assert.equal(pretty('{"a":1}'), '{\n  "a": 1\n}');
  assert.equal(pretty('{not json'), '{not json');
  assert.equal(pretty(null), '');
});
