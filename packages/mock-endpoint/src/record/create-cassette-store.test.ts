import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cassettePath, type Cassette } from './cassette.js';
import { createCassetteStore } from './create-cassette-store.js';

const DIGEST = 'ab'.repeat(32);

function cassette(recordedAt: string): Cassette {
  return {
    version: 1,
    recordedAt,
    operation: 'InvokeEndpoint',
    endpoint: 'ep',
    request: { bodySha256: DIGEST, body: '{}', bodyEncoding: 'utf8' },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{"ok":true}').toString('base64'), atMs: 0 },
  };
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sagestream-store-'));
  await mkdir(join(root, 'ep'));
  await writeFile(cassettePath({ dir: root, endpoint: 'ep', operation: 'InvokeEndpoint', digest: DIGEST }), JSON.stringify(cassette('2026-01-01T00:00:00Z')));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('cassettePath', () => {
  it('derives the file from a valid endpoint name and the digest, inside the folder', () => {
    expect(cassettePath({ dir: '/c', endpoint: 'my-ep', operation: 'InvokeEndpointWithResponseStream', digest: DIGEST })).toBe(`/c/my-ep/stream-${DIGEST.slice(0, 16)}.json`);
  });

  it.each(['..', '../x', 'a/b', 'a\\b', '', '.hidden', 'x'.repeat(64), '%2e%2e'])('refuses the endpoint %j', (endpoint) => {
    expect(() => cassettePath({ dir: '/c', endpoint, operation: 'InvokeEndpoint', digest: DIGEST })).toThrow(/Not a cassette name/);
  });

  it('refuses a digest that is not hex', () => {
    expect(() => cassettePath({ dir: '/c', endpoint: 'ep', operation: 'InvokeEndpoint', digest: '../../etc/passwd' })).toThrow(/Not a cassette digest/);
  });
});

describe('createCassetteStore', () => {
  it('parses a file once: concurrent and later replays share one copy', async () => {
    const store = createCassetteStore({ dir: root, maxCassetteBytes: 1 << 20 });
    const found = await Promise.all([1, 2, 3, 4].map(() => store.find({ endpoint: 'ep', operation: 'InvokeEndpoint', digest: DIGEST })));
    expect(found.every((item) => item?.cassette === found[0]!.cassette)).toBe(true);
    expect(found[0]).toMatchObject({ exact: true, file: `ep/invoke-${DIGEST.slice(0, 16)}.json` });
    expect((await store.find({ endpoint: 'ep', operation: 'InvokeEndpoint', digest: DIGEST }))!.cassette).toBe(found[0]!.cassette);
  });

  it('falls back to the endpoint\'s latest cassette, and returns undefined for an unknown endpoint', async () => {
    const store = createCassetteStore({ dir: root, maxCassetteBytes: 1 << 20 });
    expect(await store.find({ endpoint: 'ep', operation: 'InvokeEndpoint', digest: 'cd'.repeat(32) })).toMatchObject({ exact: false, cassette: { recordedAt: '2026-01-01T00:00:00Z' } });
    expect(await store.find({ endpoint: 'never', operation: 'InvokeEndpoint', digest: DIGEST })).toBeUndefined();
    expect(await store.find({ endpoint: 'ep', operation: 'InvokeEndpointWithResponseStream', digest: DIGEST })).toBeUndefined();
  });

  it('does not follow a symlink out of the folder', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'sagestream-outside-'));
    try {
      await writeFile(join(outside, 'secret.json'), JSON.stringify({ ...cassette('2026-01-02T00:00:00Z'), endpoint: 'linked' }));
      await mkdir(join(root, 'linked'));
      await symlink(join(outside, 'secret.json'), cassettePath({ dir: root, endpoint: 'linked', operation: 'InvokeEndpoint', digest: DIGEST }));
      const store = createCassetteStore({ dir: root, maxCassetteBytes: 1 << 20 });
      await expect(store.find({ endpoint: 'linked', operation: 'InvokeEndpoint', digest: DIGEST })).rejects.toMatchObject({ code: 'invalid-cassette', message: expect.stringMatching(/points outside/) });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
