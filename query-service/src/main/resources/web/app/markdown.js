// A small Markdown renderer that builds virtual DOM nodes, never HTML strings: every piece of user text stays text.
// It covers what model output mostly uses: headings, paragraphs, lists, tables, fenced code, quotes, inline code,
// bold, italics, links and images. Links open only http(s) URLs, in a new tab, without referrer or opener. Images are
// never loaded (a prompt must not make the browser fetch anything): they show as a link to their URL.
import { html } from 'htm/preact/standalone';

/** A URL a link may open: http or https only. */
export function safeUrl(url) {
  return /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(!?\[[^\]]*\]\([^)\s]+\))/g;

/** Inline tokens: {text}, {code}, {strong}, {em}, {link, url} or {image, url}. */
export function parseInline(text) {
  const out = [];
  let last = 0;
  let match;
  INLINE.lastIndex = 0;
  while ((match = INLINE.exec(text)) !== null) {
    if (match.index > last) out.push({ text: text.slice(last, match.index) });
    const token = match[0];
    if (match[1]) out.push({ code: token.slice(1, -1) });
    else if (match[2]) out.push({ strong: token.slice(2, -2) });
    else if (match[3]) out.push({ em: token.slice(1, -1) });
    else {
      const image = token.startsWith('!');
      const label = token.slice(image ? 2 : 1, token.indexOf(']'));
      const url = token.slice(token.indexOf('](') + 2, -1);
      out.push(image ? { image: label, url } : { link: label, url });
    }
    last = match.index + token.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

const LIST = /^\s*([-*+]|\d+[.)])\s+/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cells(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map(cell => cell.trim().replace(/\\\|/g, '|'));
}

/** Blocks: {code}, {heading, level}, {list: [text], ordered}, {quote}, {table: {head, rows, align}}, {paragraph}. */
export function parseBlocks(text) {
  const lines = String(text).split('\n');
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) code.push(lines[i++]);
      i++;
      blocks.push({ code: code.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ heading: heading[2], level: heading[1].length });
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const head = cells(line);
      const align = cells(lines[i + 1]).map(c => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : null));
      const rows = [];
      i += 2;
      while (i < lines.length && lines[i].includes('|') && lines[i].trim()) rows.push(cells(lines[i++]));
      blocks.push({ table: { head, rows, align } });
      continue;
    }
    if (LIST.test(line)) {
      const items = [];
      const ordered = /^\s*\d/.test(line);
      while (i < lines.length && LIST.test(lines[i]) && /^\s*\d/.test(lines[i]) === ordered) items.push(lines[i++].replace(LIST, ''));
      blocks.push({ list: items, ordered });
      continue;
    }
    if (line.startsWith('>')) {
      const quote = [];
      while (i < lines.length && lines[i].startsWith('>')) quote.push(lines[i++].replace(/^>\s?/, ''));
      blocks.push({ quote: quote.join(' ') });
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !/^(```|#{1,6}\s|>|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])
      && !(lines[i].includes('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1]))) {
      paragraph.push(lines[i++]);
    }
    if (paragraph.length === 0) paragraph.push(lines[i++]);
    blocks.push({ paragraph: paragraph.join('\n') });
  }
  return blocks;
}

function inline(text) {
  return parseInline(text).map(token => {
    if (token.code !== undefined) return html`<code>${token.code}</code>`;
    if (token.strong !== undefined) return html`<strong>${token.strong}</strong>`;
    if (token.em !== undefined) return html`<em>${token.em}</em>`;
    if (token.link !== undefined || token.image !== undefined) {
      const url = safeUrl(token.url);
      const label = token.image !== undefined ? 'Image: ' + (token.image || token.url) : token.link || token.url;
      return url ? html`<a class="md-link" href=${url} target="_blank" rel="noopener noreferrer" title=${url}>${label}</a>`
        : html`<span class="md-link-off" title=${token.url}>${label} (${token.url})</span>`;
    }
    return token.text;
  });
}

export function Markdown({ text }) {
  const blocks = parseBlocks(text).map(block => {
    if (block.code !== undefined) return html`<pre class="md-code" dir="ltr">${block.code}</pre>`;
    if (block.heading !== undefined) return html`<div class=${'md-h md-h' + block.level} dir="auto">${inline(block.heading)}</div>`;
    if (block.list) {
      const items = block.list.map(item => html`<li dir="auto">${inline(item)}</li>`);
      return block.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    if (block.quote !== undefined) return html`<blockquote dir="auto">${inline(block.quote)}</blockquote>`;
    if (block.table) {
      const { head, rows, align } = block.table;
      return html`<div class="md-table"><table>
        <thead><tr>${head.map((cell, c) => html`<th class=${align[c] ? 'md-' + align[c] : undefined} dir="auto">${inline(cell)}</th>`)}</tr></thead>
        <tbody>${rows.map(row => html`<tr>${head.map((_, c) => html`<td class=${align[c] ? 'md-' + align[c] : undefined}
          dir="auto">${inline(row[c] || '')}</td>`)}</tr>`)}</tbody>
      </table></div>`;
    }
    return html`<p dir="auto">${inline(block.paragraph)}</p>`;
  });
  return html`<div class="md" dir="auto">${blocks}</div>`;
}
