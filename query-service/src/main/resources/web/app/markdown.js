// A small Markdown renderer that builds virtual DOM nodes, never HTML strings: every piece of user text stays text.
// It covers what model output mostly uses: headings, paragraphs, lists, fenced code, quotes, inline code, bold,
// italics and links (shown as text with the URL, never followed automatically).
import { html } from 'htm/preact/standalone';

function inline(text) {
  const out = [];
  const pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))/g;
  let last = 0;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    if (match.index > last) out.push(text.slice(last, match.index));
    const token = match[0];
    if (match[1]) out.push(html`<code>${token.slice(1, -1)}</code>`);
    else if (match[2]) out.push(html`<strong>${token.slice(2, -2)}</strong>`);
    else if (match[3]) out.push(html`<em>${token.slice(1, -1)}</em>`);
    else {
      const label = token.slice(1, token.indexOf(']'));
      const url = token.slice(token.indexOf('](') + 2, -1);
      out.push(html`<span class="md-link" title=${url}>${label}</span>`);
    }
    last = match.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }) {
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
      blocks.push(html`<pre class="md-code">${code.join('\n')}</pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      blocks.push(html`<div class=${'md-h md-h' + level}>${inline(heading[2])}</div>`);
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const items = [];
      const ordered = /^\s*\d/.test(line);
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        items.push(html`<li>${inline(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ''))}</li>`);
        i++;
      }
      blocks.push(ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`);
      continue;
    }
    if (line.startsWith('>')) {
      const quote = [];
      while (i < lines.length && lines[i].startsWith('>')) quote.push(lines[i++].replace(/^>\s?/, ''));
      blocks.push(html`<blockquote>${inline(quote.join(' '))}</blockquote>`);
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !/^(```|#{1,6}\s|>|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])) {
      paragraph.push(lines[i++]);
    }
    blocks.push(html`<p>${inline(paragraph.join('\n'))}</p>`);
  }
  return html`<div class="md">${blocks}</div>`;
}
