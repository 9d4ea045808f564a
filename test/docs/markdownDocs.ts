// The docs as the tests read them: README.md, CONTRIBUTING.md, CHANGELOG.md and docs/**/*.md,
// parsed with markdown-it (CommonMark), with GitHub's heading anchors.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';

export const ROOT = path.resolve(__dirname, '../..');

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<typeof markdown.parse>[number];

/** Every Markdown page of the docs, relative to the repository root. */
export function docPages(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.posix.join(dir, e.name);
      return e.isDirectory() ? under(rel) : e.name.endsWith('.md') ? [rel] : [];
    });
  return ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...under('docs')];
}

export function parse(page: string): Token[] {
  return markdown.parse(readFileSync(path.join(ROOT, page), 'utf8'), {});
}

function inlineText(token: Token | undefined): string {
  return (token?.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('');
}

/** GitHub's anchor for a heading: lowercase, punctuation but `-` and `_` dropped, spaces → `-`. */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a page's headings, with GitHub's `-1`, `-2` for repeated ones. */
export function anchors(tokens: Token[]): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const slug = githubSlug(inlineText(tokens[i + 1]));
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  });
  return out;
}

export interface Link {
  target: string;
  line: number;
  image: boolean;
}

/** Every link and image of a page: Markdown ones and `src`/`href` attributes of raw HTML. */
export function links(tokens: Token[]): Link[] {
  const out: Link[] = [];
  for (const token of tokens) {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === 'html_block') out.push(...htmlLinks(token.content, line));
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') out.push({ target: String(child.attrGet('href') ?? ''), line, image: false });
      if (child.type === 'image') out.push({ target: String(child.attrGet('src') ?? ''), line, image: true });
      if (child.type === 'html_inline') out.push(...htmlLinks(child.content, line));
    }
  }
  return out;
}

function htmlLinks(html: string, line: number): Link[] {
  return [...html.matchAll(/\b(src|href)\s*=\s*"([^"]*)"/g)].map((m) => ({
    target: m[2],
    line,
    image: m[1] === 'src',
  }));
}

export interface Fence {
  info: string;
  content: string;
  line: number;
}

export function fences(tokens: Token[]): Fence[] {
  return tokens
    .filter((token) => token.type === 'fence')
    .map((token) => ({ info: token.info.trim(), content: token.content, line: (token.map?.[0] ?? 0) + 1 }));
}
