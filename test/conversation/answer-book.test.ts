import { describe, expect, it } from 'vitest';
import { AnswerBook } from '../../src/conversation/assessment/answer-book.js';

const a = (criterionId: string, value: string) => ({ criterionId, value, selfPoints: null });

describe('AnswerBook', () => {
  it('reads the stored answers, overlays this step’s changes and iterates like a Map built from them', () => {
    const stored = Object.freeze([a('c1', 'pass'), a('c2', 'fail')]);
    const book = new AnswerBook(stored);
    expect(book.get('c2')?.value).toBe('fail');
    expect(book.has('c3')).toBe(false);
    book.set('c3', a('c3', 'b'));
    book.set('c1', a('c1', 'fail'));
    const map = new Map(stored.map((x) => [x.criterionId, x]));
    map.set('c3', a('c3', 'b'));
    map.set('c1', a('c1', 'fail'));
    expect([...book]).toEqual([...map]);
    expect(book.get('c1')?.value).toBe('fail');
    expect(stored[0]?.value).toBe('pass');
  });
});
