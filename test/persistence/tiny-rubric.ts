import { rubricSchema, type Rubric } from '../../src/scoring/rubric-schema.js';

/** A small valid rubric for persistence tests (the real ones are in flows/). */
export function tinyRubric(version = '1'): Rubric {
  return rubricSchema.parse({
    id: 'tiny',
    version,
    title: 'Bộ tiêu chí thử',
    source: { document: 'Thử nghiệm' },
    subject: 'person',
    cadence: 'quarter',
    maxPoints: 10,
    sections: [{ id: 's', group: 'g', title: 'Phần', cap: 10 }],
    criteria: [
      {
        id: 'c1',
        section: 's',
        kind: 'levels',
        title: 'Tiêu chí',
        question: 'Câu hỏi?',
        roles: ['staff'],
        max: 10,
        levels: [
          { key: 'a', label: 'Không', points: 0 },
          { key: 'b', label: 'Có', points: 10 },
        ],
      },
    ],
    bands: {
      basis: 'points',
      list: [
        { id: 'gioi', label: 'Giỏi', min: 8 },
        { id: 'dat', label: 'Đạt', min: 5 },
        { id: 'khong-dat', label: 'Không đạt', min: 0 },
      ],
      top: 'gioi',
    },
  });
}
