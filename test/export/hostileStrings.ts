// Strings a stranger's experiment may hold in its name, description, folder or runs folder,
// chosen to break out of a Python string, docstring, comment, f-string or format string, a
// Markdown line, or a file name. Each payload, were it run, creates PWNED in the working folder.

const PAYLOAD = '__import__("pathlib").Path("PWNED").touch()';

const quoteRuns = (q: string) => [1, 2, 3, 4, 5, 6].map((k) => `x${q.repeat(k)}\n${PAYLOAD}\n#${q.repeat(k)}`);

/** Names and descriptions (any string JSON can hold). */
export const HOSTILE_STRINGS: readonly string[] = [
  ...quoteRuns('"'),
  ...quoteRuns("'"),
  `'''\n${PAYLOAD}\n"""\n${PAYLOAD}\n'''`,
  `"""'''"""'''\\"""\\'''`,
  `\\"""\n${PAYLOAD}\n#`,
  `\\\\\\"\\'\\`,
  `trailing backslash \\`,
  `nul \u0000 and \r carriage\r\nreturn`,
  `line\u2028separator\u2029paragraph\u0085next\u000b\u000c`,
  '%(prog)s %s %% % %(default)s 100%',
  `{}{0}{NAME}{__import__("os").getcwd()}{{`,
  `f"{${PAYLOAD}}"`,
  'non-BMP 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and é ß 中文',
  'lone \ud800 high, lone \udc00 low, reversed \udc00\ud800',
  '# a comment?\n\tindented: pass',
  '<script>alert(1)</script> [link](javascript:x) `code` | cell | *em* _u_ # h',
  '$(touch PWNED) `touch PWNED`; touch PWNED & \'"',
  '-.-.leading dots and dashes-.-',
  '...',
  'a'.repeat(231),
  `${'b'.repeat(99)}-${'c'.repeat(50)}`,
  `${'é'.repeat(120)}x`,
  '😀'.repeat(200),
  `${'d'.repeat(100)}!!!e`,
];

/** Folder names (no "/" and no NUL, which no file name holds; ≤ 255 bytes). */
export const HOSTILE_FOLDERS: readonly string[] = [
  `q"""'''\\ {} %(prog)s % $(x) \`x\``,
  `cr\rlf\nsep\u2028tab\t`,
  '😀 folder 𝔘',
  `${PAYLOAD.replace(/\//g, '')} #`,
];
