/**
 * Serialises async work per key (one chat = one queue), in the style of grammY's `sequentialize`: THE per-chat
 * ordering of the process. The engine runs each event (storing its file, then its unit of work) under the chat's
 * key, so a chat's events are applied one at a time in arrival order; across app instances the store's
 * `lockKey` does the same (PostgreSQL advisory lock).
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
