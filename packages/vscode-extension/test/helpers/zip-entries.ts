import { inflateRawSync } from 'node:zlib';

/** End of central directory record: its signature, and its size without the trailing comment. */
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
/** A central directory file header's signature and fixed size. */
const CENTRAL_FILE_HEADER = 0x02014b50;
const CENTRAL_FILE_HEADER_SIZE = 46;
/** A local file header's fixed size. */
const LOCAL_FILE_HEADER_SIZE = 30;
/** Compression methods: stored, deflated. */
const STORED = 0;
const DEFLATED = 8;

/** One file in a zip archive. */
export interface ZipEntry {
  name: string;
  size: number;
  /** The file's bytes, decompressed. */
  read(): Buffer;
}

/** The entries of a zip archive (a .vsix), read from its central directory. */
export function listZipEntries(zip: Buffer): ZipEntry[] {
  let end = zip.length - END_OF_CENTRAL_DIRECTORY_SIZE;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0) throw new Error('Not a zip archive: no end of central directory record.');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`Bad central directory header at byte ${offset}.`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + CENTRAL_FILE_HEADER_SIZE, offset + CENTRAL_FILE_HEADER_SIZE + nameLength);
    entries.push({
      name,
      size,
      read() {
        const start = localHeader + LOCAL_FILE_HEADER_SIZE + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === STORED) return Buffer.from(data);
        if (method === DEFLATED) return inflateRawSync(data);
        throw new Error(`${name}: unsupported compression method ${method}.`);
      },
    });
    offset += CENTRAL_FILE_HEADER_SIZE + nameLength + extraLength + commentLength;
  }
  return entries;
}
