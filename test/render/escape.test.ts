// Escaping of text from configs and data files in the XML, HTML and Markdown renderers.
import { describe, expect, it } from 'vitest';
import { xmlAttr, xmlText } from '../../src/render/escape.js';
import { mdText } from '../../src/render/markdown.js';
import { parseXml } from './helpers.js';

describe('xml escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(xmlText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(xmlAttr(`say "hi" & 'bye'`)).toBe('say &quot;hi&quot; &amp; &#39;bye&#39;');
  });

  it('keeps line breaks in attributes as character references', () => {
    expect(xmlAttr('a\nb\r\tc')).toBe('a&#10;b&#13;&#9;c');
  });

  it('replaces characters XML cannot hold', () => {
    expect(xmlText('bell\u0007 nul\u0000 ok\ttab')).toBe('bell\uFFFD nul\uFFFD ok\ttab');
    expect(xmlText('lone \uD800 surrogate')).toBe('lone \uFFFD surrogate');
    expect(xmlText('pair 😀')).toBe('pair 😀');
  });

  it('round-trips through an XML parser', () => {
    const nasty = `<tag attr="x"> & "quotes" 'apos' ]]> \n line`;
    const el = parseXml(`<r a="${xmlAttr(nasty)}">${xmlText(nasty)}</r>`);
    expect(el.attrs.a).toBe(nasty);
    expect(el.text).toBe(nasty);
  });
});

describe('markdown escaping', () => {
  it('escapes table pipes, emphasis, code, links, HTML and entities, and joins lines', () => {
    expect(mdText('a | b')).toBe('a \\| b');
    expect(mdText('*bold* _it_ `code` [link](x) <b>&amp;')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>\\&amp;');
    expect(mdText('two\nlines')).toBe('two lines');
    expect(mdText('back\\slash')).toBe('back\\\\slash');
  });
});
