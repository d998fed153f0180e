import { type Content, renderHtml } from './html.js';
import type { Language } from './language.js';
import { plainSpaces } from './sms.js';

/** One rendered message, for every channel that carries words. */
export interface RenderedMessage {
  /** The language used: the recipient's, or English when there is no template in theirs. */
  language: Language;
  subject: string;
  /** Plain-text e-mail body. */
  text: string;
  /** HTML e-mail body (a whole document); every value escaped. */
  html: string;
  /** One short SMS text (see fitsSms for its length rule). */
  sms: string;
}

/** Paragraphs separated by a blank line; details as `Label: value` lines. */
function renderText(content: Content, colon: string): string {
  const details = content.details.map(([label, value]) => `${label}${colon}${value}`).join('\n');
  const blocks = [content.greeting, ...content.intro, details, ...content.next, ...content.closing];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

export function assemble(
  language: Language,
  colon: string,
  content: Content,
  sms: string,
): RenderedMessage {
  // A value with a line break must not spill into the mail headers.
  const subject = content.subject.replace(/\s*[\r\n]+\s*/g, ' ');
  return {
    language,
    subject,
    text: renderText(content, colon),
    html: renderHtml({ ...content, subject }, language),
    sms: plainSpaces(sms),
  };
}
