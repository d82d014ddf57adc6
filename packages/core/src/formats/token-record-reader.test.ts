import { describe, expect, it } from 'vitest';
import { createTokenParser } from './create-token-parser.js';
import type { TokenPart } from './token-part.js';
import { createTokenRecordReader, type TokenRecordReader } from './token-record-reader.js';

const TGI = '{"index":7,"token":{"id":42,"text":" the","logprob":-0.25,"special":false},"generated_text":null,"details":null}';
const LMI = '{"token": {"id": 42, "text": " the", "log_prob": -0.0523}}';

/** What the reader took from a record, or `declined`. */
function read(reader: TokenRecordReader, source: string, start = 0, end = source.length) {
  if (!reader.read(source, start, end)) return 'declined';
  return { text: reader.text, id: reader.id, logprob: reader.logprob, special: reader.special };
}

const readOnce = (record: string) => read(createTokenRecordReader(), record);

describe('token record reader', () => {
  it('reads the usual TGI and LMI token records to the values JSON.parse gives', () => {
    expect(readOnce(TGI)).toEqual({ text: ' the', id: 42, logprob: -0.25, special: false });
    expect(readOnce(LMI)).toEqual({ text: ' the', id: 42, logprob: -0.0523, special: false });
    expect(readOnce(' \t{ "token" :{ "text":"a" } }\r\n ')).toEqual({ text: 'a', id: undefined, logprob: undefined, special: false });
    expect(readOnce('{"token":{}}')).toEqual({ text: '', id: undefined, logprob: undefined, special: false });
    expect(readOnce('{"token":{"text":"</s>","special_token":true}}')).toEqual({ text: '</s>', id: undefined, logprob: undefined, special: true });
    // Both log-probability names: TGI's wins, as in the format interpreter.
    expect(readOnce('{"token":{"text":"a","log_prob":-2,"logprob":-1}}')).toMatchObject({ logprob: -1 });
  });

  it('unescapes strings exactly as JSON.parse does', () => {
    for (const text of ['\n', '"', '\\', '/', '\b\f\r\t', 'é', '\u0000', '\u{1f389}', 'a\u2028b']) {
      const escaped = JSON.stringify(text);
      const forms = [escaped, escaped.replace('\\n', '\\u000a'), escaped.replace('\\n', '\\u000A'), escaped.replace('/', '\\/')];
      for (const form of forms) {
        expect(readOnce(`{"token":{"text":${form}}}`)).toMatchObject({ text: JSON.parse(form) as string });
      }
    }
    expect(readOnce('{"token":{"text":"\\ud83c\\udf89"}}')).toMatchObject({ text: '\u{1f389}' });
  });

  it('converts numbers exactly as JSON.parse does, including -0, long mantissas and exponents', () => {
    for (const literal of ['0', '-0', '-0.0', '1', '-1', '0.1', '-0.0523', '123456789012345', '1234567890123456789', '0.30000000000000004', '9007199254740993', '1e3', '-1.5E-7', '2.5e+2', '1e400', '-1e-400', '0.000001']) {
      const reader = createTokenRecordReader();
      const record = `{"token":{"id":${literal},"text":"x","logprob":${literal}}}`;
      expect(reader.read(record, 0, record.length), literal).toBe(true);
      expect(Object.is(reader.id, JSON.parse(literal)), literal).toBe(true);
      expect(Object.is(reader.logprob, JSON.parse(literal)), literal).toBe(true);
    }
  });

  it('declines every record that is not a plain token record, so JSON.parse and the interpreters see it', () => {
    const declined = [
      // Other shapes: an error token, the final record, other formats, an error record.
      '{"token":{"id":1,"text":"","error_msg":"boom"}}',
      '{"index":3,"token":{"id":1,"text":"a","logprob":0,"special":false},"generated_text":"a","details":null}',
      '{"token":{"id":1,"text":"a"},"details":{"finish_reason":"error"}}',
      '{"outputs":["a"]}',
      '{"error":"boom","error_type":"generation"}',
      '{"token":{"id":1,"text":"a"},"extra":1}',
      '{}',
      '{"token":null}',
      // Values of another type than the reader handles.
      '{"token":{"text":1}}',
      '{"token":{"id":"1"}}',
      '{"token":{"logprob":null}}',
      '{"token":{"special":1}}',
      '{"token":{"text":"a"},"index":null}',
      // Keys it does not compare: escaped, duplicated.
      '{"tok\\u0065n":{"text":"a"}}',
      '{"token":{"text":"a","text":"b"}}',
      '{"token":{"text":"a"},"token":{"text":"b"}}',
      // Invalid JSON.
      '{"token":{"text":"a"},}',
      '{"token":{"text":"a",}}',
      '{"token":{"id":01}}',
      '{"token":{"id":-}}',
      '{"token":{"id":1.}}',
      '{"token":{"id":.5}}',
      '{"token":{"id":1e}}',
      '{"token":{"id":+1}}',
      '{"token":{"text":"a\tb"}}',
      '{"token":{"text":"\\x"}}',
      '{"token":{"text":"\\u12"}}',
      '{"token":{"text":"a}}',
      '{"token":{"text":"a"}} x',
      '{"token":{"text":"a"}}}',
      '{"token":{"special":tru}}',
      '{"token" {"text":"a"}}',
      '\u00a0{"token":{"text":"a"}}',
      '',
    ];
    for (const record of declined) expect(readOnce(record), record).toBe('declined');
  });

  it('reads long texts too, as copies (a slice of 13 or more characters would be a view of the batch)', () => {
    for (const text of ['abcdefghijkl', 'abcdefghijklm', ' '.repeat(40), 'abcdefghijk\n', 'abcdefghijkl\n', `${'x'.repeat(30)}"é\t`]) {
      expect(readOnce(`{"token":{"text":${JSON.stringify(text)}}}`), JSON.stringify(text)).toMatchObject({ text });
    }
  });

  it('reads a record in place and never past its end', () => {
    const reader = createTokenRecordReader();
    const batch = `data:${TGI}\n\ndata:${TGI.replace(' the', ' a')}\n\n`;
    const second = batch.indexOf('data:', 5) + 5;
    expect(read(reader, batch, 5, 5 + TGI.length)).toMatchObject({ text: ' the' });
    expect(read(reader, batch, second, batch.length - 2)).toMatchObject({ text: ' a' });
    // A record cut short whose rest follows in the string: the reader must not look past `end`.
    for (const record of [TGI, LMI, '{"token":{"special":true,"text":"a"}}', '{"token":{"text":"a\\u0062"}}']) {
      for (let cut = 1; cut < record.length; cut++) {
        expect(read(createTokenRecordReader(), record, 0, cut), `${record} cut at ${cut}`).toBe('declined');
        expect(read(reader, record, 0, cut), `${record} cut at ${cut} (after a template)`).toBe('declined');
      }
    }
  });

  it('matches later records against the first one read, and learns a new shape when one changes', () => {
    const reader = createTokenRecordReader();
    expect(read(reader, TGI)).toEqual({ text: ' the', id: 42, logprob: -0.25, special: false });
    expect(read(reader, TGI.replace('"index":7', '"index":123456').replace('42', '9').replace(' the', 'é\\n').replace('-0.25', '-1e-3'))).toEqual({
      text: 'é\n',
      id: 9,
      logprob: -0.001,
      special: false,
    });
    // Special flips: the template has `false` in its text, so this record is read afresh.
    expect(read(reader, TGI.replace('false', 'true').replace(' the', '</s>'))).toEqual({ text: '</s>', id: 42, logprob: -0.25, special: true });
    expect(read(reader, TGI.replace('false', 'true').replace(' the', '<eos>'))).toEqual({ text: '<eos>', id: 42, logprob: -0.25, special: true });
    expect(read(reader, TGI)).toEqual({ text: ' the', id: 42, logprob: -0.25, special: false });
    // Another spacing, then a record missing a field, then an invalid one: each read on its own terms.
    expect(read(reader, LMI)).toEqual({ text: ' the', id: 42, logprob: -0.0523, special: false });
    expect(read(reader, '{"token": {"id": 42, "text": " the"}}')).toEqual({ text: ' the', id: 42, logprob: undefined, special: false });
    expect(read(reader, '{"token": {"id": 4x, "text": " the"}}')).toBe('declined');
    expect(read(reader, '{"token": {"id": 5, "text": " it"}}')).toEqual({ text: ' it', id: 5, logprob: undefined, special: false });
    // A template value must still be a valid value.
    expect(read(reader, '{"token": {"id": 5, "text": " it}}')).toBe('declined');
    expect(read(reader, '{"token": {"id": 05, "text": " it"}}')).toBe('declined');
  });

  it('gives the token parser the same parts as JSON.parse would, through both paths, in both framings', () => {
    const records = [
      '{"token": {"id": 1, "text": "Hel", "log_prob": -0.1}}',
      '{"token": {"id": 2, "text": "lo\\n", "log_prob": -0.2}}',
      '{"token": {"id": 3, "text": "a long token text here", "log_prob": -0.3}}',
      '{"token": {"id": 4, "text": "</s>", "log_prob": -0.4, "special_token": true}}',
      '{"token": {"id": 5, "text": "!", "log_prob": -0.5}, "generated_text": "Hello\\na long token text here!", "details": {"finish_reason": "length", "generated_tokens": 5}}',
    ];
    const expected: TokenPart[] = [
      { type: 'text-delta', text: 'Hel', tokenId: 1, logprob: -0.1 },
      { type: 'text-delta', text: 'lo\n', tokenId: 2, logprob: -0.2 },
      { type: 'text-delta', text: 'a long token text here', tokenId: 3, logprob: -0.3 },
      { type: 'text-delta', text: '!', tokenId: 5, logprob: -0.5 },
      {
        type: 'message-end',
        generatedText: 'Hello\na long token text here!',
        details: { finish_reason: 'length', generated_tokens: 5 },
        finishReason: 'length',
        rawFinishReason: 'length',
        usage: { completionTokens: 5 },
      },
    ];
    for (const [contentType, body] of [
      ['application/jsonlines', records.map((record) => `${record}\n`).join('')],
      ['text/event-stream', records.map((record) => `data: ${record}\n\n`).join('')],
    ] as const) {
      const parts: TokenPart[] = [];
      const parser = createTokenParser({ contentType, onPart: (part) => parts.push(part) });
      parser.feed(new TextEncoder().encode(body));
      parser.end();
      expect(parts, contentType).toEqual(expected);
      expect(parser.stats).toMatchObject({ records: 5, specialTokensSkipped: 1 });
    }
  });
});
