/**
 * The dashboard's one form-action helper (issue 16 review): a bad form is a 400 with its sentence before anything is
 * checked or written; the role is checked before an upload is prepared; a throw in the service call rolls its unit
 * of work back; a done action redirects (303) or renders.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { units } from '../../db/schema.js';
import { createFormAction } from '../../src/dashboard/form-action.js';
import { HttpError } from '../../src/http/create-http-app.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testStore } from '../helpers/test-store.js';

let store: SqliteStore | undefined;
let server: ReturnType<express.Express['listen']> | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  await store?.close();
  store = server = undefined;
});

const NOT_OFFICE = 'Chỉ Văn phòng được làm việc này.';
const OFFICE = 1;

/** An app with the helper's real steps; a header says who is signed in (the kit's `auth` is not under test). */
async function start() {
  const s = (store = testStore());
  s.db.insert(units).values({ id: 'u1', name: 'Đơn vị 1' }).run();
  const steps: string[] = [];
  const router = express.Router();
  const formAction = createFormAction({
    router,
    store: s,
    form: express.urlencoded({ extended: false }),
    auth: (_req, _res, next) => next(),
    page: (fn) => async (req, res) => {
      try {
        await fn(req, res);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        res.status(error.status).send(error.message);
      }
    },
    html: (res, status, body) => void res.status(status).send(body),
    whoOf: (res) => ({ actorId: res.req.get('x-role') === 'office' ? OFFICE : 2, now: new Date(Date.UTC(2026, 11, 1)), channel: 'web' }),
  });
  const authorize = async (_tx: unknown, who: { actorId: number }) => {
    steps.push('authorize');
    if (who.actorId !== OFFICE) throw new HttpError(403, NOT_OFFICE);
    return { unitId: 'u1' };
  };
  const form = z.object({ ten: z.string().trim().min(1) }).refine((b) => b.ten !== 'cấm', { message: 'Tên này không dùng được.' });
  const record = (tx: Parameters<Parameters<SqliteStore['transaction']>[0]>[0], unitId: string, entityId: string) =>
    tx.audit.record({ at: 1, unitId, actorPersonId: null, channel: 'web', action: 'test.done', entityType: 'test', entityId });
  formAction('/lam', {
    schema: form,
    invalid: 'Vui lòng nhập tên.',
    authorize,
    prepare: ({ body }) => {
      steps.push('prepare');
      return body.ten.toUpperCase();
    },
    run: async (tx, { me, prepared }) => {
      await record(tx, me.unitId, prepared);
      if (prepared === 'HỎNG') throw new HttpError(409, 'Không làm được lúc này.');
      return prepared;
    },
    redirect: (done) => `/xong?ten=${encodeURIComponent(done)}`,
  });
  formAction('/in', { schema: form, invalid: 'Vui lòng nhập tên.', authorize, run: async (_tx, { body }) => body.ten, render: (ten) => `<p>${ten}</p>` });
  const app = express();
  app.use(router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server?.once('listening', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (path: string, fields: Record<string, string>, role = 'office') => {
    const r = await fetch(base + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-role': role }, body: new URLSearchParams(fields) });
    return { status: r.status, body: await r.text(), location: r.headers.get('location') };
  };
  const written = async () => (await s.read((tx) => tx.audit.search({ unitId: 'u1' }))).map((a) => a.entityId);
  return { post, steps, written };
}

describe('kit.formAction', () => {
  it('refuses a bad form with 400 (the schema’s own sentence when it has one) before checking or writing anything', async () => {
    const { post, steps, written } = await start();
    expect(await post('/lam', {})).toMatchObject({ status: 400, body: 'Vui lòng nhập tên.' });
    expect(await post('/lam', { ten: 'cấm' })).toMatchObject({ status: 400, body: 'Tên này không dùng được.' });
    expect(steps).toEqual([]);
    expect(await written()).toEqual([]);
  });

  it('checks the role before preparing, and again in the unit of work; a refused person gets its status and nothing is written', async () => {
    const { post, steps, written } = await start();
    expect(await post('/lam', { ten: 'an' }, 'staff')).toMatchObject({ status: 403, body: NOT_OFFICE });
    expect(steps).toEqual(['authorize']);
    const ok = await post('/lam', { ten: 'an' });
    expect(ok).toMatchObject({ status: 303, location: '/xong?ten=AN' });
    expect(steps).toEqual(['authorize', 'authorize', 'prepare', 'authorize']);
    expect(await written()).toEqual(['AN']);
  });

  it('rolls the unit of work back when the service call throws, answering with its status', async () => {
    const { post, written } = await start();
    expect(await post('/lam', { ten: 'hỏng' })).toMatchObject({ status: 409, body: 'Không làm được lúc này.' });
    expect(await written()).toEqual([]);
  });

  it('renders the result instead of redirecting when the action asks to', async () => {
    const { post } = await start();
    expect(await post('/in', { ten: 'Bình' })).toMatchObject({ status: 200, body: '<p>Bình</p>' });
  });
});
