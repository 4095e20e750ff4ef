/**
 * Deterministic generator of large synthetic threads for the benchmark (generic JSON import format).
 * Comments are ~300 characters of mixed civil, rude and trope-like sentences, nested up to `maxDepth` deep.
 */
import { mulberry32 } from '../src/scoring/model/logistic.ts';

export interface GeneratedComment {
  id: string;
  parent_id: string | null;
  author: string;
  created_at: string;
  text: string;
}

const SENTENCES = [
  'The council should publish the full cost estimate before the vote, not after it.',
  'I grew up near the old depot and the traffic there has been awful for twenty years.',
  'Honestly this is the best news I have read all week, well done to everyone involved.',
  'You people sound like complete idiots, read the article before you comment.',
  'Nobody asked for your opinion, you pathetic clown.',
  'The timeline in the report looks optimistic given how the last project went.',
  'What a load of crap, they never deliver anything on time.',
  'Interesting point about the funding, do you have a source for the second figure?',
  'The mayor is just a puppet controlled by the bankers, everyone knows it.',
  'I hope the whole lot of them get what is coming to them.',
  'My grandmother used the tram every day and she would have loved this.',
  'Thanks for the thoughtful reply, I had not considered the maintenance costs.',
  'This is a disaster waiting to happen and the engineers know it.',
  'Can someone explain why the northern route was dropped?',
  'Stop whining, the rest of us have to pay for this nonsense.',
];

const AUTHORS = ['Ana P.', 'bluefinch', 'M. Okafor', 'R. Lindqvist', 'tramfan42', 'Jules', 'Karim S.', 'oldtowner', 'Priya', 'D. Walsh'];

/** A thread of `count` comments; each new comment replies to a random earlier one unless that would exceed `maxDepth`. */
export function generateThread(count: number, maxDepth: number, seed = 42): GeneratedComment[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const comments: GeneratedComment[] = [];
  const depths: number[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    let parentIndex: number | null = null;
    if (i > 0 && random() < 0.8) {
      // Prefer recent comments as parents so that deep chains form.
      const candidate = Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)));
      if (depths[candidate]! < maxDepth) parentIndex = candidate;
    }
    const depth = parentIndex === null ? 0 : depths[parentIndex]! + 1;
    depths.push(depth);
    let text = '';
    while (text.length < 260) text += (text ? ' ' : '') + pick(SENTENCES);
    comments.push({
      id: `g${i + 1}`,
      parent_id: parentIndex === null ? null : `g${parentIndex + 1}`,
      author: pick(AUTHORS),
      created_at: new Date(start + i * 37_000).toISOString(),
      text,
    });
  }
  return comments;
}
