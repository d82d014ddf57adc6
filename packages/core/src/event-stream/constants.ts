/** Bytes of the prelude: total length (u32) + headers length (u32) + prelude CRC (u32). */
export const PRELUDE_BYTES = 12;
/** Bytes of the trailing message CRC. */
export const MESSAGE_CRC_BYTES = 4;
/** Smallest possible message: prelude + message CRC, no headers, no payload. */
export const MINIMUM_MESSAGE_BYTES = PRELUDE_BYTES + MESSAGE_CRC_BYTES;
/** Smithy event-stream spec: the payload of one message is at most 24 MiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 24 * 1024 * 1024;
/** Smithy event-stream spec: the encoded headers of one message are at most 128 KiB. */
export const DEFAULT_MAX_HEADER_BYTES = 128 * 1024;
/** Header names are 1..255 bytes (u8 length prefix). */
export const MAX_HEADER_NAME_BYTES = 255;
/** The smithy-ts encoder rejects string/binary header values longer than this (u16 length, signed limit). */
export const MAX_HEADER_VALUE_BYTES = 32_767;
/** `application/vnd.amazon.eventstream`, the HTTP content type of the response body. */
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** Wire type tags of header values (Smithy event-stream spec). */
export const HEADER_TYPE = {
  boolTrue: 0,
  boolFalse: 1,
  byte: 2,
  short: 3,
  integer: 4,
  long: 5,
  binary: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;
