/** Test helpers: the shipped seed-001 contest, and a copy with the organiser's values filled in. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContest, parseQuestionBank } from '../../src/contest/load-contest.js';
import type { AbsentRule, CollectiveRule, Contest, TieRule } from '../../src/contest/contest-schema.js';
import type { QuestionBank } from '../../src/contest/question-bank-schema.js';

export const SEED_CONTEST_FILE = join('flows', 'contests', 'can-tho-nang-luc-cntt-cds-2024.yaml');
export const SAMPLE_BANK_FILE = join('flows', 'question-banks', 'mau-nang-luc-cntt-cds.yaml');

export function seedContest(): Contest {
  return parseContest(readFileSync(SEED_CONTEST_FILE, 'utf8'), SEED_CONTEST_FILE);
}

export function sampleBank(): QuestionBank {
  return parseQuestionBank(readFileSync(SAMPLE_BANK_FILE, 'utf8'), SAMPLE_BANK_FILE);
}

export function fixtureBank(name: string): QuestionBank {
  const file = join('test', 'fixtures', 'contest', name);
  return parseQuestionBank(readFileSync(file, 'utf8'), file);
}

export interface Announced {
  theoryWeight: number;
  practicalWeight: number;
  practicalMax: number;
  margin: number;
  collective: CollectiveRule;
  ties: TieRule;
  absent: AbsentRule;
  quotas: Record<string, number>;
  theoryMinutes: number;
}

/**
 * The seed contest as if the organiser had announced the rules. Defaults: theory 50 points (40 questions, 10 per
 * topic), practical 50 points marked on 100, margin 10, collective = mean, ties shared, absent = 0 and blocking.
 */
export function settledContest(overrides: Partial<Announced> = {}): Contest {
  const a: Announced = {
    theoryWeight: 50,
    practicalWeight: 50,
    practicalMax: 100,
    margin: 10,
    collective: 'mean',
    ties: 'share',
    absent: { collective: 'zero', blocksAwards: true },
    quotas: { 'chuyen-doi-so': 10, 'an-toan-thong-tin': 10, 'internet-email': 10, 'quan-ly-van-ban': 10 },
    theoryMinutes: 30,
    ...overrides,
  };
  const c = structuredClone(seedContest());
  const src = 'Thể lệ cuộc thi (giả định cho kiểm thử)';
  c.schedule.date = { decidedBy: 'organiser', value: '2024-06-15', source: src };
  c.theory.weight = { decidedBy: 'organiser', value: a.theoryWeight, source: src };
  c.theory.topicQuotas = { decidedBy: 'organiser', value: a.quotas, source: src };
  c.theory.durationMinutes = { decidedBy: 'organiser', value: a.theoryMinutes, source: src };
  c.practical.weight = { decidedBy: 'organiser', value: a.practicalWeight, source: src };
  c.practical.maxPoints = { decidedBy: 'organiser', value: a.practicalMax, source: src };
  c.practical.durationMinutes = { decidedBy: 'organiser', value: 45, source: src };
  c.practical.disagreementMargin = { decidedBy: 'organiser', value: a.margin, source: src };
  c.results.collective = { decidedBy: 'organiser', value: a.collective, source: src };
  c.results.ties = { decidedBy: 'organiser', value: a.ties, source: src };
  c.results.absent = { decidedBy: 'organiser', value: a.absent, source: src };
  return c;
}
