/** Starting and stopping the app's HTTP server, and the shutdown's steps (each logged, none stopping the rest). */
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '../logger.js';

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}

export function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers keep idle keep-alive connections open; close them so shutdown does not wait for their timeout.
    server.closeIdleConnections();
  });
}

/** One shutdown step; a failure is logged and the next step still runs. */
export async function runStep(logger: Logger, name: string, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (error) {
    logger.error({ err: error, step: name }, 'shutdown step failed');
  }
}
