import { Fragment, type ReactNode } from 'react';

/**
 * A small markdown renderer for KPI descriptions. It builds React elements from a fixed set
 * (paragraphs, headings, emphasis, code, lists, quotes, links, tables, mentions) and never
 * produces HTML strings, so whatever the source holds, raw HTML included, ends up as text.
 */

export interface MentionUser {
  id: string;
  name: string;
}

type Align = 'left' | 'center' | 'right' | null;

type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: number; text: string }
  | { type: 'code'; text: string }
  | { type: 'quote'; children: Block[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'table'; align: Align[]; header: string[]; rows: string[][] }
  | { type: 'rule' };

/** Deeper nesting of quotes and lists is shown as text, so no source can exhaust the stack. */
const MAX_DEPTH = 8;
/** Longer sources are shown as plain text: descriptions are capped at 20,000 characters. */
const MAX_SOURCE_LENGTH = 100_000;

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*)|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^( {0,3})([-*+])(?:[ \t]+(.*)|$)/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])(?:[ \t]+(.*)|$)/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => line.trim() === '';
const indentOf = (line: string) => line.length - line.trimStart().length;

function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function isTableStart(lines: readonly string[], i: number): boolean {
  const header = lines[i];
  const delimiter = lines[i + 1];
  if (header === undefined || delimiter === undefined) return false;
  if (!header.includes('|') || !delimiter.includes('|') || !TABLE_DELIMITER.test(delimiter)) {
    return false;
  }
  return splitRow(header).length === splitRow(delimiter).length;
}

/** Lines that end a paragraph when they follow one. */
function startsBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  if (BULLET.exec(line)?.[3]) return true;
  const ordered = ORDERED.exec(line);
  if (ordered?.[4] && ordered[2] === '1') return true;
  return isTableStart(lines, i);
}

function parseList(lines: readonly string[], start: number, depth: number): [Block, number] {
  const first = lines[start] ?? '';
  const ordered = !BULLET.test(first);
  const itemPattern = ordered ? ORDERED : BULLET;
  const firstMatch = ORDERED.exec(first);
  const startNumber = ordered && firstMatch ? Number(firstMatch[2]) : 1;
  const items: string[][] = [];
  let i = start;
  let current: string[] | null = null;
  let contentIndent = Infinity;
  /** A sibling item: same kind of marker, indented less than the current item's content. */
  const siblingItem = (line: string) =>
    RULE.test(line) || indentOf(line) >= contentIndent ? null : itemPattern.exec(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const item = siblingItem(line);
    if (item) {
      const marker = ordered ? `${item[2]}${item[3]}` : (item[2] ?? '-');
      const content = (ordered ? item[4] : item[3]) ?? '';
      contentIndent = (item[1] ?? '').length + marker.length + 1;
      current = [content];
      items.push(current);
      i++;
      continue;
    }
    if (current === null) break;
    if (isBlank(line)) {
      let next = i + 1;
      while (next < lines.length && isBlank(lines[next] ?? '')) next++;
      const following = lines[next];
      if (following === undefined) break;
      if (siblingItem(following)) {
        i = next;
        continue;
      }
      if (indentOf(following) >= 2) {
        for (let k = i; k < next; k++) current.push('');
        i = next;
        continue;
      }
      break;
    }
    const indent = indentOf(line);
    if (indent >= 2) {
      current.push(line.slice(Math.min(indent, contentIndent)));
      i++;
      continue;
    }
    // A lazy continuation of the item's last paragraph.
    const previous = current[current.length - 1] ?? '';
    if (!isBlank(previous) && !startsBlock(lines, i) && !(ordered ? BULLET : ORDERED).test(line)) {
      current.push(line);
      i++;
      continue;
    }
    break;
  }
  return [
    {
      type: 'list',
      ordered,
      start: startNumber,
      items: items.map((itemLines) => parseBlocks(itemLines, depth + 1)),
    },
    i,
  ];
}

