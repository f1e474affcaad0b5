import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.sessionStorage = { getItem: () => 'al_read_test', setItem() {}, removeItem() {} };
const { loadTimeline, readingOrder, PAGE } = await import('../../main/resources/web/app/pages.js');

/**
 * A timeline API over `total` items (seq 1..total, cursors are positions): a first page lists the starts of later
 * pages (pageCursors, every `PAGE` items, up to `strides`), and a page asked at a position in `cut` holds only 30 items
 * (cut short by its size) with a nextCursor, as the server does.
 */
function fakeServer(total, { strides = 100, cut = new Set() } = {}) {
  const asked = [];
  globalThis.fetch = async url => {
    const params = new URL(url, 'http://x').searchParams;
    const limit = Number(params.get('limit'));
    const from = params.has('cursor') ? Number(params.get('cursor')) : 0;
    asked.push({ from, limit });
    const size = cut.has(from) ? Math.min(30, limit) : limit;
    const items = [];
    for (let i = from; i < Math.min(total, from + size); i++) items.push({ seq: i + 1 });
    const end = from + items.length;
    const body = { items, nextCursor: end < total ? String(end) : null, lastSeq: total };
    if (!params.has('cursor') && end < total) {
      const starts = [];
      for (let n = PAGE; n < total && starts.length < strides; n += PAGE) starts.push(String(n));
      if (starts.length) body.pageCursors = starts;
      // item=seq:<n> names the page of seq n, as the server's itemPage does.
      if (params.has('item')) body.itemPage = Math.min(starts.length, Math.floor((Number(params.get('item').split(':')[1]) - 1) / PAGE));
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return asked;
}

async function load(id = 'c') {
  const seqs = [];
  const draws = [];
  const resume = await loadTimeline(id, { add: item => seqs.push(item.seq), draw: last => draws.push(last), cancelled: () => false });
  return { seqs, draws, resume };
}

const range = n => Array.from({ length: n }, (_, i) => i + 1);

test('every later page is asked for by its listed start, and together they are every item once', async () => {
  const asked = fakeServer(1050);
  const { seqs, draws, resume } = await load();
  assert.deepEqual(seqs.slice().sort((a, b) => a - b), range(1050));
  assert.equal(asked.length, 6, 'the first page and five more, no page twice');
  assert.deepEqual(asked.slice(1).map(a => a.from).sort((a, b) => a - b), [200, 400, 600, 800, 1000]);
  assert.equal(draws[0], true);
  assert.equal(resume, 1050);
});

test('a page cut short by its size continues up to the next start, and the tail after the last listed start is read', async () => {
  // The first page and the page at 400 are cut; only three starts are listed, so the last run reads to the end.
  const asked = fakeServer(1050, { strides: 3, cut: new Set([0, 400]) });
  const { seqs } = await load();
  assert.deepEqual(seqs.slice().sort((a, b) => a - b), range(1050));
  assert.equal(new Set(seqs).size, seqs.length, 'no item twice');
  assert.ok(asked.some(a => a.from === 30 && a.limit === 170), 'the first page is continued for the rest of its 200');
  assert.ok(asked.some(a => a.from === 430 && a.limit === 170), 'so is a cut page');
  assert.ok(asked.some(a => a.from === 800 && a.limit === PAGE), 'the tail is read page by page');
});

test('a timeline of one page asks nothing more; a cut one without listed starts is read to its end', async () => {
  let asked = fakeServer(150);
  assert.deepEqual((await load()).seqs, range(150));
  assert.equal(asked.length, 1);
  asked = fakeServer(180, { cut: new Set([0]) });
  assert.deepEqual((await load()).seqs, range(180));
  assert.deepEqual(asked.map(a => a.from), [0, 30]);
});

test('a linked entry: its page is asked for first, after the first page, and handed over on its own', async () => {
  const asked = fakeServer(5000);
  const seqs = [];
  const near = [];
  await loadTimeline('c', { add: item => seqs.push(item.seq), draw: () => {}, cancelled: () => false, item: 'seq:4999',
    near: items => near.push(items.map(i => i.seq)) });
  assert.equal(asked[1].from, 4800, 'the page that holds seq 4999 is the first one asked after the first page');
  assert.equal(near.length, 1);
  assert.deepEqual(near[0], range(200).map(n => 4800 + n));
  assert.deepEqual(seqs.slice().sort((a, b) => a - b), range(5000), 'every item still comes, once');
  assert.equal(new Set(seqs).size, 5000);
});

test('an entry on the first page, or a page the server does not name, changes nothing in the order', async () => {
  assert.deepEqual(readingOrder(4, 0), [0, 1, 2, 3]);
  assert.deepEqual(readingOrder(4, undefined), [0, 1, 2, 3]);
  assert.deepEqual(readingOrder(4, 9), [0, 1, 2, 3]);
  assert.deepEqual(readingOrder(4, 2), [2, 0, 1, 3]);
  const asked = fakeServer(1050);
  const near = [];
  await loadTimeline('c', { add: () => {}, draw: () => {}, cancelled: () => false, item: 'seq:3', near: items => near.push(items) });
  assert.equal(near.length, 0, 'the first page is drawn anyway');
  assert.deepEqual(asked.slice(1).map(a => a.from), [200, 400, 600, 800, 1000]);
});
