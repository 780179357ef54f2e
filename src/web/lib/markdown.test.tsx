// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown, safeHref } from './markdown.tsx';

afterEach(cleanup);

const ALLOWED_TAGS = new Set([
  'DIV',
  'P',
  'BR',
  'H3',
  'H4',
  'H5',
  'H6',
  'STRONG',
  'EM',
  'DEL',
  'CODE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'A',
  'SPAN',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'HR',
]);
const ALLOWED_ATTRIBUTES = new Set(['class', 'href', 'target', 'rel', 'title', 'start', 'scope']);

function renderMarkdown(source: string, users?: { id: string; name: string }[]) {
  return render(<Markdown source={source} users={users} />).container;
}

/** Every element is one the renderer may make, with only its own attributes and safe hrefs. */
function expectSafe(container: HTMLElement) {
  for (const element of container.querySelectorAll('*')) {
    expect(ALLOWED_TAGS, `<${element.tagName.toLowerCase()}>`).toContain(element.tagName);
    for (const attribute of element.attributes) {
      expect(ALLOWED_ATTRIBUTES, attribute.name).toContain(attribute.name);
    }
    if (element.tagName === 'A') {
      expect(element.getAttribute('href')).toMatch(/^(https?:\/\/[^\s]+|mailto:[^\s]+)$/);
      expect(element.getAttribute('rel')).toBe('noopener noreferrer');
    }
  }
}

