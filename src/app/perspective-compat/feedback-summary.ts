/**
 * The stored score feedback summed up per text for the thread view (docs/adr/0017-score-feedback.md): for a
 * clientToken only a caller's latest suggestion per community and attribute counts; the rest are averaged.
 */
import type { CommentFeedback } from '../../core/api.ts';
import { ATTRIBUTES, type Attribute } from '../../core/scoring.ts';
import type { Store } from '../store/store.ts';
import { feedbackOfThread, type StoredFeedback } from '../store/score-feedback.ts';

/** The suggestions that count: for a clientToken, only a caller's latest per community and attribute. */
function countedRows(rows: readonly StoredFeedback[]): StoredFeedback[] {
  const latest = new Map<string, StoredFeedback>();
  const counted: StoredFeedback[] = [];
  for (const row of rows) {
    if (row.clientToken === null) counted.push(row);
    else {
      const key = JSON.stringify([row.textHash, row.attribute, row.keyLabel, row.communityId, row.clientToken]);
      const seen = latest.get(key);
      if (!seen || row.seq > seen.seq) latest.set(key, row);
    }
  }
  return [...counted, ...latest.values()];
}

/** Per text hash, the feedback of each attribute (ATTRIBUTES order): mean of the counted suggestions, count, latest time. */
export function summarizeFeedback(rows: readonly StoredFeedback[]): Map<string, CommentFeedback[]> {
  const sums = new Map<string, Map<Attribute, { total: number; count: number; latestAt: string }>>();
  for (const row of countedRows(rows)) {
    let perAttribute = sums.get(row.textHash);
    if (!perAttribute) sums.set(row.textHash, (perAttribute = new Map()));
    const sum = perAttribute.get(row.attribute) ?? { total: 0, count: 0, latestAt: row.at };
    perAttribute.set(row.attribute, { total: sum.total + row.suggested, count: sum.count + 1, latestAt: row.at > sum.latestAt ? row.at : sum.latestAt });
  }
  const out = new Map<string, CommentFeedback[]>();
  for (const [hash, perAttribute] of sums) {
    out.set(hash, ATTRIBUTES.filter((a) => perAttribute.has(a)).map((attribute) => {
      const { total, count, latestAt } = perAttribute.get(attribute)!;
      return { attribute, suggested: total / count, count, latestAt };
    }));
  }
  return out;
}

/** The feedback of every text of a stored thread, by text hash (the thread view attaches it to each comment). */
export async function threadFeedback(store: Store, threadId: string): Promise<Map<string, CommentFeedback[]>> {
  return summarizeFeedback(await feedbackOfThread(store.sql, threadId));
}
