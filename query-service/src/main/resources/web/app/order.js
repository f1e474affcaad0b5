// Where a changed row of the activity log belongs, in the order the list is sorted by (GET /v1/conversations' sort and
// order, with the same tiebreak: the conversation id, in the same direction; a null cost sorts last both ways).

const VALUES = {
  lastActivity: row => (row.lastAt ? Date.parse(row.lastAt) : null),
  cost: row => (row.costUsd === null || row.costUsd === undefined ? null : Number(row.costUsd)),
  tokens: row => (row.tokens && row.tokens.total !== undefined && row.tokens.total !== null ? row.tokens.total : 0),
  calls: row => row.callCount || 0,
};

/** Negative when a comes before b in the list sorted by sort ('lastActivity' by default) and order ('desc' by default). */
export function compareRows(a, b, sort = 'lastActivity', order = 'desc') {
  const value = VALUES[sort] || VALUES.lastActivity;
  const va = value(a);
  const vb = value(b);
  if (va === null && vb !== null) return 1;
  if (vb === null && va !== null) return -1;
  const sign = order === 'asc' ? 1 : -1;
  if (va !== vb) return va < vb ? -sign : sign;
  if (a.conversationId === b.conversationId) return 0;
  return a.conversationId < b.conversationId ? -sign : sign;
}

/**
 * The rows with {@code row} put where it belongs (replacing its old copy). A row that would land after the last
 * loaded row while more pages follow ({@code more}) belongs to a later page: it leaves the loaded rows.
 */
export function placeRow(rows, row, sort, order, more = false) {
  const others = rows.filter(r => r.conversationId !== row.conversationId);
  let index = others.findIndex(r => compareRows(row, r, sort, order) < 0);
  if (index < 0) {
    if (more) return others;
    index = others.length;
  }
  return [...others.slice(0, index), row, ...others.slice(index)];
}
