/**
 * Characters a terminal may act on instead of showing: C0 and C1 controls (ESC, CSI, BEL, backspace,
 * carriage return...), DEL, and the line separators and bidirectional overrides that reorder or
 * hide text. Dead letters are written by whoever could publish, so none of these reaches a terminal.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_FOR_TERMINALS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text as one safe line: every unsafe character written as a visible escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINALS, (character) => {
    const code = character.charCodeAt(0);
    switch (character) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
  });
}

/**
 * One JSON line that is also safe on a terminal: JSON.stringify escapes C0 controls but not DEL, C1,
 * line separators or bidi overrides, which are escaped here as \uXXXX (still the same JSON value).
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSAFE_FOR_TERMINALS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
