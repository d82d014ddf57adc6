import { SageStreamError } from '../errors.js';
import { previewText } from '../util/bytes.js';

/**
 * Default bound on the nesting of one JSON record of container output. Real records nest at most
 * ~6 levels (`choices[0].delta.tool_calls[0].function`); `JSON.parse` itself copes with any depth,
 * but `JSON.stringify`, `structuredClone` and `postMessage` of the parsed value — in our error
 * messages, the CLI's `--json` and a consumer's code — overflow the stack at a few thousand levels.
 */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Options of {@link parseJsonRecord}. */
export interface ParseJsonRecordOptions {
  /** Offset of the record (its line or SSE event) in the container output, for errors. */
  byteOffset: number;
  /** Deepest accepted nesting of objects and arrays (default {@link DEFAULT_MAX_JSON_DEPTH}). */
  maxDepth?: number;
  /** What the record was expected to be, for the `invalid-json` message. */
  expected: string;
}

/**
 * Parses one JSON record of container output. Throws `invalid-json` (with the record's byte offset
 * and what was expected) for text that is not JSON or that nests deeper than `maxDepth`.
 */
export function parseJsonRecord(text: string, options: ParseJsonRecordOptions): unknown {
  return parseJsonRecordAt(text, options.byteOffset, options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, options.expected);
}

/**
 * {@link parseJsonRecord} with positional arguments: the token parser calls it once per record, and
 * an options object per record is an allocation on the hottest path.
 */
export function parseJsonRecordAt(text: string, byteOffset: number, maxDepth: number, expected: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SageStreamError(
      'invalid-json',
      `Invalid JSON in the model output at byte ${byteOffset}: expected ${expected}, got ${previewText(text)}.`,
      { byteOffset, expected: 'a JSON object', actual: previewText(text), cause },
    );
  }
  // Valid JSON nested D deep is at least 2·D characters long and holds D opening brackets: the length
  // and two native scans rule out nearly every record, so the string-aware walk runs only on suspects.
  if (text.length >= 2 * (maxDepth + 1) && mayNestDeeper(text, maxDepth)) {
    const at = findDepthExcess(text, maxDepth);
    if (at >= 0) {
      throw new SageStreamError(
        'invalid-json',
        `JSON in the model output at byte ${byteOffset} nests deeper than ${maxDepth} levels (level ${maxDepth + 1} opens at character ${at} of the record): expected ${expected} nested at most ${maxDepth} deep; raise maxJsonDepth if this is expected.`,
        { byteOffset, expected: `JSON nested at most ${maxDepth} levels deep`, actual: `more than ${maxDepth} levels`, details: { maxJsonDepth: maxDepth, characterOffset: at } },
      );
    }
  }
  return value;
}

/**
 * False if `text` (valid JSON) cannot nest deeper than `maxDepth`. An array level takes at least 2
 * characters (`[]`), an object level inside another value at least 5 (`{"":` and `}`): a record with
 * no `[` at all needs 5·(maxDepth + 1) − 3 characters to pass the limit, so a token record (~140
 * characters, no arrays) costs one `indexOf` here instead of a count of its brackets.
 */
function mayNestDeeper(text: string, maxDepth: number): boolean {
  if (text.length < 5 * (maxDepth + 1) - 3 && text.indexOf('[') === -1) return false;
  return countOpeners(text, maxDepth) > maxDepth;
}

/** Number of `{` and `[` in `text`, counting stops once it passes `limit`. */
function countOpeners(text: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > limit) return count;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++count > limit) return count;
  return count;
}

/** Index of the bracket that opens nesting level `maxDepth + 1` (brackets in strings skipped), or -1. */
function findDepthExcess(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return -1;
}
