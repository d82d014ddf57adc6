import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MockEndpointError } from '../errors.js';
import type { MockConfig } from './mock-config.js';
import { normalizeConfig } from './normalize-config.js';

/**
 * Parses configuration text: JSON for `.json` files, YAML otherwise (YAML is a superset of JSON,
 * so either works). Returns the normalised configuration.
 */
export function parseConfig(options: { text: string; file?: string }): MockConfig {
  const { text, file = '(inline)' } = options;
  let raw: unknown;
  try {
    raw = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new MockEndpointError('invalid-config', `Cannot parse the mock config ${file}: ${(cause as Error).message}`, { file, cause });
  }
  try {
    return normalizeConfig((raw ?? {}) as MockConfig);
  } catch (error) {
    if (error instanceof MockEndpointError) {
      throw new MockEndpointError(error.code, `${error.message} (in ${file})`, { file, path: error.path, expected: error.expected, actual: error.actual, cause: error });
    }
    throw error;
  }
}

/**
 * Reads and validates a YAML or JSON config file.
 *
 * @example
 * const config = await loadConfig('examples/mock.yaml');
 * const server = await startServer({ port: 0, config });
 */
export async function loadConfig(file: string): Promise<MockConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new MockEndpointError('config-not-found', `Cannot read the mock config ${file}: ${(cause as Error).message}`, { file, cause });
  }
  return parseConfig({ text, file });
}
