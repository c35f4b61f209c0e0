/**
 * Serialises work per key (one chat = one queue), in the style of grammY's `sequentialize`: events of one chat are
 * handled one at a time, in arrival order, while different chats run freely. In-process is enough: one Node process
 * owns the SQLite file.
 *
 * When a key is free the work starts synchronously (no extra tick), which keeps the common path cheap.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` after every earlier `run` with the same key has settled; its result (or error) is returned. */
  run<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(fn) : invoke(fn);
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}

function invoke<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

function noop(): void {}
