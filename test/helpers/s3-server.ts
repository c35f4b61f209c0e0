/**
 * A real S3-compatible server for tests: s3rver on 127.0.0.1, a free port, objects in a temporary folder, one
 * bucket, the key pair `S3RVER`/`S3RVER` (it refuses an unknown access key id; it does not verify the secret). Never
 * touches the internet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../../src/config.js';
import type { TestEnv } from './test-config.js';

export interface TestS3Server {
  /** Settings for `createS3FileStore`. */
  config: S3Config;
  /** The same as environment variables (`FILE_STORE=s3`, `S3_*`, a shared `FILE_LINK_SECRET`). */
  env: TestEnv;
  /** The folder s3rver keeps objects in. */
  directory: string;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'thidua-evidence'): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'thidua-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const config: S3Config = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  return {
    config,
    env: {
      FILE_STORE: 's3',
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: bucket,
      S3_REGION: config.region,
      S3_ACCESS_KEY_ID: config.accessKeyId,
      S3_SECRET_ACCESS_KEY: config.secretAccessKey,
      FILE_LINK_SECRET: 'test-link-secret-0123456789-abcdefghij',
    },
    directory,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
