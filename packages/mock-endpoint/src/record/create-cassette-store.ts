import { open, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { MockEndpointError } from '../errors.js';
import type { Operation } from '../service/validate-request.js';
import { cassettePath, type Cassette } from './cassette.js';
import { parseCassette } from './parse-cassette.js';

/** A cassette found for a request. */
export interface FoundCassette {
  cassette: Cassette;
  /** True when it was recorded for the same body; false for the endpoint's latest one. */
  exact: boolean;
  /** The file, relative to the cassette folder. */
  file: string;
}

/** Finds, checks and caches the cassettes of a folder. */
export interface CassetteStore {
  /**
   * The cassette recorded for the same endpoint, operation and body, else the most recently
   * written one of that endpoint and operation; undefined if there is none. Rejects with an
   * `invalid-cassette` MockEndpointError for a file that is too large or malformed.
   */
  find(options: { endpoint: string; operation: Operation; digest: string }): Promise<FoundCassette | undefined>;
}

interface Cached {
  mtimeMs: number;
  size: number;
  cassette: Promise<Cassette>;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR';
}

/** Reads at most `limit` + 1 bytes, so that a file growing under us cannot exceed the cap either. */
async function readCapped(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * A cassette folder for replay. Each file is size-checked before it is read (`maxCassetteBytes`),
 * validated completely when loaded, and parsed once: concurrent and later replays of the same file
 * share one copy (the cache holds at most `maxCacheBytes` of files, least recently used first out).
 */
export function createCassetteStore(options: { dir: string; maxCassetteBytes: number; maxCacheBytes?: number }): CassetteStore {
  const { dir, maxCassetteBytes } = options;
  const maxCacheBytes = options.maxCacheBytes ?? 2 * maxCassetteBytes;
  const root = resolve(dir);
  const cache = new Map<string, Cached>();
  let cachedBytes = 0;

  function remember(file: string, entry: Cached): void {
    cache.set(file, entry);
    cachedBytes += entry.size;
    for (const [key, old] of cache) {
      if (cachedBytes <= maxCacheBytes || key === file) break;
      cache.delete(key);
      cachedBytes -= old.size;
    }
  }

  async function load(file: string): Promise<Cassette> {
    const shown = relative(root, file);
    const info = await stat(file);
    // A symlink planted in the folder must not lead replay outside it.
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (relative(realRoot, real).startsWith('..')) throw new MockEndpointError('invalid-cassette', `The cassette ${shown} points outside ${root}.`, { file });
    if (info.size > maxCassetteBytes) {
      throw new MockEndpointError('invalid-cassette', `The cassette ${shown} is ${info.size} bytes, over the ${maxCassetteBytes}-byte limit (replay.maxCassetteBytes, at most 1 GiB).`, {
        file,
        expected: `at most ${maxCassetteBytes} bytes`,
        actual: String(info.size),
      });
    }
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
      cache.delete(file); // move to the most recently used end
      cache.set(file, cached);
      return cached.cassette;
    }
    if (cached) {
      cache.delete(file);
      cachedBytes -= cached.size;
    }
    const cassette = readCapped(file, maxCassetteBytes).then((bytes) => {
      if (bytes.length > maxCassetteBytes) throw new MockEndpointError('invalid-cassette', `The cassette ${shown} grew over the ${maxCassetteBytes}-byte limit while it was read.`, { file });
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch (cause) {
        throw new MockEndpointError('invalid-cassette', `The cassette ${shown} is not JSON: ${(cause as Error).message}`, { file, cause });
      }
      return parseCassette(parsed, shown);
    });
    remember(file, { mtimeMs: info.mtimeMs, size: info.size, cassette });
    // A failed load is not kept: the next request reads the (perhaps fixed) file again.
    cassette.catch(() => {
      if (cache.get(file)?.cassette === cassette) {
        cache.delete(file);
        cachedBytes -= info.size;
      }
    });
    return cassette;
  }

  return {
    async find({ endpoint, operation, digest }) {
      const exactFile = cassettePath({ dir: root, endpoint, operation, digest });
      try {
        return { cassette: await load(exactFile), exact: true, file: relative(root, exactFile) };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      const folder = dirname(exactFile);
      const prefix = operation === 'InvokeEndpoint' ? 'invoke-' : 'stream-';
      let names: string[];
      try {
        names = (await readdir(folder)).filter((name) => name.startsWith(prefix) && name.endsWith('.json'));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      const dated = await Promise.all(names.map(async (name) => ({ name, mtimeMs: (await stat(join(folder, name)).catch(() => undefined))?.mtimeMs ?? -1 })));
      dated.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
      const latest = dated.filter((item) => item.mtimeMs >= 0).at(-1);
      if (!latest) return undefined;
      const file = join(folder, latest.name);
      return { cassette: await load(file), exact: false, file: relative(root, file) };
    },
  };
}
