import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared conformance corpus (public event-stream test vectors of the AWS SDKs and real TGI/LMI
 * streams; see its SOURCES.md). It lives outside the repository, at `../shared/conformance` relative
 * to the repo root (present in CI); `SAGESTREAM_SHARED_DIR` points elsewhere (e.g. from a git
 * worktree). The files are read, never copied into the project.
 */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED_DIR = process.env.SAGESTREAM_SHARED_DIR ? path.resolve(process.env.SAGESTREAM_SHARED_DIR) : findSharedDir();
/** `../shared` next to the repository; in a git worktree, next to the main checkout too. */
function findSharedDir(): string {
  const beside = path.resolve(REPO_ROOT, '..', 'shared');
  if (existsSync(beside)) return beside;
  try {
    // A worktree's .git is a file: "gitdir: <main checkout>/.git/worktrees/<name>".
    const gitdir = /^gitdir: (.*)$/m.exec(readFileSync(path.join(REPO_ROOT, '.git'), 'utf8'))?.[1];
    const main = gitdir?.includes(`${path.sep}.git${path.sep}worktrees${path.sep}`) ? gitdir.slice(0, gitdir.indexOf(`${path.sep}.git${path.sep}`)) : undefined;
    if (main && existsSync(path.resolve(main, '..', 'shared'))) return path.resolve(main, '..', 'shared');
  } catch {
    // not a worktree
  }
  return beside;
}
export const CORPUS_DIR = path.join(SHARED_DIR, 'conformance');

/** CI sets SAGESTREAM_REQUIRE_E2E=1: then a missing corpus fails the suite instead of skipping it. */
export const CORPUS_REQUIRED = process.env.SAGESTREAM_REQUIRE_E2E === '1';
export const CORPUS_AVAILABLE = existsSync(path.join(CORPUS_DIR, 'vectors', 'manifest.json')) && existsSync(path.join(CORPUS_DIR, 'streams', 'manifest.json'));
export const CORPUS_MISSING = `${CORPUS_DIR} not found: the conformance vectors are SKIPPED. Put the shared corpus at ../shared/conformance next to the repository (or set SAGESTREAM_SHARED_DIR); set SAGESTREAM_REQUIRE_E2E=1 to make this a failure.`;

/** Throws (for a `beforeAll`) when the corpus is required but missing. */
export function requireCorpus(): void {
  if (!CORPUS_AVAILABLE) throw new Error(`SAGESTREAM_REQUIRE_E2E=1 but ${CORPUS_MISSING.split(':')[0]}.`);
}

/** One header as the manifest states it: wire type 0-9 and a canonical value (see SOURCES.md). */
export interface ExpectedHeader {
  name: string;
  type: number;
  value: string | null;
}

/** One case of `vectors/manifest.json`. */
export interface VectorCase {
  id: string;
  source: string;
  kind: 'positive' | 'negative' | 'advisory-negative';
  file?: string;
  /** Large negative cases are stored as a recipe: prefix + fillCount × fillByte + suffix. */
  recipe?: { prefixHex: string; fillByteHex: string; fillCount: number; suffixHex: string };
  messages?: { headers: ExpectedHeader[]; payloadHex: string }[];
  expectedError?: string;
  note?: string;
}

/** One stream of `streams/manifest.json`. */
export interface StreamCase {
  id: string;
  file: string;
  contentType: string;
  expectedText: string;
  expectedGeneratedText?: string;
  expectedFinishReason?: string;
  expectedUsage?: { promptTokens: number; completionTokens: number; totalTokens: number };
}

function readManifest<T>(folder: string): T[] {
  if (!CORPUS_AVAILABLE) return [];
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, folder, 'manifest.json'), 'utf8')) as T[];
}

export const VECTORS: VectorCase[] = readManifest<VectorCase>('vectors');
export const STREAMS: StreamCase[] = readManifest<StreamCase>('streams');

/** The bytes of a vector (a recipe is built in memory). */
export function vectorBytes(vector: VectorCase): Uint8Array {
  if (vector.file) return new Uint8Array(readFileSync(path.join(CORPUS_DIR, 'vectors', vector.file)));
  const recipe = vector.recipe!;
  const prefix = Buffer.from(recipe.prefixHex, 'hex');
  const suffix = Buffer.from(recipe.suffixHex, 'hex');
  const out = new Uint8Array(prefix.length + recipe.fillCount + suffix.length);
  out.set(prefix, 0);
  out.fill(Number.parseInt(recipe.fillByteHex, 16), prefix.length, prefix.length + recipe.fillCount);
  out.set(suffix, prefix.length + recipe.fillCount);
  return out;
}

/** The bytes of a stream file. */
export function streamBytes(stream: StreamCase): Uint8Array {
  return new Uint8Array(readFileSync(path.join(CORPUS_DIR, 'streams', stream.file)));
}
