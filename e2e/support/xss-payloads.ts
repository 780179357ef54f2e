/**
 * Hostile text stored in every field the SPA shows. Each payload, if it ever ran, would reach a
 * sink the journey watches: `alert`/`confirm`/`prompt`, `window.__xss`, or a request to /pwned.
 * The number inside each sink tells which payload fired.
 *
 * Several target the SPA's own markdown parser (src/web/lib/markdown.tsx): link destinations,
 * autolinks, bare URLs, images, mentions `@[name:email:id]`, nesting, tables and escapes.
 */

const TAB = '\t';
const ZERO_WIDTH_SPACE = '\u200b';
const RIGHT_TO_LEFT_OVERRIDE = '\u202e';
const NBSP = '\u00a0';

/** `<script>alert(34)</script>`, as a data URL would carry it. */
const BASE64_SCRIPT = Buffer.from('<script>alert(34)</script>').toString('base64');

export const XSS_PAYLOADS: readonly string[] = [
  // Script elements.
  '<script>alert(1)</script>',
  '<SCRIPT SRC=/pwned?2></SCRIPT>',
  '<script>window.__xss=3</script>',
  '<svg><script>alert(4)</script></svg>',
  // Event handlers on elements that load or fail by themselves.
  '<img src=x onerror=alert(5)>',
  '<img src="x" onerror="window.__xss=6">',
  '<svg onload=alert(7)>',
  '<svg/onload=alert(8)>',
  '<body onload=alert(9)>',
  "<details open ontoggle=fetch('/pwned?10')>",
  '<x onclick=alert(11)>click me',
  '<img src=/pwned?12>',
  // Breaking out of attributes and raw-text elements.
  '"><svg onload=alert(13)>',
  "'><img src=x onerror=alert(14)>",
  '" onmouseover="alert(15)" x="',
  "' autofocus onfocus='alert(16)",
  '</textarea><script>alert(17)</script>',
  '</title><script>alert(18)</script>',
  '<img src="x` `onerror=alert(19)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(20)>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(21)>',
  // Frames, plugins and document-level elements.
  '<iframe src="javascript:alert(22)"></iframe>',
  '<iframe srcdoc="<script>parent.__xss=23</script>"></iframe>',
  '<object data="javascript:alert(24)"></object>',
  '<embed src="data:text/html,<script>alert(25)</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(26)">',
  '<base href="javascript:alert(27)//">',
  '<form action="javascript:alert(28)"><button>go</button></form>',
  '<button formaction="javascript:alert(29)">go</button>',
  '<a href="javascript:alert(30)">click</a>',
  '<a href=JaVaScRiPt:alert(31)>click</a>',
  // Styles.
  '<div style="background:url(javascript:alert(32))">x</div>',
  '<div style="width:expression(alert(33))">x</div>',
  // Markdown link destinations with every way of spelling a script URL.
  `[x](data:text/html;base64,${BASE64_SCRIPT})`,
  '[x](javascript:alert(35))',
  '[x](JaVaScRiPt:alert(36))',
  '[x](&#106;avascript:alert(37))',
  '[x](&#x6A;&#x61;vascript&colon;alert(38))',
  `[x](java${TAB}script:alert(39))`,
  '[x]( javascript:alert(40) )',
  '[x](<javascript:alert(41)>)',
  '[x](javascript\\:alert(42))',
  `[x](jav${ZERO_WIDTH_SPACE}ascript:alert(43))`,
  `[x](${ZERO_WIDTH_SPACE}javascript:alert(44))`,
  '[x](vbscript:msgbox(45))',
  '[x](https://example.com "\\"><svg onload=alert(46)>")',
  '[x](https:javascript:alert(47))',
  '[x](//pwned.example/48)',
  // Autolinks and bare URLs.
  '<javascript:alert(49)>',
  '<JAVASCRIPT:window.__xss=50>',
  '<data:text/html,<script>alert(51)</script>>',
  '<vbscript:msgbox(52)>',
  'https://example.com/"onmouseover="alert(53)',
  'https://example.com/<img/src/onerror=alert(54)>',
  // Images.
  '![x](javascript:alert(55))',
  '![x" onerror="alert(56)](https://example.com/a.png)',
  '![<img src=x onerror=alert(57)>](x)',
  // Nesting.
  '[**x**](javascript:alert(58))',
  '**[x](javascript:alert(59))**',
  '[[x](https://example.com)](javascript:alert(60))',
  '***[x](javascript:alert(61))***~~<svg onload=alert(61)>~~',
  // Mentions: name, email (shown as a tooltip) and id.
  '@[<img src=x onerror=alert(62)>:a@example.com:u]',
  '@[Ann:"><svg onload=alert(63)>:u1]',
  '@[Ann:a@example.com:javascript:alert(64)]',
  '@[[x](javascript\\:alert(65)):a@example.com:u1]',
  // Unicode tricks.
  `${RIGHT_TO_LEFT_OVERRIDE}<img src=x onerror=alert(66)>`,
  `java${ZERO_WIDTH_SPACE}script:alert(67)`,
  `<img${NBSP}src=x${NBSP}onerror=alert(68)>`,
  // HTML entities and other encodings.
  '&lt;script&gt;alert(69)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(70)&#62;',
  '<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;71&#41;>',
  '%3Cscript%3Ealert(72)%3C/script%3E',
  '\\u003cscript\\u003ealert(73)\\u003c/script\\u003e',
  // Template and expression languages.
  '${alert(74)}',
  "{{constructor.constructor('alert(75)')()}}",
  '`-alert(76)-`',
  // Plain URLs in text.
  'javascript:alert(77)',
  'data:text/html,<script>alert(78)</script>',
  // Names that collide with object internals.
  '__proto__<svg onload=alert(79)>',
  // Very long.
  `${'A'.repeat(200)}<img src=x onerror=alert(80)>`,
];

/**
 * Markdown block contexts, each wrapping one payload; the descriptions use them so that every
 * payload also passes through headings, quotes, lists, tables and code.
 */
export const BLOCK_CONTEXTS: readonly ((payload: string) => string)[] = [
  (p) => `# ${p}`,
  (p) => `> ${p}`,
  (p) => `- ${p}\n  - *${p}*`,
  (p) => `| ${p.replaceAll('|', '\\|')} | b |\n|---|---|\n| c | ${p.replaceAll('|', '\\|')} |`,
  (p) => `\`\`\`\n${p}\n\`\`\``,
  (p) => `\`${p}\``,
];

/** Payloads short enough for the 16 characters of a KPI's prefix and suffix. */
export const SHORT_PAYLOADS: readonly string[] = [
  '<script>',
  '"><svg onload=x>',
  "'-alert(81)-'",
  '${alert(82)}',
  '<img src=x>',
  '&lt;b&gt;',
];

/**
 * Ids that are really paths: stored where the SPA reads a KPI id from text (a board item's
 * `kpiIds` setting) or taken from the address, they must not steer the SPA's API reads
 * elsewhere. Each would end in a request to /pwned if it did.
 */
export const PATH_PAYLOADS: readonly string[] = [
  '../../../../pwned?91',
  '..%2F..%2F..%2F..%2Fpwned%3F92',
  'x/../../../../../pwned?93#',
  '%2e%2e/%2e%2e/%2e%2e/%2e%2e/pwned?94',
  '//pwned.example/95',
  'https://pwned.example/96',
  'javascript:alert(97)',
];
