// "Next error" in a timeline (issue 25): E opens the next entry that failed, Shift+E the one before.

/** Whether a timeline entry failed: an error, or an HTTP request answered 400 or more. */
export function failed(item) {
  return Boolean(item && (item.error || (item.statusCode !== undefined && item.statusCode !== null && item.statusCode >= 400)));
}

/** The index of the next failed entry after (direction 1) or before (-1) index `from` (-1: none open), or -1. */
export function nextError(items, from, direction) {
  const start = from < 0 ? (direction > 0 ? 0 : items.length - 1) : from + direction;
  for (let i = start; i >= 0 && i < items.length; i += direction) {
    if (failed(items[i])) return i;
  }
  return -1;
}
