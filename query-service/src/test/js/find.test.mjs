import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, occurrences, searchTerms } from '../../main/resources/web/app/find.js';

test('terms read as the server reads them: one literal, or quoted phrases and the words beside them', () => {
  assert.deepEqual(searchTerms('  Doing step '), ['Doing step']);
  assert.deepEqual(searchTerms('"order 123" refund'), ['order 123', 'refund']);
  assert.deepEqual(searchTerms('"unclosed phrase'), ['unclosed phrase']);
  assert.deepEqual(searchTerms('"a" "a"'), ['a']);
  assert.deepEqual(searchTerms(''), []);
  assert.deepEqual(searchTerms(undefined), []);
});

test('folding keeps every offset of the text', () => {
  for (const text of ['İSTANBUL', 'ΟΔΥΣΣΕΥΣ', 'Straße', '😀 Ça va', 'ǅemal']) {
    assert.equal(fold(text).length, text.length, text);
  }
  assert.equal(fold('ΟΔΥΣΣΕΥΣ'), fold('οδυσσευς'));
  assert.equal(fold('CAFÉ'), 'café');
});

test('occurrences are found case-insensitively in any script, each term every time', () => {
  assert.deepEqual(occurrences('Doing step 1, doing STEP 2', ['doing step']), [[0, 10], [14, 24]]);
  assert.deepEqual(occurrences('请帮我办理退款，退款', ['退款']), [[5, 7], [8, 10]]);
  assert.deepEqual(occurrences('Le Café', ['café', 'le']), [[3, 7], [0, 2]]);
  assert.deepEqual(occurrences('shipped 🚚 today', ['🚚']), [[8, 10]]);
  assert.deepEqual(occurrences('nothing', ['zzz']), []);
});
