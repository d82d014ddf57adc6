const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A parsed JSON body, or where parsing failed (0-based character offset, 1-based line/column). */
export type JsonBody =
  | { ok: true; value: unknown; text: string }
  | { ok: false; text: string; position: number; line: number; column: number; endOfInput: boolean; expected: string };

/** Parses a request body as JSON, locating the error the way Python and serde report it. */
export function parseJsonBody(body: Uint8Array): JsonBody {
  const text = utf8.decode(body);
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch {
    const { position, expected } = locateJsonError(text);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return { ok: false, text, position, line, column, endOfInput: position >= text.length, expected };
  }
}

/**
 * Finds the first JSON syntax error with a small recursive-descent scan (V8's messages do not
 * always give a position): the offset and what a parser expected there, e.g. `value`.
 */
export function locateJsonError(text: string): { position: number; expected: string } {
  let index = 0;
  const fail = (expected: string): never => {
    throw { position: index, expected };
  };
  const space = (): void => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index++;
  };
  const string = (): void => {
    for (index++; index < text.length; index++) {
      if (text[index] === '\\') index++;
      else if (text[index] === '"') {
        index++;
        return;
      }
    }
    fail('string end');
  };
  const value = (): void => {
    space();
    const character = text[index];
    if (character === '{' || character === '[') {
      const close = character === '{' ? '}' : ']';
      index++;
      space();
      if (text[index] === close) {
        index++;
        return;
      }
      for (;;) {
        if (close === '}') {
          space();
          if (text[index] !== '"') fail('property name enclosed in double quotes');
          string();
          space();
          if (text[index] !== ':') fail("':' delimiter");
          index++;
        }
        value();
        space();
        if (text[index] === ',') {
          index++;
          continue;
        }
        if (text[index] === close) {
          index++;
          return;
        }
        fail("',' delimiter");
      }
    }
    if (character === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(index, index + 400));
    if (number) {
      index += number[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return;
      }
    }
    fail('value');
  };
  try {
    value();
    space();
    if (index < text.length) fail('end of data');
  } catch (error) {
    return error as { position: number; expected: string };
  }
  return { position: text.length, expected: 'value' };
}

/** True for plain objects (JSON objects). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a chat message's content: a string, or the text parts of a content array. */
export function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.filter((part): part is { type: 'text'; text: string } => isObject(part) && part.type === 'text' && typeof part.text === 'string');
  return parts.length === content.length ? parts.map((part) => part.text).join('') : undefined;
}

/** A non-negative integer, or undefined when the value is not one. */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A list of strings, or undefined when the value is not one. */
export function asStringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
