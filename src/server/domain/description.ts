/** Mention markup in descriptions: `@[Jane Doe:jane@example.com:5e8c27e3dcdddaa4addbdee8]`. */
const MENTION = /@\[([^:\]\n]{1,200}):([^:\]\n]{0,320}):([^\]\n]{0,64})\]/g;

export function mentionsToNames(text: string): string {
  return text.replace(MENTION, (_m, name: string) => `@${name}`);
}

/** The description without markdown and mention markup (`?formatting=plainText`). */
export function toPlainText(markdown: string): string {
  return mentionsToNames(markdown)
    .replace(/```[^\n]*\n?([\s\S]*?)```/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/!\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '')
    .replace(/^\s*\d+[.)]\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/<[^>\n]*>/g, '')
    .trim();
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The description as HTML for the older pages' `richTextDescription`: plain paragraphs of
 * escaped text, so nothing a user typed can become markup.
 */
export function toRichText(markdown: string): string {
  const text = toPlainText(markdown);
  if (text === '') return '';
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
