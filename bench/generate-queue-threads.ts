/**
 * Deterministic threads for the queue benchmark (bench/queue.ts): many threads of real-looking comments, made one
 * thread at a time so that the bench never holds more than one thread's text.
 *
 * Contract:
 * - `QueueThreadTexts.load(seed)` reads the real texts of ../shared/data once (generate-big-thread.ts's sources: the
 *   text columns only, never a label) and their sentences.
 * - `thread(n, comments)` is thread number `n` (0-based) as generic JSON bytes
 *   (`{ "id": "bench-queue-<n>", "title", "comments": [...] }`), the same for the same seed, n and size. Each comment
 *   replies (80 %) to one of the 50 latest comments unless that one is already 10 deep (as generate-thread.ts).
 *   About 5 % of comments are a real text taken whole (picked at random: some repeat across threads); the rest are 2-4 real sentences joined, about as long as a real text picked at random (at most 600 characters). Two
 *   sentences picked from the ~100,000 make collisions rare, so texts are mostly distinct across a million comments
 *   (scoring caches by text hash: repeated texts would flatter the figures; the bench prints the distinct count it
 *   stored).
 */
import { mulberry32 } from '../src/scoring/model/logistic.ts';
import { realTexts, sentencesOf } from './generate-big-thread.ts';

const MAX_DEPTH = 10;
const WHOLE_SHARE = 0.05;
const FIRST = ['blue', 'old', 'north', 'quiet', 'red', 'iron', 'lucky', 'grey', 'wild', 'late', 'salty', 'true'];
const SECOND = ['finch', 'tram', 'harbor', 'owl', 'fox', 'river', 'oak', 'stone', 'reader', 'voter', 'guest', 'lurker'];

export class QueueThreadTexts {
  private constructor(
    private readonly seed: number,
    private readonly whole: readonly string[],
    private readonly sentences: readonly string[],
    private readonly lengths: readonly number[],
  ) {}

  static load(seed = 15): QueueThreadTexts {
    const real = realTexts(mulberry32(seed)).map((r) => r.text);
    const sentences = sentencesOf(real);
    if (real.length === 0 || sentences.length < 1000) throw new Error(`too few real texts under ../shared/data (${real.length} texts, ${sentences.length} sentences)`);
    return new QueueThreadTexts(seed, real, sentences, real.map((t) => Math.min(t.length, 600)));
  }

  /** How many real texts and sentences the comments are made of. */
  get sources(): { texts: number; sentences: number } {
    return { texts: this.whole.length, sentences: this.sentences.length };
  }

  private text(random: () => number): string {
    if (random() < WHOLE_SHARE) return this.whole[Math.floor(random() * this.whole.length)]!;
    const target = this.lengths[Math.floor(random() * this.lengths.length)]!;
    const pick = (): string => this.sentences[Math.floor(random() * this.sentences.length)]!;
    let text = `${pick()} ${pick()}`;
    for (let n = 2; n < 4 && text.length < target; n++) text += ` ${pick()}`;
    return text;
  }

  /** Thread `n` of `comments` comments as generic JSON bytes. */
  thread(n: number, comments: number): Uint8Array {
    const random = mulberry32(this.seed * 1_000_003 + n);
    const depths: number[] = [];
    const items: Array<{ id: string; parent_id: string | null; author: string; created_at: string; text: string }> = [];
    let time = Date.UTC(2026, 0, 1) + n * 86_400_000;
    for (let i = 0; i < comments; i++) {
      let parent: number | null = null;
      if (i > 0 && random() < 0.8) {
        const candidate = Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)));
        if (depths[candidate]! < MAX_DEPTH) parent = candidate;
      }
      depths.push(parent === null ? 0 : depths[parent]! + 1);
      const a = Math.floor(4000 * random() ** 3);
      time += 1000 + Math.floor(random() * 89_000);
      items.push({
        id: `c${i + 1}`,
        parent_id: parent === null ? null : `c${parent + 1}`,
        author: `${FIRST[a % FIRST.length]}_${SECOND[Math.floor(a / FIRST.length) % SECOND.length]}${a}`,
        created_at: new Date(time).toISOString(),
        text: this.text(random),
      });
    }
    const id = `bench-queue-${String(n).padStart(5, '0')}`;
    return Buffer.from(JSON.stringify({ id, title: `Queue bench thread ${n + 1}`, comments: items }));
  }
}
