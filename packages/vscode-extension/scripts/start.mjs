// `npm start`: rebuild dist/ if any source changed, then serve the playground and the mock.
import { build, isStale } from './build.mjs';

if (await isStale()) {
  console.log('Building the chat UI…');
  await build({ quiet: true });
}
await import('../dist/playground/server.mjs');
