// A line diff (longest common subsequence on lines, with the common head and tail trimmed first), for showing how a
// system prompt changed between two calls.

/** [{op: ' '|'-'|'+', text}] turning a into b. Very long middles fall back to "all removed, all added". */
export function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const head = x.slice(0, start).map(text => ({ op: ' ', text }));
  const tail = x.slice(endX).map(text => ({ op: ' ', text }));
  const midX = x.slice(start, endX);
  const midY = y.slice(start, endY);
  let middle;
  if (midX.length * midY.length > 4000000) {
    middle = midX.map(text => ({ op: '-', text })).concat(midY.map(text => ({ op: '+', text })));
  } else {
    middle = lcsDiff(midX, midY);
  }
  return head.concat(middle, tail);
}

function lcsDiff(x, y) {
  const n = x.length;
  const m = y.length;
  const table = new Array(n + 1);
  for (let i = 0; i <= n; i++) table[i] = new Uint32Array(m + 1);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i] });
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) {
      out.push({ op: '-', text: x[i++] });
    } else {
      out.push({ op: '+', text: y[j++] });
    }
  }
  while (i < n) out.push({ op: '-', text: x[i++] });
  while (j < m) out.push({ op: '+', text: y[j++] });
  return out;
}

/** Keeps changed lines and `context` lines around them; runs of unchanged lines become one {op: '…', count}. */
export function withContext(diff, context = 3) {
  const keep = new Array(diff.length).fill(false);
  diff.forEach((line, index) => {
    if (line.op !== ' ') {
      for (let k = Math.max(0, index - context); k <= Math.min(diff.length - 1, index + context); k++) keep[k] = true;
    }
  });
  const out = [];
  let skipped = 0;
  diff.forEach((line, index) => {
    if (keep[index]) {
      if (skipped) out.push({ op: '…', count: skipped });
      skipped = 0;
      out.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped) out.push({ op: '…', count: skipped });
  return out;
}
