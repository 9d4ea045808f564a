// What a quick fix writes for a diagnostic that says `did you mean "X"?`: the suggestion, as
// JSON where the range is a JSON string (a key or a value), as written otherwise. Pure.

const DID_YOU_MEAN = /\(did you mean "([^"\\]+)"\?\)$/;

/** The suggested name or value of a diagnostic's message, if it makes one. */
export function suggestionOf(message: string): string | undefined {
  return DID_YOU_MEAN.exec(message)?.[1];
}

/** The text that replaces `written` (the diagnostic's range) with the suggestion. */
export function replacementFor(written: string, suggestion: string): string {
  return written.startsWith('"') ? JSON.stringify(suggestion) : suggestion;
}
