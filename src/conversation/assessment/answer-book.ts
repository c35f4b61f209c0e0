/**
 * The person's answers during one step, looked up by criterion id. Why not a Map built per event: the stored list
 * comes shared and frozen from the read cache, and a rubric has at most a few dozen criteria, so a scan costs less
 * than building a Map on every event; answers given in this step go into a small overlay.
 */
import type { AnswerView } from '../ports.js';

export class AnswerBook implements Iterable<[string, AnswerView]> {
  private changed: Map<string, AnswerView> | null = null;

  constructor(private readonly stored: readonly AnswerView[]) {}

  get(criterionId: string): AnswerView | undefined {
    const changed = this.changed?.get(criterionId);
    if (changed !== undefined) return changed;
    for (const a of this.stored) if (a.criterionId === criterionId) return a;
    return undefined;
  }

  has(criterionId: string): boolean {
    return this.get(criterionId) !== undefined;
  }

  set(criterionId: string, answer: AnswerView): void {
    (this.changed ??= new Map()).set(criterionId, answer);
  }

  /** Stored answers in their order (with this step's changes), then answers new in this step. */
  *[Symbol.iterator](): IterableIterator<[string, AnswerView]> {
    const changed = this.changed;
    for (const a of this.stored) yield [a.criterionId, changed?.get(a.criterionId) ?? a];
    if (!changed) return;
    for (const [id, a] of changed) if (!this.stored.some((s) => s.criterionId === id)) yield [id, a];
  }
}
