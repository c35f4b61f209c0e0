/**
 * Evidence files in any S3-compatible bucket (MinIO, Ceph RGW, a cloud's object storage), for a province running
 * several app instances: every instance reads and writes the same bucket, so a file kept by one is there for the
 * others (a local folder would 404 on the second instance).
 *
 * - Keys are the same content-addressed paths as the local folder (`evidence/ab/<sha256>.<ext>`): keeping the same
 *   bytes twice finds the object already there (HEAD) and a repeated PUT writes identical bytes, so it is idempotent
 *   even when two instances race.
 * - Received files still wait in `<dataDir>/tmp/` (local disk, hashed as they arrive): the upload happens in
 *   {@link FileStore.keep}, streamed from that file with its length known, never the whole file in memory (a plain
 *   PUT: our files are at most tens of MB, far below the 5 GB single-PUT limit, so no multipart buffers are needed).
 * - Path-style addressing (`http://host/bucket/key`): MinIO and Ceph are usually addressed by one host name without
 *   per-bucket DNS.
 * - The SDK's newer default of a CRC32 checksum on every upload (an `aws-chunked` body) is switched to "when the API
 *   requires it": several S3-compatible servers do not accept it, and the content is verified by its sha256 anyway.
 * - The SDK (≈ 0.6 s to load) is imported on first use, so a deployment on a local folder, the CLI and the tests
 *   never pay for it.
 * - Known cost: {@link FileStore.keep} runs at the end of the step's unit of work (before its COMMIT, so no evidence
 *   row ever outlives its bytes: `src/conversation/kept-files.ts`), so with a bucket the HEAD and the PUT happen
 *   while the transaction is open (bounded by the request timeout below). Uploading before the unit of work and
 *   removing what no step kept would take that network time out of the transaction; it needs an engine change.
 * - Reviewers never reach the bucket: files are served by our HTTP through signed links (`src/http/signed-links.ts`),
 *   so the bucket stays private on the internal network.
 */
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileStore, KeptFileInfo, OpenedFile } from '../file-store.js';
import { EVIDENCE_FOLDER, evidencePath, isStorePath } from './evidence-path.js';
import { readReceived, receiveBytes } from './receive-stream.js';

/** Where the bucket is and how to sign requests to it (from `S3_*`; validated in src/config.ts). */
export interface S3FileStoreConfig {
  /** `https://minio.example.gov.vn:9000` (path-style addressing is always used). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The S3 store, plus what the composition root needs around it. */
export interface S3FileStore extends FileStore {
  /** Refuses to start when the bucket cannot be reached with these credentials (a clear Vietnamese message). */
  checkBucket(): Promise<void>;
  /** Closes the client's connections. */
  close(): void;
}

/** The bucket is missing or the credentials are refused. */
export class S3BucketError extends Error {
  override name = 'S3BucketError';
}

const TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 60_000 };

type Sdk = typeof import('@aws-sdk/client-s3');

export function createS3FileStore(config: S3FileStoreConfig, options: { dataDir: string }): S3FileStore {
  const { bucket } = config;
  let loaded: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  let opened: S3Client | undefined;
  const connect = (): Promise<{ sdk: Sdk; client: S3Client }> =>
    (loaded ??= import('@aws-sdk/client-s3').then((sdk) => {
      opened = new sdk.S3Client({
        endpoint: config.endpoint,
        region: config.region,
        forcePathStyle: true,
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestHandler: TIMEOUTS,
      });
      return { sdk, client: opened };
    }));
  const key = (path: string): string => {
    if (!isStorePath(path)) throw new Error('file store: invalid path');
    return path;
  };

  async function exists(path: string): Promise<boolean> {
    if (!isStorePath(path)) return false;
    const { sdk, client } = await connect();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: path }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  return {
    description: `S3 ${config.endpoint.replace(/\/+$/, '')}/${bucket}`,
    receive: (data) => receiveBytes(data, { dataDir: options.dataDir }),
    pathFor: evidencePath,
    async keep(received, path) {
      const Key = key(path);
      if (await exists(Key)) return { created: false };
      const { sdk, client } = await connect();
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: bucket,
          Key,
          Body: createReadStream(received.tempPath),
          ContentLength: received.size,
          Metadata: { sha256: received.sha256 },
        }),
      );
      return { created: true };
    },
    async remove(path) {
      if (!isStorePath(path)) return;
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: path })).catch(() => undefined);
    },
    async discard(received) {
      await unlink(received.tempPath).catch(() => undefined);
    },
    read: readReceived,
    async open(path): Promise<OpenedFile | null> {
      if (!isStorePath(path)) return null;
      const { sdk, client } = await connect();
      try {
        const result = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: path }));
        const body = result.Body;
        if (!(body instanceof Readable)) throw new Error('S3: the response body is not a stream');
        return { stream: body, size: result.ContentLength ?? 0 };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    exists,
    async *list() {
      const { sdk, client } = await connect();
      let token: string | undefined;
      do {
        const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: `${EVIDENCE_FOLDER}/`, ...(token ? { ContinuationToken: token } : {}) }));
        const files: KeptFileInfo[] = [];
        for (const object of page.Contents ?? []) {
          if (object.Key && isStorePath(object.Key)) files.push({ path: object.Key, writtenAt: object.LastModified?.getTime() ?? 0 });
        }
        if (files.length > 0) yield files;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async checkBucket() {
      const { sdk, client } = await connect();
      try {
        await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        const status = statusOf(error);
        const why =
          status === 404
            ? 'bucket không tồn tại (hãy tạo bucket trước)'
            : status === 403
              ? 'khóa truy cập bị từ chối (kiểm tra S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY và quyền trên bucket)'
              : `không kết nối được (${error instanceof Error ? error.name : 'lỗi'})`;
        throw new S3BucketError(`Kho tệp S3 ${config.endpoint} / ${bucket}: ${why}.`);
      }
    },
    close() {
      opened?.destroy();
    },
  };
}

function statusOf(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return meta?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}