describe('Markdown with hostile input', () => {
  it.each([
    ['a script tag', '<script>alert(1)</script>', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'],
    ['an svg onload', '<svg/onload=alert(1)>', '<svg/onload=alert(1)>'],
    ['an iframe', '<iframe src="https://evil.test"></iframe>', '<iframe src='],
    ['a javascript: link', '[click](javascript:alert(1))', '[click](javascript:alert(1))'],
    ['mixed case', '[click](JaVaScRiPt:alert(1))', 'JaVaScRiPt:alert(1)'],
    ['leading whitespace', '[click]( javascript:alert(1))', 'javascript:alert(1)'],
    ['a tab in the scheme', '[click](java\tscript:alert(1))', 'click'],
    ['an encoded colon', '[click](javascript&#58;alert(1))', 'javascript&#58;alert(1)'],
    ['a hex entity', '[click](&#x6A;avascript:alert(1))', '&#x6A;avascript:alert(1)'],
    ['percent encoding', '[click](javascript%3Aalert(1))', 'javascript%3Aalert(1)'],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD4=)', 'data:text/html'],
    ['vbscript', '[x](VBScript:msgbox(1))', 'VBScript:msgbox(1)'],
    ['an angle-bracket destination', '[x](<javascript:alert(1)>)', 'javascript:alert(1)'],
    ['an autolink', '<javascript:alert(1)>', '<javascript:alert(1)>'],
    ['an image', '![x](javascript:alert(1))', '![x](javascript:alert(1))'],
    ['a relative link', '[x](/kpis/1)', '[x](/kpis/1)'],
    ['a protocol-relative link', '[x](//evil.test)', '[x](//evil.test)'],
    ['nested brackets', '[[a](javascript:b)](javascript:c)', 'javascript:c'],
    ['a link in a link', '[a [b](https://b.test)](javascript:c)', 'javascript:c'],
    ['a mention with markup', '@[<b>x</b>:a@b.c:5e8c27e3dcdddaa4addbdee8]', '@<b>x</b>'],
    ['an HTML comment', '<!-- x --><a href="javascript:1">y</a>', '<a href="javascript:1">y</a>'],
  ])('shows %s as text', (_name, source, text) => {
    const container = renderMarkdown(source);
    expectSafe(container);
    expect(container.textContent).toContain(text);
    expect(container.querySelector('a[href^="javascript" i], a[href^="data" i]')).toBeNull();
  });

  it('keeps hostile text inside allowed formatting harmless', () => {
    const container = renderMarkdown(
      [
        '# <script>x</script>',
        '> **<img src=x onerror=alert(1)>**',
        '- [ok](https://ok.test) and [bad](javascript:alert(1))',
        '| a | <b>b</b> |',
        '|---|---|',
        '| [x](javascript:1) | `<i>` |',
        '```',
        '<script>alert(1)</script>',
        '```',
      ].join('\n'),
    );
    expectSafe(container);
    expect(container.querySelectorAll('a')).toHaveLength(1);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://ok.test/');
    expect(container.querySelector('pre')?.textContent).toBe('<script>alert(1)</script>');
  });

  it('stays fast on pathological emphasis and nesting', () => {
    const started = performance.now();
    const container = renderMarkdown(
      `${'*a '.repeat(3000)}\n\n${'_'.repeat(5000)}\n\n${'>'.repeat(500)} deep\n\n${'['.repeat(2000)}`,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expectSafe(container);
    expect(container.textContent).toContain('deep');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['HTTP://EXAMPLE.COM', 'http://example.com/'],
    ['mailto:jane@example.com', 'mailto:jane@example.com'],
  ])('allows %s', (raw, href) => {
    expect(safeHref(raw)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    ' https://example.com',
    'https://exa\u200bmple.com',
    'ftp://example.com',
    'https:example.com',
    'http://',
    '/relative',
    '',
  ])('refuses %j', (raw) => {
    expect(safeHref(raw)).toBeNull();
  });
});

describe('Markdown formatting', () => {
  it('renders paragraphs and line breaks', () => {
    const container = renderMarkdown('one\ntwo\n\nthree');
    const paragraphs = container.querySelectorAll('p');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]?.querySelectorAll('br')).toHaveLength(1);
    expect(paragraphs[1]?.textContent).toBe('three');
  });

  it('renders headings below the page headings', () => {
    const container = renderMarkdown('# Title\n## Sub ##\n###### Deep\n#hashtag');
    expect(container.querySelector('h3')?.textContent).toBe('Title');
    expect(container.querySelector('h4')?.textContent).toBe('Sub');
    expect(container.querySelector('h6')?.textContent).toBe('Deep');
    expect(container.querySelector('p')?.textContent).toBe('#hashtag');
  });

  it('renders bold, italic, strikethrough and inline code', () => {
    const container = renderMarkdown(
      '**bold** __also__ *it* _too_ ~~gone~~ `a *b* c` snake_case_name ***both***',
    );
    expect([...container.querySelectorAll('strong')].map((e) => e.textContent)).toEqual([
      'bold',
      'also',
      'both',
    ]);
    expect([...container.querySelectorAll('em')].map((e) => e.textContent)).toEqual([
      'it',
      'too',
      'both',
    ]);
    expect(container.querySelector('strong em')?.textContent).toBe('both');
    expect(container.querySelector('del')?.textContent).toBe('gone');
    expect(container.querySelector('code')?.textContent).toBe('a *b* c');
    expect(container.textContent).toContain('snake_case_name');
  });

  it('leaves unmatched and escaped markers as text', () => {
    const container = renderMarkdown('2 * 3 * 4 and \\*not\\* and **open');
    expect(container.querySelector('em, strong')).toBeNull();
    expect(container.textContent).toBe('2 * 3 * 4 and *not* and **open');
  });

  it('renders code blocks verbatim', () => {
    const container = renderMarkdown('```ts\nconst a = **b**;\n  <x>\n```\nafter');
    expect(container.querySelector('pre code')?.textContent).toBe('const a = **b**;\n  <x>');
    expect(container.querySelector('strong')).toBeNull();
    expect(container.querySelector('p')?.textContent).toBe('after');
  });

  it('renders bullet, numbered and nested lists', () => {
    const container = renderMarkdown('- one\n- two\n  - nested\n\n3. three\n4. four');
    const bullet = container.querySelector('ul');
    expect(bullet?.children).toHaveLength(2);
    expect(bullet?.querySelector(':scope li ul li')?.textContent).toBe('nested');
    const numbered = container.querySelector('ol');
    expect(numbered?.getAttribute('start')).toBe('3');
    expect(numbered?.children).toHaveLength(2);
  });

  it('renders blockquotes with markdown inside', () => {
    const container = renderMarkdown('> quoted *text*\n> - item');
    const quote = container.querySelector('blockquote');
    expect(quote?.querySelector('em')?.textContent).toBe('text');
    expect(quote?.querySelector('li')?.textContent).toBe('item');
  });

  it('renders safe links that open in a new tab', () => {
    const container = renderMarkdown(
      '[Docs](https://example.com/a_(b) "Title"), <mailto:jane@example.com>, see https://example.org/x.',
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a_(b)',
      'mailto:jane@example.com',
      'https://example.org/x',
    ]);
    expect(links[0]?.textContent).toBe('Docs');
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('renders pipe tables with headers', () => {
    const container = renderMarkdown('| Name | Value |\n|:--|--:|\n| a | 1 |\n| b |');
    expect([...container.querySelectorAll('th')].map((th) => th.textContent)).toEqual([
      'Name',
      'Value',
    ]);
    expect(container.querySelector('th')?.getAttribute('scope')).toBe('col');
    expect(container.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(container.querySelector('tbody td:last-child')?.className).toContain('text-right');
  });

  it('renders mentions with the name the users list knows', () => {
    const container = renderMarkdown(
      'Ask @[Jane Doe:jane@example.com:5e8c27e3dcdddaa4addbdee8] or @[Bob:bob@example.com:5e8c27e3dcdddaa4addbdee9]',
      [{ id: '5e8c27e3dcdddaa4addbdee8', name: 'Jane Smith' }],
    );
    const mentions = [...container.querySelectorAll('span')].map((s) => s.textContent);
    expect(mentions).toEqual(['@Jane Smith', '@Bob']);
    expect(container.textContent).not.toContain('jane@example.com');
  });

  it('renders nothing for an empty source', () => {
    expect(renderMarkdown('  \n ').childElementCount).toBe(0);
  });
});
