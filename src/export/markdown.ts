// Writing Markdown from user strings (the project README's title and description): the one
// escaping function for Markdown. Text stays text: no heading, list, link, HTML, code span or
// table cell can start inside it, and it stays on its line.

/** `s` as inline Markdown text that reads as `s`: one line, every ASCII punctuation escaped. */
export function mdText(s: string): string {
  return (
    s
      // lone surrogates cannot be written as UTF-8: U+FFFD, as any UTF-8 encoder writes them
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      // line breaks and other control characters would end the line or hide text: a space
      .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
      // CommonMark: any ASCII punctuation may be backslash-escaped, and then is literal
      .replace(/[!-/:-@[-`{-~]/g, '\\$&')
  );
}
