import { SageStreamError } from '../errors.js';
import { createLineDecoder } from '../framing/line-decoder.js';
import { createSseDecoder } from '../framing/sse-decoder.js';
import { DEFAULT_MAX_LINE_BYTES } from '../framing/constants.js';
import { concatBytes, previewText } from '../util/bytes.js';
import { parseContainerError } from './container-error.js';
import { detectRecordFormat, framingFromContentType, sniffFraming } from './detect-format.js';
import { interpretLmiLegacy } from './lmi-legacy.js';
import { interpretMessagesApi } from './messages-api.js';
import { DEFAULT_MAX_JSON_DEPTH, parseJsonRecordAt } from './parse-json-record.js';
import { DEFAULT_SPECIAL_TOKEN_TEXTS, emitMessageEnd, isRecord, type RecordState } from './record-state.js';
import type { ContainerFormat, ContainerFraming, TokenPart } from './token-part.js';
import { createTokenRecordReader, type TokenRecordReader } from './token-record-reader.js';
import { emitToken, interpretTokenStream } from './token-stream.js';

/** Options of {@link createTokenParser}. */
export interface TokenParserOptions {
  onPart: (part: TokenPart) => void;
  /** `X-Amzn-SageMaker-Content-Type` of the response (the container's content type). */
  contentType?: string;
  /** The container format, or `auto` (default) to detect it from the first record. */
  format?: ContainerFormat | 'auto';
  /** Framing of container output, or `auto` (default): sniffed from the first bytes, else from `contentType`. */
  framing?: ContainerFraming | 'auto';
  /** Emit special tokens as `text-delta` with `special: true` (default false: drop them). */
  includeSpecialTokens?: boolean;
  /** Token texts treated as special where the format has no flag (default: common EOS/BOS/chat markers). */
  specialTokenTexts?: readonly string[];
  /** Longest accepted JSON line / SSE event in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Deepest accepted nesting of a JSON record (default 64); deeper ones fail with `invalid-json`. */
  maxJsonDepth?: number;
  /** Longest accepted `arguments` string of one streamed tool call, in characters (default 1 Mi). */
  maxToolCallChars?: number;
  /** Most tool calls accepted in one reply (default 128). */
  maxToolCalls?: number;
}

/** Counters of a {@link TokenParser}. */
export interface TokenParserStats {
  containerBytes: number;
  records: number;
  specialTokensSkipped: number;
}

/** A push parser from container output bytes (concatenated PayloadPart bytes) to {@link TokenPart}s. */
export interface TokenParser {
  feed(bytes: Uint8Array): void;
  /** End of output: flushes a final line/event and emits `message-end` if nothing ended the reply. */
  end(): void;
  /** The framing in use, once known. */
  readonly framing: ContainerFraming | undefined;
  /** The detected (or given) format, once known. */
  readonly format: ContainerFormat | undefined;
  /** True once `message-end` or `stream-error` was emitted. */
  readonly finished: boolean;
  readonly stats: Readonly<TokenParserStats>;
}

const DONE = '[DONE]';
/** Leading whitespace tolerated before the framing is decided from the content type alone. */
const MAX_SNIFF_BYTES = 4096;
const FORMAT_SHAPES: Record<Exclude<ContainerFormat, 'raw'>, string> = {
  lmi: 'an LMI token object {"token": {"id", "text", "log_prob"}, …}',
  'lmi-legacy': 'an LMI legacy object {"outputs": ["…"]}',
  tgi: 'a TGI generate_stream event {"token": {"id", "text", "logprob", "special"}, …}',
  messages: 'a Messages API chunk {"object": "chat.completion.chunk", "choices": [{"delta": …}]}',
};

/**
 * TGI's answer to a request without `"stream": true` is its reply wrapped in an array,
 * `[{"generated_text": …}]`: its first element is read as the whole reply. Undefined for anything else.
 */
function wholeReplyOf(value: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first: unknown = value[0];
  return isRecord(first) && typeof first.generated_text === 'string' && first.token === undefined ? first : undefined;
}

/**
 * Parses container output into token parts: JSON Lines or SSE framing, then the LMI, LMI legacy,
 * TGI or Messages API format (detected from the first record unless given).
 *
 * @example
 * const parser = createTokenParser({ contentType: 'text/event-stream', onPart: (p) => p.type === 'text-delta' && write(p.text) });
 * for (const bytes of payloadParts) parser.feed(bytes);
 * parser.end();
 */
