import { build } from '../../scripts/build.mjs';

/** The e2e tests run what ships: build dist/ once before them (about half a second). */
export default async function setup(): Promise<void> {
  await build({ quiet: true });
}
