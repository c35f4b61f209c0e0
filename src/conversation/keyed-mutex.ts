/**
 * Serialises async work per key (one chat = one queue), in the style of grammY's `sequentialize`. The engine takes
 * it only while a chat has a file on its way to storage: its later events wait here, so they are applied after it
 * (the rest of the time the group commit's queue order is the arrival order). In-process is enough: one Node
 * process owns the SQLite file.
 *
 * When a key is free the work starts synchronously (no extra tick). A busy key keeps a plain array of waiting
 * starters rather than a chain of promises.
 */
export class KeyedMutex {
  /** Keys with work running; the array holds the starters of the work waiting behind it (in order). */
  private readonly busy = new Map<string, (() => void)[]>();

  /** Runs `fn` after every earlier `run` with the same key has settled; its result (or error) is returned. */
  run<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const waiting = this.busy.get(key);
    if (waiting === undefined) {
      this.busy.set(key, []);
      return this.start(key, fn);
    }
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => void this.start(key, fn).then(resolve, reject));
    });
  }

  /** True while work for `key` is running or queued. */
  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  private start<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const result = invoke(fn);
    const next = (): void => this.next(key);
    result.then(next, next);
    return result;
  }

  private next(key: string): void {
    const waiting = this.busy.get(key);
    const starter = waiting?.shift();
    if (starter) starter();
    else this.busy.delete(key);
  }
}

function invoke<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
