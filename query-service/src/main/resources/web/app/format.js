// Numbers, money, times and durations as the UI shows them.
const integer = new Intl.NumberFormat('en-US');

export function fmtInt(n) {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function fmtTokens(n) {
  if (n === null || n === undefined) return '—';
  if (n >= 999950) return (n / 1e6).toFixed(n >= 9995000 ? 1 : 2) + 'M';
  if (n >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  return integer.format(n);
}

/**
 * USD with one precision per magnitude, so figures in a column line up: cents from $1 ($1.50, $1,234.57), four
 * decimals below ($0.0700, $0.0084), six below a tenth of a cent ($0.000123). The exact figure is in the API.
 */
export function fmtUsd(value) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  if (abs < 0.0000005) return (n < 0 ? '-' : '') + '<$0.000001';
  const digits = abs >= 0.995 ? 2 : abs >= 0.00095 ? 4 : 6;
  return (n < 0 ? '-' : '') + '$' + abs.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 999.5) return Math.round(ms) + ' ms';
  if (ms < 9995) return (ms / 1000).toFixed(2) + ' s';
  if (ms < 59950) return (ms / 1000).toFixed(1) + ' s';
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return minutes + ' min ' + Math.floor((ms % 60000) / 1000) + ' s';
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return hours + ' h ' + (minutes % 60) + ' min';
  return Math.floor(hours / 24) + ' d ' + (hours % 24) + ' h';
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function fmtTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** A span: the start in full, the end as a time when it is the same day. */
export function fmtSpan(first, last) {
  if (!first) return '—';
  const a = new Date(first);
  const b = new Date(last || first);
  const sameDay = a.toDateString() === b.toDateString();
  return dateTime.format(a) + ' → ' + (sameDay ? timeOnly.format(b) : dateTime.format(b));
}

export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { return 'UTC'; }
}

/** YYYY-MM-DD of a date in the browser's zone. */
export function isoDay(date) {
  const pad = n => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}

export function pretty(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length < 2000000) {
      try { return JSON.stringify(JSON.parse(trimmed), null, 2); } catch (e) { return value; }
    }
    return value;
  }
  return JSON.stringify(value, null, 2);
}

// Direction controls and invisible characters that can make a name read as another ("Support Bot" written backwards
// with U+202E, a zero-width space inside a word). Joiners (U+200D) stay: emoji sequences need them.
const HIDDEN = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** The text with each hidden control shown as ⟦U+202E⟧, so it cannot pass for another text. */
export function showHidden(text) {
  return String(text).replace(HIDDEN, c => '⟦U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '⟧');
}

const LOOKALIKE_SCRIPTS = [['Latin', /\p{Script=Latin}/u], ['Cyrillic', /\p{Script=Cyrillic}/u], ['Greek', /\p{Script=Greek}/u]];

/**
 * The scripts mixed within one word of the text, among those whose letters look alike (Latin, Cyrillic, Greek):
 * "Suррort" with Cyrillic р. Null when no word mixes them (a name may hold words of several scripts).
 */
export function mixedScripts(text) {
  for (const word of String(text).split(/\s+/)) {
    const found = new Set();
    for (const ch of word) {
      for (const [name, pattern] of LOOKALIKE_SCRIPTS) {
        if (pattern.test(ch)) found.add(name);
      }
    }
    if (found.size > 1) return [...found];
  }
  return null;
}

/** A name as plain text for places that hold no markup (an option, a title): hidden controls shown, mixing flagged. */
export function nameText(text) {
  if (text === null || text === undefined) return '';
  const mixed = mixedScripts(text);
  return showHidden(text) + (mixed ? ' ⚠ mixed ' + mixed.join('/') + ' letters' : '');
}
