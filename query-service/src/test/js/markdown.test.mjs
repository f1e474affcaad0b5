import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Markdown, parseBlocks, parseInline, safeUrl } from '../../main/resources/web/app/markdown.js';
import { elements, text } from './vnodes.mjs';

const render = source => Markdown({ text: source });
const tags = (source, type) => elements(render(source)).filter(e => e.type === type);

test('a table becomes a table, with its header, cells and alignment', () => {
  const blocks = parseBlocks('| Model | Cost |\n|:--|--:|\n| gpt-4o | $0.0034 |\n| claude \\| haiku | $0.0010 |');
  assert.deepEqual(blocks, [{ table: { head: ['Model', 'Cost'], align: [null, 'right'],
    rows: [['gpt-4o', '$0.0034'], ['claude | haiku', '$0.0010']] } }]);
  assert.equal(tags('| a | b |\n|---|---|\n| 1 | 2 |', 'td').length, 2);
  assert.equal(tags('| a | b |\n|---|---|\n| 1 | 2 |', 'th').length, 2);
  assert.equal(tags('| a | b |\n|---|---|\n| 1 | 2 |', 'p').length, 0);
});

test('a line with a pipe but no rule under it stays a paragraph', () => {
  assert.deepEqual(parseBlocks('a | b\nc'), [{ paragraph: 'a | b\nc' }]);
});

test('links open http(s) only, in a new tab, without opener or referrer', () => {
  const [link] = tags('See [the docs](https://example.com/a?b=c).', 'a');
  assert.equal(link.props.href, 'https://example.com/a?b=c');
  assert.equal(link.props.rel, 'noopener noreferrer');
  assert.equal(link.props.target, '_blank');
  assert.equal(text(link), 'the docs');
  for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/x']) {
    assert.equal(tags(`[x](${url})`, 'a').length, 0, url);
    assert.match(text(render(`[x](${url})`)), /x \(/);
  }
  assert.equal(safeUrl('HTTP://EXAMPLE.COM'), 'HTTP://EXAMPLE.COM');
  assert.equal(safeUrl('https://a b'), null);
});

test('an image is never loaded: it shows as a link to its URL', () => {
  assert.deepEqual(parseInline('![a chart](https://img.example/c.png)'), [{ image: 'a chart', url: 'https://img.example/c.png' }]);
  const rendered = render('![a chart](https://img.example/c.png)');
  assert.equal(elements(rendered).filter(e => e.type === 'img').length, 0);
  const [link] = elements(rendered).filter(e => e.type === 'a');
  assert.equal(link.props.href, 'https://img.example/c.png');
  assert.equal(text(link), 'Image: a chart');
  assert.doesNotMatch(text(rendered), /!a chart/);
});

test('text stays text: markup in it is never HTML', () => {
  const rendered = render('<img src=x onerror=alert(1)> **bold** `<b>`');
  assert.equal(elements(rendered).filter(e => e.type === 'img' || e.type === 'b').length, 0);
  assert.match(text(rendered), /<img src=x onerror=alert\(1\)>/);
  assert.equal(tags('**bold**', 'strong').length, 1);
  assert.equal(text(tags('`<b>`', 'code')[0]), '<b>');
});

test('headings, lists, quotes and code keep their shape; blocks take their direction from their text', () => {
  const blocks = parseBlocks('# Title\n- one\n- two\n1. first\n> quoted\n```\ncode | not a table\n|---|\n```\nالسلام عليكم');
  assert.deepEqual(blocks.map(b => Object.keys(b)[0]), ['heading', 'list', 'list', 'quote', 'code', 'paragraph']);
  assert.equal(blocks[2].ordered, true);
  assert.equal(blocks[4].code, 'code | not a table\n|---|');
  const p = tags('السلام عليكم', 'p')[0];
  assert.equal(p.props.dir, 'auto');
});
