import TurndownService from 'turndown';
// @ts-expect-error -- @joplin/turndown-plugin-gfm ships no type declarations
import { gfm as untypedGfm } from '@joplin/turndown-plugin-gfm';

const gfm: TurndownService.Plugin = untypedGfm;

/** The slice of the DOM (turndown parses with domino) that the rules below read. */
type DomNode = {
  nodeName: string;
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  rows?: ArrayLike<DomNode>;
  isBlock?: boolean;
  getAttribute?(name: string): string | null;
};

const DROPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'IFRAME', 'TEMPLATE', 'SVG', 'OBJECT', 'EMBED', 'CANVAS', 'HEAD', 'NAV']);
// Tables holding block content are page layout, not data: rendered as their content instead of a grid.
const LAYOUT_MARKERS = new Set(['UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'BLOCKQUOTE', 'PRE', 'TABLE']);
const TABLE_PARTS = new Set(['TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH', 'CAPTION']);
const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

function isDropped(node: DomNode): boolean {
  if (DROPPED_ELEMENTS.has(node.nodeName.toUpperCase())) return true;
  return node.getAttribute?.('hidden') != null || node.getAttribute?.('aria-hidden') === 'true';
}

function visibleText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeType !== 1 || isDropped(node)) return '';
  return Array.from(node.childNodes, (child) => (child.isBlock ? ` ${visibleText(child)} ` : visibleText(child))).join('');
}

function containsAny(node: DomNode, names: Set<string>): boolean {
  return Array.from(node.childNodes).some((child) => names.has(child.nodeName) || containsAny(child, names));
}

export function convertHtml(html: string): { title: string | undefined; content: string } {
  let documentTitle: string | undefined;
  let firstH1: string | undefined;
  const layoutTables = new WeakMap<DomNode, boolean>();
  const isLayoutTable = (table: DomNode): boolean => {
    let layout = layoutTables.get(table);
    if (layout === undefined) {
      layoutTables.set(table, (layout = containsAny(table, LAYOUT_MARKERS)));
      // domino builds `table.rows` afresh on every read and the GFM plugin reads it inside loops,
      // which made a 2,000-row price list take 10 s. Turndown never edits the DOM, so a snapshot is exact.
      Object.defineProperty(table, 'rows', { value: Array.from(table.rows ?? []) });
    }
    return layout;
  };
  const nearestTable = (node: DomNode): DomNode | undefined => {
    for (let current: DomNode | null = node; current; current = current.parentNode) if (current.nodeName === 'TABLE') return current;
    return undefined;
  };

  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    // Nothing may come out as raw HTML: anything "kept" is rendered as its text instead.
    keepReplacement: (content, node) => ((node as DomNode).isBlock ? `\n\n${content}\n\n` : content),
  });
  service.use(gfm);
  // Rules added later win, so these take precedence over the GFM table rules and the defaults.
  service.addRule('layoutTable', {
    filter: (node) => {
      const table = TABLE_PARTS.has(node.nodeName) ? nearestTable(node as DomNode) : undefined;
      return table !== undefined && isLayoutTable(table);
    },
    replacement: (content) => `\n\n${content}\n\n`,
  });
  service.addRule('documentTitle', {
    filter: 'title',
    replacement: (_content, node) => {
      documentTitle ??= visibleText(node as DomNode);
      return '';
    },
  });
  service.addRule('firstH1', {
    filter: 'h1',
    replacement: (content, node) => {
      firstH1 ??= visibleText(node as DomNode);
      return `\n\n# ${content}\n\n`;
    },
  });
  service.addRule('safeLink', {
    filter: 'a',
    replacement: (content, node) => {
      const href = (node as DomNode).getAttribute?.('href')?.trim() ?? '';
      if (!content.trim() || !SAFE_LINK.test(href)) return content;
      return `[${content}](${href.replace(/[()<> ]/g, (char) => encodeURIComponent(char))})`;
    },
  });
  service.addRule('imageAltText', {
    filter: 'img',
    replacement: (_content, node) => service.escape((node as DomNode).getAttribute?.('alt')?.trim() ?? ''),
  });
  service.addRule('dropped', { filter: (node) => isDropped(node as DomNode), replacement: () => '' });

  // Text that merely looks like a tag (`&lt;b&gt;` in the page) is escaped so no Markdown renderer reads it as HTML.
  const escapeMarkdown = service.escape.bind(service);
  service.escape = (text) => escapeMarkdown(text).replace(/<(?=[A-Za-z/!?])/g, '\\<');

  const markdown = service
    .turndown(html)
    // The GFM table rule joins multi-line cells with <br>; a Markdown table cell has to stay on one line.
    .replace(/[ \t]*(?<!\\)(?:<br>[ \t]*)+/g, ' ')
    .replace(/\u00a0/g, ' ');
  return { title: documentTitle || firstH1, content: markdown };
}

// ---------------------------------------------------------------------------------------------
// PDF
