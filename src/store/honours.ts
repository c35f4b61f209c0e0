/**
 * Honour lists posted (`honour_posts`): one row per unit, period and kind, claimed before anything is posted and
 * holding each announcement group's state, so a retry (restart, `thidua honours --post`) posts only where it has
 * not succeeded yet. Why a repository: the honours service decides, the store remembers what went out.
 *
 * Plain TypeScript types only.
 */

/** Which list: a quarter (`2026-Q4`) or a year (`2026`). */
export interface HonourPostKey {
  unitId: string;
  kind: 'quarter' | 'year';
  /** `2026-Q4` for a quarter, `2026` for a year. */
  periodCode: string;
}

/** A stored post. `content` is JSON owned by the honours service (the board and each group's state). */
export interface HonourPostView {
  id: number;
  content: unknown;
  postedAt: number;
  postedById: number | null;
}

export interface HonourRepository {
  /** Inserts the post's row; false when it already exists (then nothing is written). */
  claim(key: HonourPostKey, content: unknown, now: number, postedById: number | null): Promise<boolean>;
  find(key: HonourPostKey): Promise<HonourPostView | null>;
  /** Replaces the stored content (each group's state after a posting attempt). */
  updateContent(id: number, content: unknown): Promise<void>;
  /** All posts of a unit, oldest first (reports, tests). */
  listPosts(unitId: string): Promise<(HonourPostView & HonourPostKey)[]>;
}
