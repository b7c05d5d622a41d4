/**
 * Finds links in chat text, for channels that do not allow them. A link is anything a reader
 * could paste into a browser: a scheme (`https://…`), a `www.` host, or a bare domain such as
 * `example.com` or `t.me/x`. Bare domains only count with a top-level domain from the list below:
 * any word, dot, word would also catch "end.Next sentence" typed without a space.
 */

/** Generic TLDs spammers use most, and country codes that are popular as link shorteners. */
const TLDS = new Set(
  (
    'com net org info biz xyz online site top club shop store app dev live stream link click fun win vip pro tech ' +
    'space website icu buzz sex porn xxx bet casino money io gg tv co me ly to be us uk in de ru fr jp cn br ' +
    'au ca es it nl pl ai cc ws su gl gd tk ml ga cf gq sh so st fm am ee lt lv ua kz eu asia moe'
  ).split(' '),
);

const SCHEME_OR_WWW = /\b(?:https?:\/\/|www\.)\S/i;
/** What cannot be part of a host name: splitting on it leaves candidate hosts. */
const NOT_HOST = /[^\p{L}\p{N}._-]+/u;
const LETTER = /\p{L}/u;

/**
 * host.tld with a known TLD; the label before it needs a letter, so numbers and times ("1.st",
 * "3.am") stay text. Word by word rather than one big pattern: linear on any input.
 */
function isBareDomain(word: string): boolean {
  const labels = word.replace(/^\.+|\.+$/g, '').split('.');
  if (labels.length < 2 || labels.some((label) => label.length === 0)) return false;
  const tld = labels[labels.length - 1] ?? '';
  const host = labels[labels.length - 2] ?? '';
  return TLDS.has(tld.toLowerCase()) && LETTER.test(host);
}

export function containsLink(text: string): boolean {
  // NFKC folds full-width letters and dots (ｅｘａｍｐｌｅ．ｃｏｍ) into the ones a browser reads.
  const folded = text.normalize('NFKC').replace(/[\u3002\uFF61]/g, '.');
  return SCHEME_OR_WWW.test(folded) || folded.split(NOT_HOST).some(isBareDomain);
}