function parseBlocks(lines: readonly string[], depth: number): Block[] {
  if (depth > MAX_DEPTH) {
    const text = lines.join('\n').trim();
    return text === '' ? [] : [{ type: 'paragraph', text }];
  }
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence && !(fence[1]?.startsWith('`') && fence[2]?.includes('`'))) {
      const marker = fence[1] ?? '```';
      const opening = indentOf(line);
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const inner = lines[i] ?? '';
        const trimmed = inner.trim();
        if (
          trimmed.startsWith(marker) &&
          trimmed.replaceAll(marker[0] ?? '`', '') === '' &&
          indentOf(inner) <= 3
        ) {
          i++;
          break;
        }
        body.push(inner.slice(Math.min(opening, indentOf(inner))));
        i++;
      }
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const text = (heading[2] ?? '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
      blocks.push({ type: 'heading', level: heading[1]?.length ?? 1, text });
      i++;
      continue;
    }

    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const quoted = QUOTE.exec(current);
        if (quoted) inner.push(quoted[1] ?? '');
        else if (!isBlank(current) && !isBlank(inner[inner.length - 1] ?? '')) {
          if (startsBlock(lines, i)) break;
          inner.push(current);
        } else break;
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner, depth + 1) });
      continue;
    }

    if (BULLET.test(line) || ORDERED.test(line)) {
      const [list, next] = parseList(lines, i, depth);
      blocks.push(list);
      i = next;
      continue;
    }

    if (isTableStart(lines, i)) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1] ?? '').map((cell): Align => {
        const left = cell.startsWith(':');
        const right = cell.endsWith(':');
        return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
      });
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length) {
        const row = lines[i] ?? '';
        if (isBlank(row) || !row.includes('|')) break;
        const cells = splitRow(row);
        rows.push(header.map((_, c) => cells[c] ?? ''));
        i++;
      }
      blocks.push({ type: 'table', align, header, rows });
      continue;
    }

    const paragraph: string[] = [line.trim()];
    i++;
    while (i < lines.length && !isBlank(lines[i] ?? '') && !startsBlock(lines, i)) {
      paragraph.push((lines[i] ?? '').trim());
      i++;
    }
    blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

const MAX_URL_LENGTH = 2048;
const SAFE_PREFIX = /^(?:https?:\/\/|mailto:)/i;
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
/** Browsers drop these from URLs before reading the scheme, which is how `java\tscript:` slips through. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/;

/**
 * The href a link may carry: an absolute http(s) or mailto URL, normalised by the URL parser.
 * Anything else (other schemes, relative paths, whitespace or entity tricks) is null.
 */
export function safeHref(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH || UNSAFE_CHARACTERS.test(raw)) return null;
  if (!SAFE_PREFIX.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && url.hostname === '') return null;
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Inline
// ---------------------------------------------------------------------------------------------

const MENTION = /@\[([^:\]\n]{1,200}):([^:\]\n]{0,320}):([^\]\n]{0,64})\]/y;
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/y;
const EMAIL_AUTOLINK = /<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)>/y;
const BARE_URL = /https?:\/\/[^\s<>"'`]+/iy;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

interface InlineContext {
  users: ReadonlyMap<string, string>;
  insideLink: boolean;
  depth: number;
}

interface LinkMatch {
  label: string;
  destination: string;
  end: number;
}

function unescapePunctuation(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** For each `[`, the index of its matching `]`, skipping backslash escapes: one pass per text. */
function matchBrackets(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') open.push(i);
    else if (c === ']') {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, i);
    }
  }
  return pairs;
}