export function createTokenParser(options: TokenParserOptions): TokenParser {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let format: ContainerFormat | undefined = options.format === 'auto' ? undefined : options.format;
  let framing: ContainerFraming | undefined =
    options.framing && options.framing !== 'auto' ? options.framing : format === 'raw' ? 'raw' : undefined;
  const stats: TokenParserStats = { containerBytes: 0, records: 0, specialTokensSkipped: 0 };
  let sawDone = false;
  const state: RecordState = {
    options: {
      includeSpecialTokens: options.includeSpecialTokens ?? false,
      specialTokenTexts: new Set(options.specialTokenTexts ?? DEFAULT_SPECIAL_TOKEN_TEXTS),
      toolCalls: {
        ...(options.maxToolCallChars !== undefined ? { maxArgumentsChars: options.maxToolCallChars } : {}),
        ...(options.maxToolCalls !== undefined ? { maxCalls: options.maxToolCalls } : {}),
      },
    },
    emit: options.onPart,
    end: {},
    finished: false,
    specialTokensSkipped: 0,
  };

  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  /** What a record must be, for `invalid-json` messages (set with the framing). */
  let expectedRecord = '';
  let sink: { feed(bytes: Uint8Array): void; end(): void } | undefined;
  let sniffed: Uint8Array[] = [];
  let sniffedLength = 0;

  /**
   * Reads the plain token records of TGI and LMI (nearly every record of those streams) without
   * `JSON.parse`; set once the format is known to be one of them.
   */
  let tokenRecords: TokenRecordReader | undefined = format === 'lmi' || format === 'tgi' ? createTokenRecordReader() : undefined;

  /** One record: the JSON Lines line or SSE data `source[start, end)`, which starts at `byteOffset`. */
  function handleRecord(source: string, start: number, end: number, byteOffset: number): void {
    if (state.finished || sawDone) return;
    if (framing === 'sse' && end - start === DONE.length && source.startsWith(DONE, start)) {
      sawDone = true;
      emitMessageEnd(state);
      return;
    }
    stats.records++;
    if (tokenRecords !== undefined && tokenRecords.read(source, start, end)) {
      emitToken(state, tokenRecords.text, tokenRecords.id, tokenRecords.logprob, tokenRecords.special);
      stats.specialTokensSkipped = state.specialTokensSkipped;
      return;
    }
    const text = start === 0 && end === source.length ? source : source.slice(start, end);
    const parsed = parseJsonRecordAt(text, byteOffset, maxJsonDepth, expectedRecord);
    const whole = wholeReplyOf(parsed);
    const record = whole ?? parsed;
    if (!isRecord(record)) throw unexpected(record, byteOffset);
    const error = parseContainerError(record);
    if (error) {
      state.finished = true;
      state.emit(error);
      return;
    }
    if (format === undefined) {
      // TGI answers a request without `"stream": true` with an array (see wholeReplyOf).
      format = whole ? 'tgi' : detectRecordFormat(record, framing ?? 'jsonlines');
      if (format === undefined) throw unexpected(record, byteOffset);
      if (format === 'lmi' || format === 'tgi') tokenRecords = createTokenRecordReader();
    }
    const matched =
      format === 'lmi-legacy'
        ? interpretLmiLegacy(record, state)
        : format === 'messages'
          ? interpretMessagesApi(record, state)
          : interpretTokenStream(record, state);
    if (!matched) throw unexpected(record, byteOffset);
    stats.specialTokensSkipped = state.specialTokensSkipped;
  }

  function unexpected(record: unknown, byteOffset: number): SageStreamError {
    const expected =
      format && format !== 'raw'
        ? FORMAT_SHAPES[format]
        : `one of: ${Object.values(FORMAT_SHAPES).join('; ')}`;
    const actual = previewText(JSON.stringify(record), 120);
    return new SageStreamError(
      'unexpected-payload',
      `Unexpected record in the model output at byte ${byteOffset}: expected ${expected}, got ${actual}.${format ? ` (format: ${format}; pass another format or "auto")` : ''}`,
      { byteOffset, expected, actual },
    );
  }

  function createSink(chosen: ContainerFraming): { feed(bytes: Uint8Array): void; end(): void } {
    framing = chosen;
    expectedRecord = chosen === 'sse' ? 'an SSE data field holding one JSON object' : 'one JSON object per line';
    if (chosen === 'sse') {
      return createSseDecoder({ maxEventBytes: maxLineBytes, onData: handleRecord });
    }
    if (chosen === 'jsonlines') {
      return createLineDecoder({ maxLineBytes, onLineRange: handleRecord });
    }
    format ??= 'raw';
    const decoder = new TextDecoder();
    return {
      feed(bytes) {
        const text = decoder.decode(bytes, { stream: true });
        if (text !== '' && !state.finished) state.emit({ type: 'text-delta', text });
      },
      end() {
        const text = decoder.decode();
        if (text !== '' && !state.finished) state.emit({ type: 'text-delta', text });
      },
    };
  }

  /**
   * The framing when it was not given: `X-Amzn-SageMaker-Content-Type` decides SSE and raw; for
   * JSON types and unknown ones the first bytes are sniffed (a container that labels SSE as JSON is
   * still read right). Returns undefined while more bytes are needed.
   */
  function chooseFraming(complete: boolean): ContainerFraming | undefined {
    const declared = framingFromContentType(options.contentType);
    if (declared === 'sse' || declared === 'raw') return declared;
    const head = new TextDecoder().decode(concatBytes(sniffed, sniffedLength));
    const sniffedFraming = sniffFraming(head, complete || sniffedLength >= MAX_SNIFF_BYTES);
    if (sniffedFraming === undefined) return undefined;
    return sniffedFraming ?? declared ?? 'raw';
  }

  function feed(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    stats.containerBytes += bytes.length;
    if (sink) {
      sink.feed(bytes);
      return;
    }
    if (!framing) {
      const declared = framingFromContentType(options.contentType);
      if (declared === 'sse' || declared === 'raw') framing = declared;
    }
    if (framing) {
      sink = createSink(framing);
      sink.feed(bytes);
      return;
    }
    sniffed.push(bytes);
    sniffedLength += bytes.length;
    const chosen = chooseFraming(false);
    if (chosen === undefined) return;
    sink = createSink(chosen);
    const held = sniffed;
    sniffed = [];
    for (const piece of held) sink.feed(piece);
  }

  function end(): void {
    if (!sink && sniffedLength > 0) {
      sink = createSink(chooseFraming(true) ?? 'raw');
      for (const piece of sniffed) sink.feed(piece);
      sniffed = [];
    }
    sink?.end();
    emitMessageEnd(state);
  }

  return {
    feed,
    end,
    get framing() {
      return framing;
    },
    get format() {
      return format;
    },
    get finished() {
      return state.finished;
    },
    stats,
  };
}
