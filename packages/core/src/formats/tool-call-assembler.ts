import { SageStreamError } from '../errors.js';
import type { ToolCall, ToolCallDeltaPart } from './token-part.js';

/** Default cap on one tool call's concatenated `arguments` (characters). */
export const DEFAULT_MAX_TOOL_CALL_CHARS = 1024 * 1024;
/** Default cap on the number of tool calls in one reply. */
export const DEFAULT_MAX_TOOL_CALLS = 128;

/** Options of {@link createToolCallAssembler}. */
export interface ToolCallAssemblerOptions {
  /** Longest accepted `arguments` string of one call (default 1 Mi characters). */
  maxArgumentsChars?: number;
  /** Most tool calls accepted in one reply (default 128). */
  maxCalls?: number;
}

/** Collects `delta.tool_calls` fragments into complete calls. */
export interface ToolCallAssembler {
  /** Adds one fragment. Throws `tool-call-too-large` past a limit. */
  push(delta: ToolCallDeltaPart): void;
  /** Calls received but not yet completed, in index order; marks them completed. */
  complete(): ToolCall[];
  /** Every call completed so far, in the order they completed. */
  readonly completed: readonly ToolCall[];
}

/**
 * Assembles OpenAI-style streamed tool calls (vLLM, SGLang, TGI, LMI): the first fragment of a call
 * carries `index`, `id` and `function.name`; later fragments of the same `index` carry only pieces
 * of `function.arguments`, which must be concatenated in order (wire spec §13.4). Fragments of
 * different calls may interleave, so state is kept per index. A fragment for an index whose call
 * already completed starts a new call.
 */
export function createToolCallAssembler(options: ToolCallAssemblerOptions = {}): ToolCallAssembler {
  const maxArgumentsChars = options.maxArgumentsChars ?? DEFAULT_MAX_TOOL_CALL_CHARS;
  const maxCalls = options.maxCalls ?? DEFAULT_MAX_TOOL_CALLS;
  const open = new Map<number, { id: string; name: string; pieces: string[]; length: number }>();
  const completed: ToolCall[] = [];

  return {
    push(delta) {
      let call = open.get(delta.index);
      if (!call) {
        if (open.size + completed.length >= maxCalls) {
          throw new SageStreamError('tool-call-too-large', `The reply has more than ${maxCalls} tool calls (raise maxToolCalls to accept more).`, {
            expected: `at most ${maxCalls} tool calls`,
            actual: `tool call index ${delta.index}`,
          });
        }
        call = { id: '', name: '', pieces: [], length: 0 };
        open.set(delta.index, call);
      }
      // TGI repeats `"id": ""` and `"name": null` on later fragments: only a non-empty value counts.
      if (delta.id && call.id === '') call.id = delta.id;
      if (delta.name && call.name === '') call.name = delta.name;
      if (delta.argumentsDelta !== '') {
        call.length += delta.argumentsDelta.length;
        if (call.length > maxArgumentsChars) {
          throw new SageStreamError(
            'tool-call-too-large',
            `The arguments of tool call ${delta.index}${call.name ? ` (${call.name})` : ''} exceed ${maxArgumentsChars} characters (raise maxToolCallChars to accept more).`,
            { expected: `at most ${maxArgumentsChars} characters`, actual: `${call.length} characters` },
          );
        }
        call.pieces.push(delta.argumentsDelta);
      }
    },
    complete() {
      const done = [...open.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]): ToolCall => ({ index, id: call.id, name: call.name, arguments: call.pieces.join('') }));
      open.clear();
      completed.push(...done);
      return done;
    },
    get completed() {
      return completed;
    },
  };
}
