/**
 * THE door for text from outside (the API, websites through Extruct, a link, another extension, a
 * paste): every chat tool answer and every surface that shows such text passes it through `plain`.
 *
 * What it does, in order:
 *  1. line breaks, tabs and every other control or separator character become a space;
 *  2. what cannot be seen is removed: format characters (\p{Cf}: zero-width spaces and joiners, bidi
 *     controls such as RLO, the BOM, soft hyphens), Unicode tag characters (U+E0000–E007F, read by a
 *     model and invisible in the chat), variation selectors, private-use and lone surrogate code
 *     points, and the blank "filler" letters; long stacks of combining marks are cut to three;
 *  3. whitespace collapses to single spaces, trimmed: a field is one line and can never start one;
 *  4. markup is defused with a visible space: `](` (a link in a notification, a Markdown link) becomes
 *     `] (`, `$(` (an icon in quick picks, titles, labels, tooltips) becomes `$ (`, and `<` before a
 *     letter, `/`, `!` or `?` (an autolink such as `<command:…>`, or an HTML tag) becomes `< `;
 *  5. the result is cut to `max` characters (UTF-16 units, never inside a character), with "…".
 *
 * The output is idempotent (`plain(plain(s, n), n) === plain(s, n)`) and reads as the input did.
 * `plainParagraphs` does the same but keeps line breaks, for the detail panel's long texts.
 */

/* eslint-disable no-misleading-character-class -- combining and variation characters are listed on purpose: alone they hide data. */

/** Removed outright: nothing a person can see, and what a model reads without the person knowing. */
const HIDDEN =
  /[\p{Cf}\p{Co}\p{Cs}\u{E0000}-\u{E007F}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFFA0]/gu;
/** Controls (C0, DEL, C1), separators and other blanks: one space each. */
const BLANK = /[\p{Cc}\p{Z}\s\u2800]+/gu;
/** Every blank but the line feed, for `plainParagraphs`. */
const BLANK_BUT_NEWLINE = /[^\S\n]|[^\P{Cc}\n]|[\p{Z}\u2800]/gu;
/** A fourth combining mark on one character and beyond ("Zalgo" text spilling over other lines). */
const MARK_STACK = /(\p{M}{3})\p{M}+/gu;

/** The most characters `plain` returns by default: more than any one field needs. */
const PLAIN_MAX = 1_000;

/** Steps 2 and 4 of `plain`, on text whose blanks are already dealt with. */
function visible(s: string): string {
  return s
    .replace(HIDDEN, '')
    .replace(MARK_STACK, '$1')
    .replace(/\]\(/g, '] (')
    .replace(/\$\(/g, '$ (')
    .replace(/<(?=[\p{L}/!?])/gu, '< ');
}

/** The text cut to `max` UTF-16 units, with "…" when cut, never splitting a surrogate pair. */
function bound(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max < 1) return '';
  let end = max - 1;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // a high surrogate whose pair would be cut off
  return `${s.slice(0, end).trimEnd()}…`;
}

/**
 * Text that `plain` would return unchanged: printable ASCII, single spaces between words, no markup. Most
 * text (ours, and most of the API's) is such; it skips the Unicode regular expressions, which are costly to
 * compile the first time (at activation, say).
 */
const INERT_ASCII = /^(?:[!-~]+(?: [!-~]+)*)?$/;
const MARKUP = /\]\(|\$\(|<[A-Za-z/!?]/;

/** Outside text as one inert, visible, bounded line (see the file's comment). */
export function plain(text: string, max = PLAIN_MAX): string {
  if (INERT_ASCII.test(text) && !MARKUP.test(text)) return bound(text, max);
  // Collapsing after `visible` as well: removing a hidden character can leave two spaces side by side.
  const oneLine = visible(text.replace(BLANK, ' ')).replace(/ {2,}/g, ' ').trim();
  return bound(oneLine, max);
}

/**
 * Like `plain`, but line breaks stay (at most one empty line in a row) and each line is trimmed: for
 * long texts shown as paragraphs (a company's description in the panel), never for a chat tool.
 */
export function plainParagraphs(text: string, max: number): string {
  const lines = text
    .replace(/\r\n?|[\u2028\u2029\u0085\v\f]/g, '\n')
    .replace(BLANK_BUT_NEWLINE, ' ')
    .split('\n')
    .map((line) => visible(line).replace(/ {2,}/g, ' ').trim());
  return bound(
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    max,
  );
}

/**
 * The text with every hidden character (and line or paragraph separator) written as its JSON escape
 * (`\u202e`), for raw JSON shown as it came: faithful, and nothing in it hidden.
 */
export function escapeUnseen(json: string): string {
  return json.replace(new RegExp(`${HIDDEN.source}|[\u007F-\u009F\u2028\u2029]`, 'gu'), (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** True when the text holds something `plain` would remove or turn into a space (other than plain spaces). */
export function hasHiddenOrControl(text: string): boolean {
  return new RegExp(HIDDEN.source, 'u').test(text) || /[\p{Cc}\u2028\u2029\u0085]/u.test(text);
}
