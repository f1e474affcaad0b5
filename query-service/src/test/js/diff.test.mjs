import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineDiff, withContext } from '../../main/resources/web/app/diff.js';

test('a changed line in a prompt is one removal and one addition, the rest unchanged', () => {
  const diff = lineDiff('You are helpful.\nBe brief.\nAnswer in English.', 'You are helpful.\nBe thorough.\nAnswer in English.');
  assert.deepEqual(diff, [{ op: ' ', text: 'You are helpful.' }, { op: '-', text: 'Be brief.' }, { op: '+', text: 'Be thorough.' },
    { op: ' ', text: 'Answer in English.' }]);
});

test('equal texts have no change; runs of unchanged lines fold to a count', () => {
  assert.ok(lineDiff('a\nb', 'a\nb').every(line => line.op === ' '));
  const lines = Array.from({ length: 20 }, (_, i) => 'line ' + i);
  const changed = lines.slice();
  changed[10] = 'changed';
  const folded = withContext(lineDiff(lines.join('\n'), changed.join('\n')), 2);
  assert.deepEqual(folded[0], { op: '…', count: 8 });
  assert.deepEqual(folded.filter(l => l.op === '-' || l.op === '+').map(l => l.text), ['line 10', 'changed']);
  assert.deepEqual(folded[folded.length - 1], { op: '…', count: 7 });
});
