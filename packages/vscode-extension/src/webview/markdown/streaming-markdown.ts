import { createBlockScanner, type BlockScanner, type OpenFence } from './block-scanner.js';
import { createCodeBlockShell } from './code-block.js';
import { cleanLanguage } from './highlight.js';
import type { MarkdownRenderer } from './render-markdown.js';

/** A reply's body that renders its Markdown incrementally as the text grows. */
export interface StreamingMarkdown {
  /**
   * Shows `text`. While streaming, `text` extends the previous one; `final` renders the trailing
   * block for good. A text that does not extend the previous one is re-rendered from scratch.
   */
  update(text: string, final: boolean): void;
}

/** Frozen blocks per chunk element: keeps the body's child list short, so that appending to a
 * long reply does not make the browser walk hundreds of siblings on every layout. */
const BLOCKS_PER_CHUNK = 16;

interface LiveFence {
  start: number;
  code: HTMLElement;
  /** Offset up to which complete code lines are in the DOM. */
  appendedTo: number;
  /** The incomplete last line, replaced on every update. */
  partial: Text;
  marker: string;
}

/**
 * Renders streaming Markdown into `container` so that the cost of an update does not grow with the
 * reply: blocks that can no longer change ({@link createBlockScanner}) are rendered once and never
 * touched again; only the trailing block is re-rendered. An open top-level code fence is shown as a
 * code block at once, its lines appended as plain text (no re-highlighting per token), and
 * highlighted once when it closes — so it never flickers back to raw backticks.
 *
 * @example
 * const body = createStreamingMarkdown({ container, renderer });
 * body.update('Hello **wor', false); // later:
 * body.update('Hello **world**', true);
 */
export function createStreamingMarkdown(options: { container: HTMLElement; renderer: MarkdownRenderer }): StreamingMarkdown {
  const { container, renderer } = options;
  let source = '';
  let finalized = false;
  let scanner: BlockScanner = createBlockScanner();
  let frozenEnd = 0;
  let live: HTMLDivElement = document.createElement('div');
  let chunk: HTMLDivElement | null = null;
  let chunkBlocks = 0;
  let liveText = '';
  let liveFence: LiveFence | null = null;

  const reset = (): void => {
    scanner = createBlockScanner();
    source = '';
    frozenEnd = 0;
    finalized = false;
    live = document.createElement('div');
    live.className = 'live-block';
    liveText = '';
    liveFence = null;
    chunk = null;
    chunkBlocks = 0;
    container.replaceChildren(live);
  };
  reset();

  const freezeTo = (end: number): void => {
    const block = source.slice(frozenEnd, end);
    frozenEnd = end;
    if (block.trim() === '') return;
    if (!chunk || chunkBlocks === BLOCKS_PER_CHUNK) {
      chunk = document.createElement('div');
      chunk.className = 'md-chunk';
      chunkBlocks = 0;
      container.insertBefore(chunk, live);
    }
    chunk.append(renderer.render(block));
    chunkBlocks++;
  };

  const clearLive = (): void => {
    live.replaceChildren();
    liveText = '';
    liveFence = null;
  };

  const showFence = (fence: OpenFence): void => {
    if (!liveFence || liveFence.start !== fence.start) {
      const shell = createCodeBlockShell(cleanLanguage(fence.language));
      const partial = document.createTextNode('');
      shell.code.append(partial);
      live.replaceChildren(shell.root);
      liveText = '';
      liveFence = { start: fence.start, code: shell.code, appendedTo: fence.contentStart, partial, marker: fence.marker };
    }
    const lineEnd = source.lastIndexOf('\n') + 1;
    if (lineEnd > liveFence.appendedTo) {
      liveFence.code.insertBefore(document.createTextNode(source.slice(liveFence.appendedTo, lineEnd)), liveFence.partial);
      liveFence.appendedTo = lineEnd;
    }
    const partial = source.slice(Math.max(lineEnd, liveFence.appendedTo));
    // A half-typed closing fence is not code: hide it rather than flash it.
    const closing = new RegExp(`^ {0,3}\\${liveFence.marker[0]}+\\s*$`).test(partial);
    liveFence.partial.data = closing ? '' : partial;
  };

  const showMarkdown = (text: string): void => {
    liveFence = null;
    if (text === liveText) return;
    liveText = text;
    if (text.trim() === '') live.replaceChildren();
    else live.replaceChildren(renderer.render(text));
  };

  return {
    update(text, final) {
      // After the final render the blocks are settled: any change means starting over.
      if (!text.startsWith(source) || (finalized && text !== source)) reset();
      if (text === source && (finalized || !final)) return;
      source = text;
      scanner.update(text);
      for (const end of scanner.takeFrozen()) freezeTo(end);
      if (final) {
        clearLive();
        freezeTo(text.length);
        finalized = true;
        return;
      }
      const fence = scanner.openFence;
      if (fence && fence.start === frozenEnd) showFence(fence);
      else showMarkdown(text.slice(frozenEnd));
    },
  };
}
