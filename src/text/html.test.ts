import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml, sanitizeHtml } from './html.js';

describe('htmlToText', () => {
  it('decodes entities and breaks lines at paragraphs, as HN writes them', () => {
    expect(htmlToText('It&#x27;s here.<p>Second &amp; last<br>line')).toBe("It's here.\nSecond & last\nline");
  });

  it('drops scripts and styles', () => {
    expect(htmlToText('<p>ok</p><script>alert(1)</script><style>p{}</style>')).toBe('ok');
  });
});

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const out = sanitizeHtml(
      '<p onclick="x()">hi<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a></p>',
    );
    expect(out).not.toMatch(/script|onerror|onclick|javascript/i);
    expect(out).toContain('<p>hi');
  });

  it('resolves relative links and marks them nofollow', () => {
    expect(sanitizeHtml('<a href="/x">x</a>', 'https://example.com/feed')).toBe(
      '<a href="https://example.com/x" rel="noopener nofollow ugc">x</a>',
    );
  });

  it('tells HTML from plain text', () => {
    expect(looksLikeHtml('a <b>bold</b> move')).toBe(true);
    expect(looksLikeHtml('3 < 4 and 5 > 2')).toBe(false);
  });
});

describe('htmlToText fast path', () => {
  const samples = [
    'Plain text, no markup.',
    'It&#x27;s &quot;quoted&quot; &amp; fine',
    'First para<p>Second with <i>italics</i> and <a href="https:&#x2F;&#x2F;example.com&#x2F;x" rel="nofollow">a link</a><p>Third',
    '<pre><code>  let x = 1 &lt; 2;\n  y();</code></pre><p>after',
    'a < b and c > d',
    '<p>x<!-- hidden --></p><script>alert(1)</script>',
    '<div>one</div><div>two<br/>three</div>',
    'Broken <b>bold',
  ];
  it('gives the same text as the parser on light and heavy markup', () => {
    for (const html of samples) {
      // Force the parser by adding a comment, which only the parser handles.
      const viaParser = htmlToText(`${html}<!---->`);
      expect(htmlToText(html), html).toBe(viaParser);
    }
  });
});
