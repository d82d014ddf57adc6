/**
 * CRC-32/ISO-HDLC (the zlib/IEEE CRC) used by AWS event-stream preludes and messages.
 *
 * On Node (>= 20.16) we use `zlib.crc32`, which is native and runs at several GB/s; elsewhere
 * (browsers, the VS Code webview) a slice-by-8 table implementation. `@aws-crypto/crc32`, which
 * the AWS SDK uses, is the byte-at-a-time variant and is what makes its decoder slow.
 */
type Crc32Function = (data: Uint8Array, initial?: number) => number;

const POLYNOMIAL = 0xedb88320; // 0x04C11DB7 reflected

function buildTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    first[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = first[n]!;
    for (let t = 1; t < 8; t++) {
      c = first[c & 0xff]! ^ (c >>> 8);
      tables[t]![n] = c >>> 0;
    }
  }
  return tables;
}

let tables: Uint32Array[] | undefined;

/** Portable slice-by-8 CRC-32 (exported for tests and benchmarks). */
export function crc32Portable(data: Uint8Array, initial = 0): number {
  tables ??= buildTables();
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [
    Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
  ];
  let crc = ~initial >>> 0;
  let i = 0;
  const length = data.length;
  const end8 = length - (length % 8);
  while (i < end8) {
    const a = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) ^ crc;
    crc =
      t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^ t2[data[i + 5]!]! ^ t1[data[i + 6]!]! ^ t0[data[i + 7]!]!;
    i += 8;
  }
  while (i < length) crc = t0[(crc ^ data[i++]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/**
 * Runs the raw CRC-32 register (no initial or final inversion) over `data[start, end)`,
 * slice-by-8 in JS. For the ~100–200 bytes of a token frame this beats the native call, whose
 * fixed cost (~150 ns) is then most of the work, and it needs no `subarray` view.
 */
export function updateCrc32Register(register: number, data: Uint8Array, start: number, end: number): number {
  tables ??= buildTables();
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [
    Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array,
  ];
  let crc = register;
  let i = start;
  const end8 = end - ((end - start) % 8);
  while (i < end8) {
    const a = (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) ^ crc;
    crc =
      t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^ t2[data[i + 5]!]! ^ t1[data[i + 6]!]! ^ t0[data[i + 7]!]!;
    i += 8;
  }
  while (i < end) crc = t0[(crc ^ data[i++]!) & 0xff]! ^ (crc >>> 8);
  return crc >>> 0;
}

/** A precomputed CRC step over one fixed block of bytes: see {@link createCrc32Block}. */
export interface Crc32Block {
  /** The register after the block, from the register before it: four table look-ups. */
  advance(register: number): number;
}

/** Shift tables by block length; bounded, so odd header lengths cannot make us build without end. */
const shiftTables = new Map<number, readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array]>();
const MAX_SHIFT_TABLES = 16;

/**
 * Precomputes the CRC register step over `block`, or returns undefined when too many block
 * lengths were seen already. The CRC is linear over GF(2), so the register after a block is
 * `shift(register) ^ crc(0, block)`, where `shift` (running over as many zero bytes) is linear in
 * the 32-bit register and so a four-table look-up. Building the tables costs 1,024 runs over the
 * block length, once per length; a stream whose frames repeat one header block (SageMaker's do)
 * then skips the header bytes in each frame's CRC.
 */
export function createCrc32Block(block: Uint8Array): Crc32Block | undefined {
  tables ??= buildTables();
  const t0 = tables[0]!;
  let shift = shiftTables.get(block.length);
  if (shift === undefined) {
    if (shiftTables.size >= MAX_SHIFT_TABLES) return undefined;
    const built = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)] as const;
    for (let k = 0; k < 4; k++) {
      for (let value = 0; value < 256; value++) {
        let crc = (value << (8 * k)) >>> 0;
        for (let i = 0; i < block.length; i++) crc = t0[crc & 0xff]! ^ (crc >>> 8);
        built[k]![value] = crc >>> 0;
      }
    }
    shiftTables.set(block.length, built);
    shift = built;
  }
  const [s0, s1, s2, s3] = shift;
  const constant = updateCrc32Register(0, block, 0, block.length);
  return {
    advance(register) {
      return (s0[register & 0xff]! ^ s1[(register >>> 8) & 0xff]! ^ s2[(register >>> 16) & 0xff]! ^ s3[register >>> 24]! ^ constant) >>> 0;
    },
  };
}

/**
 * CRC-32 of `data[start, end)` byte by byte. For a handful of bytes (a frame's 8-byte prelude)
 * this beats a native call, whose fixed cost dominates at that size.
 */
export function crc32Range(data: Uint8Array, start: number, end: number): number {
  tables ??= buildTables();
  const table = tables[0]!;
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

function findNativeCrc32(): Crc32Function | undefined {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = processLike?.getBuiltinModule?.('node:zlib') as { crc32?: Crc32Function } | undefined;
  return typeof zlib?.crc32 === 'function' ? zlib.crc32 : undefined;
}

const nativeCrc32 = findNativeCrc32();

/** CRC-32 of `data`, continuing from `initial` (a previous result) when given. */
export const crc32: Crc32Function = nativeCrc32 ?? crc32Portable;

/** Which implementation {@link crc32} uses here: `native` (Node zlib) or `portable`. */
export const crc32Implementation: 'native' | 'portable' = nativeCrc32 ? 'native' : 'portable';
