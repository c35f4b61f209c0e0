/**
 * `npm start`: load the configuration, build the app, seed the demo on an empty database, start, and shut down
 * cleanly on SIGTERM/SIGINT. Login codes are printed to stdout only (never to the log), and only when stdout is a
 * terminal or the pretty format: JSON output goes to log collectors, where a director's code must not end up.
 */
import { createApp } from './app/create-app.js';
import { seedDemoIfEmpty, type DemoSeedResult } from './app/demo-seed.js';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { prettyDestination } from './log-pretty.js';
import { createLogger } from './logger.js';
import { checkStartupPaths, describeStartupError } from './startup-checks.js';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const pretty = (config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
const logger = createLogger(config.logLevel, pretty ? prettyDestination(process.stdout) : undefined);
logger.info(describeConfig(config), 'starting');

const pathProblem = checkStartupPaths(config);
if (pathProblem) {
  process.stderr.write(`Không khởi động được: ${pathProblem}\n`);
  process.exit(1);
}

let app: Awaited<ReturnType<typeof createApp>>;
try {
  app = await createApp({ config, logger });
} catch (error) {
  process.stderr.write(`Không khởi động được: ${describeStartupError(error, config) ?? (error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}

let demo: DemoSeedResult = { seeded: false, logins: [] };
if (config.demoData === 'auto') {
  demo = await seedDemoIfEmpty(app.store, app.rubrics, app.clock.now());
  if (demo.seeded) logger.info({ unitId: demo.unitId, periodCode: demo.periodCode, people: demo.people }, 'demo data seeded');
}

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  await app.stop();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

let url: string;
try {
  ({ url } = await app.start());
} catch (error) {
  const code = (error as { code?: unknown }).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `Cổng ${config.port} đang được chương trình khác dùng. Hãy dừng chương trình đó hoặc đặt PORT khác (ví dụ PORT=3001 npm start).\n`
      : `Không khởi động được máy chủ: ${describeStartupError(error, config) ?? (error instanceof Error ? error.message : String(error))}\n`,
  );
  await app.stop();
  process.exit(1);
}
const chatUrl = `${url.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://localhost')}/chat`;
out('');
out(`Thi Đua Số đang chạy: ${chatUrl}`);
if (demo.seeded && !pretty && !process.stdout.isTTY) {
  out(`Đã tạo đơn vị mẫu (${demo.people} người, kỳ ${demo.periodCode} đang mở). Mã đăng nhập không được in vào nhật ký JSON; để lấy mã: npx thidua invite <số điện thoại hoặc họ tên>`);
} else if (demo.seeded) {
  out(`Đã tạo đơn vị mẫu (${demo.people} người, kỳ ${demo.periodCode} đang mở). Mã đăng nhập một lần:`);
  for (const login of demo.logins) {
    out(`  Mở ${chatUrl} và đăng nhập bằng mã: ${login.code}   — ${login.fullName}, ${login.roleLabel}`);
  }
} else if (config.demoData === 'off') {
  out(`Không tạo đơn vị mẫu (DEMO_DATA=off${config.env === 'production' ? ', mặc định khi NODE_ENV=production' : ''}). Nhập danh bạ: npx thidua import staff TỆP; lấy mã đăng nhập: npx thidua invite <số điện thoại hoặc họ tên>, rồi mở ${chatUrl}`);
} else {
  out(`Cơ sở dữ liệu đã có dữ liệu. Để lấy mã đăng nhập mới: npx thidua invite <số điện thoại hoặc họ tên>, rồi mở ${chatUrl}`);
}
out('Nhấn Ctrl+C để dừng.');