/** `[label](destination "title")` at `start`, with nested brackets and parentheses balanced. */
function matchLink(text: string, start: number, brackets: Map<number, number>): LinkMatch | null {
  const i = brackets.get(start);
  if (i === undefined || text[i + 1] !== '(') return null;
  const label = text.slice(start + 1, i);
  let j = i + 2;
  while (text[j] === ' ' || text[j] === '\t') j++;
  let destination = '';
  if (text[j] === '<') {
    const close = text.indexOf('>', j);
    if (close === -1) return null;
    destination = text.slice(j + 1, close);
    j = close + 1;
  } else {
    let parens = 0;
    const from = j;
    // Longer destinations are refused anyway; the cap keeps hostile input linear.
    const limit = Math.min(text.length, from + MAX_URL_LENGTH);
    for (; j < limit; j++) {
      const c = text[j] ?? '';
      if (c === '\\') j++;
      else if (/\s/.test(c)) break;
      else if (c === '(') parens++;
      else if (c === ')') {
        if (parens === 0) break;
        parens--;
      }
    }
    if (j >= limit && limit < text.length) return null;
    destination = text.slice(from, j);
  }
  while (text[j] === ' ' || text[j] === '\t') j++;
  const quote = text[j];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, j + 1);
    if (close === -1) return null;
    j = close + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
  }
  if (text[j] !== ')') return null;
  return { label, destination: unescapePunctuation(destination), end: j + 1 };
}

/** Trailing punctuation belongs to the sentence, not to a bare URL. */
function trimBareUrl(url: string): string {
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1] ?? '';
    if ('.,:;!?\'"*_~'.includes(c)) {
      end--;
    } else if (c === ')') {
      const candidate = url.slice(0, end);
      const opens = candidate.split('(').length - 1;
      const closes = candidate.split(')').length - 1;
      if (closes > opens) end--;
      else break;
    } else break;
  }
  return url.slice(0, end);
}

function LinkOut({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="break-words text-blue-700 underline hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200"
    >
      {children}
    </a>
  );
}

const isWhitespace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordCharacter = (c: string | undefined) => c !== undefined && WORD_CHARACTER.test(c);

/**
 * Where the delimiter run closing an opener of `size` characters begins, or -1. A run closes
 * when it is as long as the opener or three or more long (it then closes with its last
 * characters, so `***x***` nests), and is not preceded by whitespace.
 */
function findCloser(text: string, from: number, marker: string, size: number): number {
  let j = text.indexOf(marker, from);
  while (j !== -1) {
    let end = j;
    while (text[end] === marker) end++;
    const run = end - j;
    const closeAt = end - size;
    const fits = run === size || (run >= 3 && marker !== '~');
    const flanked = !isWhitespace(text[j - 1]) && (marker !== '_' || !isWordCharacter(text[end]));
    if (fits && flanked && closeAt > from) return closeAt;
    j = text.indexOf(marker, end);
  }
  return -1;
}

