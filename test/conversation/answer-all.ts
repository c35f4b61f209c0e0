import type { Chat } from './harness.js';

/** Answers all 20 seed-000 questions for a staff member of the sub-level department (typed and pressed mixed). */
export async function answerAll(chat: Chat): Promise<void> {
  await chat.command('tudanhgia');
  await chat.press('Đạt'); // 1
  for (const t of ['đạt', 'DAT', 'x', 'có', 'Đạt', 'dat', 'co']) await chat.text(t); // 2–8
  await chat.text('b)'); // 9: I.1 b = 5
  await chat.press('Có'); // 10: bonus +5
  await chat.text('c.2'); // 11: I.2 c.2 = 7 (sub-levels)
  await chat.text('B.'); // 12: I.3 b = 5
  for (let i = 0; i < 6; i += 1) await chat.text('2'); // 13–18: 2nd choice (b)
  await chat.press('Có'); // 19: digital signing
  await chat.text('2'); // 20: 2 articles → evidence required
}

