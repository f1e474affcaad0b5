// Loading a whole timeline: the first page at once, then the rest. The first page names where each later page
// starts (pageCursors), so they are asked for together, a few at a time; each run of pages continues through its own
// nextCursors up to the next one's start (a page cut short by its size, or the tail after the last listed start).
// A link to one entry (item) asks the first page which page holds it (itemPage), reads that page first and hands it
// over on its own (near), so the entry can be shown before the pages ahead of it arrive.
// (The stream's replay in one request was tried too: in Chromium here, for 5,000 items, it was slower than the 25
// pages one after another, measured back to back in the same conditions.)
import { api, query } from './api.js';

/** Items a page, and pages asked for at once. */
export const PAGE = 200;
export const PARALLEL_PAGES = 4;

/**
 * Reads every item of conversation `id`: add(item) for each (a page's items may repeat another's across a live
 * change; the caller drops repeats), draw(last) after the first page (last=true), after each later page (false) and
 * at the end (true). With `item` (a "kind:id" key), the page that holds it is read first and each of its pages is
 * also given to near(items) as it arrives. Stops early when cancelled() turns true. Resolves to the first page's
 * lastSeq (null when absent): every item committed up to it is on some page, so a stream resumed after it misses
 * nothing.
 */
export async function loadTimeline(id, { add, draw, cancelled, item, near }) {
  const path = '/v1/conversations/' + encodeURIComponent(id) + '/timeline';
  const first = await api(path + query({ limit: PAGE, item }));
  if (cancelled()) return null;
  first.items.forEach(add);
  draw(true);
  const run = async (start, last, linked) => {
    let cursor = start === first ? first.nextCursor : start;
    let got = start === first ? first.items.length : 0;
    while (cursor && (last || got < PAGE)) {
      const page = await api(path + query({ limit: last ? PAGE : PAGE - got, cursor }));
      if (cancelled()) return;
      page.items.forEach(add);
      if (linked && near) near(page.items);
      got += page.items.length;
      cursor = page.nextCursor;
      draw(false);
    }
  };
  const runs = first.pageCursors ? [first, ...first.pageCursors] : [first];
  const order = readingOrder(runs.length, first.itemPage);
  let next = 0;
  const worker = async () => {
    while (next < order.length && !cancelled()) {
      const index = order[next++];
      await run(runs[index], index === runs.length - 1, false);
    }
  };
  if (first.nextCursor) {
    // A linked entry's run is read alone, not sharing the server with the others, then the rest together.
    if (order[0] !== 0) {
      const index = order[next++];
      await run(runs[index], index === runs.length - 1, true);
    }
    await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
  }
  return first.lastSeq != null ? first.lastSeq : null;
}

/** The order in which runs of pages are read: the one that holds a linked entry first, then the others in order. */
export function readingOrder(count, itemPage) {
  const order = Array.from({ length: count }, (_, i) => i);
  if (Number.isInteger(itemPage) && itemPage > 0 && itemPage < count) {
    order.splice(itemPage, 1);
    order.unshift(itemPage);
  }
  return order;
}
