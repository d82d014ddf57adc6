/** A top-level code fence that is still open at the end of the text. */
export interface OpenFence {
  /** Offset of the opening fence line (the live block starts here). */
  start: number;
  /** Offset just after the opening line: the code starts here. */
  contentStart: number;
  /** The info string's first word, e.g. `python`. */
  language: string;
  /** The fence characters, e.g. "```", to tell a partial closing line from code. */
  marker: string;
}

/** Splits growing Markdown into blocks that can no longer change, as the text streams in. */
export interface BlockScanner {
  /** Feeds the whole text so far (it only ever grows); scans only the new complete lines. */
  update(text: string): void;
  /** End offsets of blocks frozen since the last call, in order. */
  takeFrozen(): number[];
  /** Where the still-growing trailing block starts. */
  readonly liveStart: number;
  /** The live block is a top-level fence that has not closed yet. */
  readonly openFence: OpenFence | null;
}

/** What the block so far ends with, to decide whether the next line continues it. */
type Context = 'none' | 'list' | 'indented' | 'other';

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})([^`]*)$/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;

/**
 * Finds block boundaries in streaming Markdown so that the renderer re-renders only the last,
 * still-growing block and freezes the rest. A block ends where CommonMark cannot join it with what
 * follows: at a blank line followed by a line that does not continue a list or indented code, before
 * a heading or a code fence at column 0, and after a closed code fence. Only complete lines are
 * scanned, once each, so the cost per update is proportional to the new text — never to the reply.
 *
 * @example
 * const scanner = createBlockScanner();
 * scanner.update('# Title\n\nSome text\n\n- a');
 * scanner.takeFrozen(); // [9, 20]: "# Title\n\n" and "Some text\n\n" are final
 */
export function createBlockScanner(): BlockScanner {
  let scanned = 0; // every complete line before this offset has been processed
  let blockStart = 0;
  let pendingBreak: number | null = null; // where the next block starts, if the next line allows it
  let context: Context = 'none';
  let fence: { char: string; length: number; topLevel: boolean; open: OpenFence } | null = null;
  let frozen: number[] = [];

  const freeze = (end: number): void => {
    if (end > blockStart) frozen.push(end);
    blockStart = end;
    context = 'none';
  };

  const processLine = (text: string, lineStart: number, lineEnd: number): void => {
    let line = text.slice(lineStart, lineEnd - 1);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (fence) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) {
        fence = null;
        pendingBreak = lineEnd;
      }
      return;
    }
    if (line.trim() === '') {
      if (context !== 'none') pendingBreak = lineEnd;
      return;
    }
    const indent = /^[ \t]*/.exec(line)![0].length;
    const listItem = LIST_ITEM.test(line);
    const fenceOpen = FENCE_OPEN.exec(line);
    const heading = indent === 0 && ATX_HEADING.test(line);
    const inList = context === 'list' || context === 'indented';
    if (pendingBreak !== null) {
      const continues = inList && (indent > 0 || listItem);
      if (!continues) freeze(pendingBreak);
      pendingBreak = null;
    } else if (context !== 'none' && (heading || (fenceOpen && (indent === 0 || !inList)))) {
      // Headings and fences at column 0 interrupt a paragraph and cannot belong to a list item.
      freeze(lineStart);
    }
    if (fenceOpen) {
      const marker = fenceOpen[2]!;
      const topLevel = blockStart === lineStart;
      fence = {
        char: marker[0]!,
        length: marker.length,
        topLevel,
        open: { start: lineStart, contentStart: lineEnd, language: fenceOpen[3]!.trim().split(/\s+/)[0] ?? '', marker },
      };
    }
    if (listItem) context = 'list';
    else if (context === 'list') context = 'list'; // indented or lazy continuation of an item
    else if (indent >= 4 && (context === 'none' || context === 'indented')) context = 'indented';
    else context = 'other';
    if (heading) pendingBreak = lineEnd;
  };

  return {
    update(text) {
      let newline = text.indexOf('\n', scanned);
      while (newline !== -1) {
        processLine(text, scanned, newline + 1);
        scanned = newline + 1;
        newline = text.indexOf('\n', scanned);
      }
    },
    takeFrozen() {
      const out = frozen;
      frozen = [];
      return out;
    },
    get liveStart() {
      return blockStart;
    },
    get openFence() {
      return fence && fence.topLevel && fence.open.start === blockStart ? fence.open : null;
    },
  };
}