function renderInline(text: string, context: InlineContext): ReactNode[] {
  const nodes: ReactNode[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer !== '') nodes.push(buffer);
    buffer = '';
  };
  const push = (node: ReactNode) => {
    flush();
    nodes.push(node);
  };
  const nested = (inner: string, insideLink = context.insideLink) =>
    context.depth >= MAX_DEPTH
      ? [inner]
      : renderInline(inner, { ...context, insideLink, depth: context.depth + 1 });
  /** Markers known to have no closer at or after a position, so hostile runs stay linear. */
  const noCloserFrom = new Map<string, number>();
  let brackets: Map<number, number> | null = null;

  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    const key = nodes.length + 1;

    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') {
        push(<br key={key} />);
        i += 2;
        continue;
      }
      if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
        buffer += next;
        i += 2;
        continue;
      }
    }

    if (c === '\n') {
      buffer = buffer.trimEnd();
      push(<br key={key} />);
      i++;
      while (text[i] === ' ') i++;
      continue;
    }

    if (c === '`') {
      let run = i;
      while (text[run] === '`') run++;
      const size = run - i;
      const fence = '`'.repeat(size);
      const memo = `\`${size}`;
      const known = noCloserFrom.get(memo);
      let close = known !== undefined && run >= known ? -1 : text.indexOf(fence, run);
      // The closing run must be exactly as long as the opening one.
      while (close !== -1 && (text[close + size] === '`' || text[close - 1] === '`')) {
        let skip = close;
        while (text[skip] === '`') skip++;
        close = text.indexOf(fence, skip);
      }
      if (close === -1) {
        noCloserFrom.set(memo, Math.min(known ?? Infinity, run));
        buffer += fence;
        i = run;
        continue;
      }
      let code = text.slice(run, close).replaceAll('\n', ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') {
        code = code.slice(1, -1);
      }
      push(
        <code
          key={key}
          className="rounded bg-gray-100 px-1 py-0.5 font-mono text-[0.9em] text-gray-900 dark:bg-gray-800 dark:text-gray-100"
        >
          {code}
        </code>,
      );
      i = close + size;
      continue;
    }

    if (c === '@' && text[i + 1] === '[') {
      MENTION.lastIndex = i;
      const mention = MENTION.exec(text);
      if (mention) {
        const [source, markupName = '', email = '', id = ''] = mention;
        const name = context.users.get(id.trim()) ?? markupName.trim();
        push(
          <span
            key={key}
            title={email || undefined}
            className="rounded bg-blue-50 px-1 font-medium text-blue-800 dark:bg-blue-950 dark:text-blue-200"
          >
            @{name}
          </span>,
        );
        i += source.length;
        continue;
      }
    }

    if ((c === '[' || (c === '!' && text[i + 1] === '[')) && !context.insideLink) {
      const image = c === '!';
      brackets ??= matchBrackets(text);
      const link = matchLink(text, image ? i + 1 : i, brackets);
      if (link) {
        const href = safeHref(link.destination);
        if (href) {
          push(
            <LinkOut key={key} href={href}>
              {image ? link.label || href : nested(link.label, true)}
            </LinkOut>,
          );
        } else {
          // Not a link we allow: show what was written, as text.
          buffer += text.slice(i, link.end);
        }
        i = link.end;
        continue;
      }
    }

    if (c === '<') {
      AUTOLINK.lastIndex = i;
      EMAIL_AUTOLINK.lastIndex = i;
      const auto = AUTOLINK.exec(text);
      const email = auto ? null : EMAIL_AUTOLINK.exec(text);
      const match = auto ?? email;
      if (match && !context.insideLink) {
        const target = match[1] ?? '';
        const href = safeHref(email ? `mailto:${target}` : target);
        if (href) {
          push(
            <LinkOut key={key} href={href}>
              {target}
            </LinkOut>,
          );
          i += match[0].length;
          continue;
        }
      }
    }

    if ((c === 'h' || c === 'H') && !context.insideLink && !isWordCharacter(text[i - 1])) {
      BARE_URL.lastIndex = i;
      const bare = BARE_URL.exec(text);
      if (bare) {
        const url = trimBareUrl(bare[0]);
        const href = safeHref(url);
        if (href) {
          push(
            <LinkOut key={key} href={href}>
              {url}
            </LinkOut>,
          );
          i += url.length;
          continue;
        }
      }
    }

    if (c === '*' || c === '_' || c === '~') {
      let run = i;
      while (text[run] === c) run++;
      const length = run - i;
      const size = c === '~' ? 2 : Math.min(length, 2);
      const opens =
        (c !== '~' || length === 2) &&
        !isWhitespace(text[i + size]) &&
        (c !== '_' || !isWordCharacter(text[i - 1]));
      const memo = `${c}${size}`;
      const known = noCloserFrom.get(memo);
      if (opens && (known === undefined || i + size < known)) {
        const close = findCloser(text, i + size, c, size);
        if (close === -1) {
          noCloserFrom.set(memo, Math.min(known ?? Infinity, i + size));
        } else {
          const inner = nested(text.slice(i + size, close));
          push(
            c === '~' ? (
              <del key={key}>{inner}</del>
            ) : size === 2 ? (
              <strong key={key} className="font-semibold">
                {inner}
              </strong>
            ) : (
              <em key={key}>{inner}</em>
            ),
          );
          i = close + size;
          continue;
        }
      }
      buffer += c;
      i++;
      continue;
    }

    buffer += c;
    i++;
  }
  flush();
  return nodes;
}

