/**
 * `npm start`: the chat playground and the mock endpoint on one port. PORT (default 8080; 0 = a
 * free port), HOST (default 127.0.0.1), SAGESTREAM_MOCK_CONFIG (a mock config file, optional).
 */
import { fileURLToPath } from 'node:url';
import { loadConfig, type MockConfig } from '@sagestream/mock-endpoint';
import { startPlaygroundServer } from './create-playground-server.js';

/** The default port of `npm start` (and of the extension's `sagestream.mockUrl`). */
const DEFAULT_PORT = 8080;

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number 0–65535 (0 = any free port); got "${value}".`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const configFile = process.env.SAGESTREAM_MOCK_CONFIG;
  let mockConfig: MockConfig | undefined;
  if (configFile) mockConfig = await loadConfig(configFile);
  let server;
  try {
    server = await startPlaygroundServer({
      port,
      host: process.env.HOST ?? '127.0.0.1',
      assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
      ...(mockConfig ? { mockConfig } : {}),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${port} is in use. Start on another one with PORT=8081 npm start, or PORT=0 for any free port.`);
      process.exit(1);
    }
    throw error;
  }
  const { url } = server;
  console.log(`SageStream playground: ${url}/`);
  console.log(`The mock SageMaker runtime is on the same port: AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=${url}`);
  console.log(`  e.g. npx sagestream chat -e mock-messages --endpoint-url ${url}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
