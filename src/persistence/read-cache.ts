/**
 * Read caches for the engine's hot lookups (chat account, person, open period), valid only inside the engine's
 * own group-commit transactions and dropped whenever what they mirror may have changed.
 *
 * Why: those rows change a few times a quarter but were read on every event (3 statements and 3 row parses). How
 * it stays correct, without a schema change:
 * - TEMP triggers (per connection, nothing stored in the database file) on `people`, `person_roles`,
 *   `departments`, `units`, `periods` and `chat_accounts` call a function that clears every cache, whoever writes
 *   on this connection (engine steps, modules, the web admin, the CLI in-process);
 * - commits by OTHER connections or processes are seen through `PRAGMA data_version`, checked when a batch
 *   begins (the batch then holds the write lock, so nothing else can commit until it ends);
 * - a rolled-back step or batch clears every cache (it may have cached rows it wrote itself);
 * - outside an engine batch the caches are not used at all: reads go to SQLite (another caller's transaction
 *   might still roll back what it would have cached).
 *
 * Row maps ({@link ReadCache.rowMap}) mirror rows the engine itself writes on most events (a chat's state, a
 * submission's answers): a write to one row drops only that row's entry (a TEMP trigger passes its key), and the
 * port writes its new value back after its own statement (write-through), so the next event needs no SELECT.
 */
import type Database from 'better-sqlite3';
import type { Db } from './open-db.js';

/** Lifecycle hooks the batching transactor calls around each group commit. */
export interface TransactionHooks {
  /** Right after BEGIN. */
  begin(): void;
  /** After ROLLBACK TO a step's savepoint, or after a ROLLBACK of the whole batch. */
  rolledBack(): void;
  /** After COMMIT or ROLLBACK (the batch is over). */
  end(): void;
}

/** One per connection; shared by the ports built over it. */
export interface ReadCache extends TransactionHooks {
  /** True inside an engine batch: the caches may be read and filled. */
  readonly active: boolean;
  /** A map that is cleared together with every other cache of this connection. */
  map<K, V>(): Map<K, V>;
  /** Stores `value` under `key` in `map` (emptying the map first when it holds {@link MAX_CACHED_ENTRIES}). */
  put<K, V>(map: Map<K, V>, key: K, value: V): V;
  /**
   * Read-through: `map`'s entry for `key`, else `read(key)`, kept. Outside an engine batch the cache is not used at
   * all: always `read(key)`. Pass a `read` made once per port (not a new closure per call: this is the hot path).
   */
  through<K, V>(map: Map<K, V>, key: K, read: (key: K) => V): V;
  /**
   * A map keyed by `table.keyColumn` (a TEXT or INTEGER column): cleared together with every other cache, and
   * any INSERT, UPDATE or DELETE of a row of `table` drops the entry of that row's key (old and new).
   */
  rowMap<K extends string | number, V>(table: RowTable, keyColumn: string): Map<K, V>;
  /** Drops every cached entry. */
  clear(): void;
}

/** Tables with row maps (names are put into SQL: a fixed list). */
export type RowTable = 'conversations' | 'answers' | 'submissions' | 'evidence';

/** Tables the cached rows are read from; any write to them clears the caches. */
const WATCHED: Record<string, string | null> = {
  people: null,
  person_roles: null,
  departments: null,
  units: null,
  periods: null,
  // `touchAccount` rewrites last_interaction_at (and status, usually unchanged) every minute per chat: only a
  // change of what the cache holds counts.
  chat_accounts:
    'OLD.id IS NOT NEW.id OR OLD.person_id IS NOT NEW.person_id OR OLD.channel IS NOT NEW.channel ' +
    'OR OLD.external_user_id IS NOT NEW.external_user_id OR OLD.status IS NOT NEW.status',
};

/** Most entries one cache map holds; a fuller map is emptied (cheap, and bounds memory with many chats). */
export const MAX_CACHED_ENTRIES = 20_000;

const FUNCTION = 'thidua_read_cache_clear';
const caches = new WeakMap<Database.Database, ReadCache>();

/** The read cache of this connection (created, with its temp triggers, on first use). */
export function readCacheOf(db: Db): ReadCache {
  const c = db.$client;
  let cache = caches.get(c);
  if (!cache) {
    cache = createReadCache(c);
    caches.set(c, cache);
  }
  return cache;
}

function createReadCache(c: Database.Database): ReadCache {
  const maps: Map<unknown, unknown>[] = [];
  const dataVersion = c.prepare('PRAGMA data_version').pluck();
  let lastVersion: unknown = null;
  let active = false;
  const clear = (): void => {
    for (const m of maps) m.clear();
  };
  function put<K, V>(map: Map<K, V>, key: K, value: V): V {
    if (map.size >= MAX_CACHED_ENTRIES) map.clear();
    map.set(key, value);
    return value;
  }
  /** Row maps by `table.column`, each with the name of the SQL function its triggers call. */
  const rowMaps = new Map<string, Map<unknown, unknown>[]>();
  c.function(FUNCTION, { deterministic: false }, () => {
    clear();
    return null;
  });
  for (const [table, when] of Object.entries(WATCHED)) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      const condition = op === 'UPDATE' && when ? ` WHEN ${when}` : '';
      c.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS thidua_cache_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table}` +
          `${condition} BEGIN SELECT ${FUNCTION}(); END`,
      );
    }
  }
  return {
    get active() {
      return active;
    },
    map<K, V>() {
      const m = new Map<K, V>();
      maps.push(m as Map<unknown, unknown>);
      return m;
    },
    rowMap<K extends string | number, V>(table: RowTable, keyColumn: string): Map<K, V> {
      const m = new Map<K, V>();
      maps.push(m as Map<unknown, unknown>);
      const id = `${table}_${keyColumn}`;
      let list = rowMaps.get(id);
      if (!list) {
        const registered: Map<unknown, unknown>[] = [];
        list = registered;
        rowMaps.set(id, registered);
        if (!/^[a-z_]+$/.test(keyColumn)) throw new Error(`rowMap: bad column ${keyColumn}`);
        const fn = `thidua_read_cache_drop_${id}`;
        c.function(fn, { deterministic: false }, (key: unknown) => {
          for (const r of registered) r.delete(key);
          return null;
        });
        const k = keyColumn;
        const drops = {
          insert: `${fn}(NEW.${k})`,
          update: `${fn}(OLD.${k}), CASE WHEN NEW.${k} IS NOT OLD.${k} THEN ${fn}(NEW.${k}) END`,
          delete: `${fn}(OLD.${k})`,
        };
        for (const [op, drop] of Object.entries(drops)) {
          c.exec(
            `CREATE TEMP TRIGGER IF NOT EXISTS thidua_cache_rows_${id}_${op} AFTER ${op.toUpperCase()} ON main.${table}` +
              ` BEGIN SELECT ${drop}; END`,
          );
        }
      }
      list.push(m as Map<unknown, unknown>);
      return m;
    },
    put,
    through(map, key, read) {
      if (!active) return read(key);
      const hit = map.get(key);
      return hit !== undefined ? hit : put(map, key, read(key));
    },
    clear,
    begin() {
      const version = dataVersion.get();
      if (version !== lastVersion) {
        clear();
        lastVersion = version;
      }
      active = true;
    },
    rolledBack: clear,
    end() {
      active = false;
    },
  };
}
