/**
 * Child process of upload-memory.test.ts: the server alone (the real app), so its RSS is measured without the
 * test's HTTP client. It logs in, warms up with one small upload, prints `{ url, cookie }`, samples its RSS every
 * 10 ms, and on the line `stop` on stdin prints the peak growth over the warm baseline (MB) and exits.
 */
import { createInterface } from 'node:readline';
import { login, startHarness } from './web-harness.js';

const PARALLEL = 12;
const h = await startHarness({ web: { uploadsPerPerson: PARALLEL, uploadsInFlight: PARALLEL } });
const jar = await login(h);
const warm = await h.request('/api/web/upload', {
  method: 'POST',
  body: new Uint8Array(1024 * 1024).fill(3),
  headers: { 'content-type': 'application/pdf', 'x-file-name': 'warm.pdf', 'x-event-id': 'upl-warm-000001' },
  jar,
});
await warm.arrayBuffer();
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
process.stdout.write(`${JSON.stringify({ url: h.url, cookie: jar.cookie })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'stop') continue;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`${JSON.stringify({ growthMb: (peak - baseline) / 1048576 })}\n`);
  break;
}
await h.close();
