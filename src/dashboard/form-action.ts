/**
 * The dashboard's one shape for a form action (issue 16 review): read the form with zod (a bad form is a 400 in
 * Vietnamese before anything else), check the role with the same `authorize.ts` gates as the chat, call the service
 * in one unit of work with that check, then redirect (303, the flash in the query) or render the result. Refusals
 * and HttpErrors thrown anywhere become the error page with their status (the kit's `page`), and a throw inside the
 * unit of work rolls it back, so a refused action stores nothing.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Who } from '../approval/approval-service.js';
import { HttpError } from '../http/create-http-app.js';
import type { Store, Tx } from '../store/store.js';

/** What the action's steps are given once the form is read. */
export interface FormActionContext<B> {
  body: B;
  req: Request;
  res: Response;
  who: Who;
}

/** The context once the role is checked and the request prepared. */
export type FormActionDone<B, M, P> = FormActionContext<B> & { me: M; prepared: P };

/** How the action ends: a redirect with its flash (the usual), or a page shown once (printable codes, a dry run). */
type FormActionEnd<B, M, P, T> =
  | { redirect: (result: T, ctx: FormActionDone<B, M, P>) => string; render?: never }
  | { render: (result: T, ctx: FormActionDone<B, M, P>) => string; redirect?: never };

/**
 * One form action. Why one helper: every POST page had the same parse → check → unit of work → redirect steps, and
 * a step forgotten in one copy (the check inside the unit of work, the 400 before it) is a hole only that page has.
 */
export type FormActionSpec<B, M, P, T> = {
  /** The form's fields (`req.body`). */
  schema: z.ZodType<B>;
  /** The 400 sentence for a form that does not parse; a custom issue of the schema (a `refine`) speaks for itself. */
  invalid: string;
  /**
   * The role check (throws `Refused` or HttpError), run inside the action's unit of work. Omit it when the service
   * called in `run` is the gate (the approval service's actions).
   */
  authorize?: (tx: Tx, who: Who) => Promise<M>;
  /**
   * Work before the unit of work that needs no store (reading an uploaded file); the role is checked first, so a
   * person who may not act is refused before their file is read.
   */
  prepare?: (ctx: FormActionContext<B>) => Promise<P> | P;
  /** The service call, in the same unit of work as the check. */
  run: (tx: Tx, ctx: FormActionDone<B, M, P>) => Promise<T>;
  /** A dry run: the unit of work is a read (nothing may be written). */
  readOnly?: boolean;
  /** The body parser: the kit's urlencoded form unless the page takes an upload. */
  parser?: RequestHandler;
} & FormActionEnd<B, M, P, T>;

/** Adds a form action at `path`. */
export type FormAction = <B, M = undefined, P = undefined, T = unknown>(path: string, spec: FormActionSpec<B, M, P, T>) => void;

/** The parts of the dashboard's router a form action is built from (see `DashboardPageKit`). */
export interface FormActionParts {
  router: Router;
  store: Store;
  form: RequestHandler;
  auth: RequestHandler;
  page: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
  html: (res: Response, status: number, body: string) => void;
  whoOf: (res: Response) => Who;
}

/** The schema's own sentence (a custom issue), else the action's. */
function invalidText(error: z.ZodError, fallback: string): string {
  return error.issues.find((i) => i.code === 'custom')?.message ?? fallback;
}

export function createFormAction({ router, store, form, auth, page, html, whoOf }: FormActionParts): FormAction {
  return <B, M, P, T>(path: string, spec: FormActionSpec<B, M, P, T>): void => {
    router.post(
      path,
      spec.parser ?? form,
      auth,
      page(async (req, res) => {
        const parsed = spec.schema.safeParse(req.body);
        if (!parsed.success) throw new HttpError(400, invalidText(parsed.error, spec.invalid));
        const ctx: FormActionContext<B> = { body: parsed.data, req, res, who: whoOf(res) };
        const { authorize, prepare } = spec;
        if (prepare && authorize) await store.read((tx) => authorize(tx, ctx.who));
        const prepared = (prepare ? await prepare(ctx) : undefined) as P;
        const unit = async (tx: Tx): Promise<{ done: FormActionDone<B, M, P>; result: T }> => {
          const done = { ...ctx, me: (authorize ? await authorize(tx, ctx.who) : undefined) as M, prepared };
          return { done, result: await spec.run(tx, done) };
        };
        const { done, result } = await (spec.readOnly ? store.read(unit) : store.transaction(unit));
        if (spec.render) return html(res, 200, spec.render(result, done));
        res.redirect(303, spec.redirect(result, done));
      }),
    );
  };
}