// ---------------------------------------------------------------------------------------------
// Blocks to elements
// ---------------------------------------------------------------------------------------------

const HEADING_CLASSES: Record<number, string> = {
  3: 'text-lg font-semibold',
  4: 'text-base font-semibold',
  5: 'text-sm font-semibold',
  6: 'text-sm font-semibold text-gray-700 dark:text-gray-300',
};

const ALIGN_CLASSES: Record<Exclude<Align, null>, string> = {
  left: 'text-left',
  center: 'text-center',
  right: 'text-right',
};

function renderBlocks(
  blocks: readonly Block[],
  context: InlineContext,
  tight = false,
): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case 'paragraph':
        return tight && blocks.length === 1 ? (
          <Fragment key={index}>{renderInline(block.text, context)}</Fragment>
        ) : (
          <p key={index}>{renderInline(block.text, context)}</p>
        );
      case 'heading': {
        // The page owns h1 and h2: markdown `#` starts at h3.
        const level = Math.min(block.level + 2, 6);
        const Tag = `h${level}` as 'h3' | 'h4' | 'h5' | 'h6';
        return (
          <Tag key={index} className={HEADING_CLASSES[level]}>
            {renderInline(block.text, context)}
          </Tag>
        );
      }
      case 'code':
        return (
          <pre
            key={index}
            className="overflow-x-auto rounded-md bg-gray-100 p-3 font-mono text-xs text-gray-900 dark:bg-gray-800 dark:text-gray-100"
          >
            <code>{block.text}</code>
          </pre>
        );
      case 'quote':
        return (
          <blockquote
            key={index}
            className="space-y-2 border-l-4 border-gray-300 pl-3 text-gray-700 dark:border-gray-600 dark:text-gray-300"
          >
            {renderBlocks(block.children, context)}
          </blockquote>
        );
      case 'list': {
        const items = block.items.map((item, n) => (
          <li key={n} className="space-y-1">
            {renderBlocks(item, context, true)}
          </li>
        ));
        return block.ordered ? (
          <ol
            key={index}
            start={block.start === 1 ? undefined : block.start}
            className="list-decimal space-y-1 pl-6"
          >
            {items}
          </ol>
        ) : (
          <ul key={index} className="list-disc space-y-1 pl-6">
            {items}
          </ul>
        );
      }
      case 'table':
        return (
          <div key={index} className="overflow-x-auto">
            <table className="min-w-full border-collapse text-left text-sm">
              <thead>
                <tr className="border-b border-gray-300 dark:border-gray-600">
                  {block.header.map((cell, c) => (
                    <th
                      key={c}
                      scope="col"
                      className={`px-2 py-1 font-semibold ${ALIGN_CLASSES[block.align[c] ?? 'left']}`}
                    >
                      {renderInline(cell, context)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {block.rows.map((row, r) => (
                  <tr key={r} className="border-b border-gray-200 dark:border-gray-700">
                    {row.map((cell, c) => (
                      <td
                        key={c}
                        className={`px-2 py-1 ${ALIGN_CLASSES[block.align[c] ?? 'left']}`}
                      >
                        {renderInline(cell, context)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      case 'rule':
        return <hr key={index} className="border-gray-200 dark:border-gray-700" />;
    }
  });
}

/** Markdown as React elements; mentions show the user's current name when `users` knows them. */
export function Markdown({
  source,
  users,
  className = '',
}: {
  source: string;
  users?: readonly MentionUser[];
  className?: string;
}) {
  if (source.trim() === '') return null;
  const context: InlineContext = {
    users: new Map((users ?? []).map((u) => [u.id, u.name])),
    insideLink: false,
    depth: 0,
  };
  const text = source.replace(/\r\n?/g, '\n');
  const content =
    text.length > MAX_SOURCE_LENGTH ? (
      <p className="whitespace-pre-wrap">{text}</p>
    ) : (
      renderBlocks(parseBlocks(text.split('\n'), 0), context)
    );
  return <div className={`space-y-3 break-words text-sm leading-6 ${className}`}>{content}</div>;
}
