/**
 * Turns the ten labelled sources of ../shared/data into examples with per-label values (a label is absent where the
 * source says nothing about it). Runtime-neutral: takes the file contents, not paths. Each loader's comment is its
 * mapping from the source's labels to ours (docs/model-card.md has the same table). Shared conventions:
 * - a text the source calls clean (not abusive, not offensive, non-toxic) is 0 on every label, since an insult, a
 *   threat or an identity attack is toxic; for the same reason an identity attack is always TOXICITY 1;
 * - casual use of a gendered slur or insult ("bitch") is toxic but not by itself an attack on a group (Davidson calls
 *   it offensive, not hate): the sexism sets give such posts no IDENTITY_ATTACK label;
 * - examples derived from one unit that must not straddle the train/calibration/held-out split (a post and its civil
 *   rest, a contrast pair) share a `group`, and the split is taken from the group; every other example is split by
 *   its own text.
 */
import { csvRecords } from './csv.ts';
import { splitOf, type SplitName } from './split.ts';
import { cleanTrainingText, IDENTITY_TERMS } from './words.ts';

/** The attributes learned from data, one stored head each; the other ones are computed (docs/model-card.md). */
export const HEADS = ['TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'THREAT'] as const;
export type Head = (typeof HEADS)[number];

/**
 * Labels a loader may give: the heads, INSULT and THREAT (labelled by several sources, learned only if a recipe
 * says so), and ANTISEMITISM (ISCA), a second reader for IDENTITY_ATTACK in the recipe that stacks it.
 */
export const LABELS = ['TOXICITY', 'IDENTITY_ATTACK', 'INSULT', 'THREAT', 'ANTISEMITISM'] as const;
export type Label = (typeof LABELS)[number];
/** A fit is trained on one label; the names are the same. */
export type Fit = Label;

/** The sources, in loading order. */
export const SOURCES = [
  'davidson', 'isca', 'stormfront', 'toxic-spans', 'edos', 'hatemoji', 'convabuse', 'reddit-misogyny', 'wiki', 'toxichat',
] as const;
export type Source = (typeof SOURCES)[number];

export type Labels = Partial<Record<Label, 0 | 1>>;

/** One labelled text. */
export interface Example {
  text: string;
  source: Source;
  split: SplitName;
  labels: Labels;
  /** Davidson only: 0 hate, 1 offensive, 2 neither. */
  davidsonClass?: 0 | 1 | 2;
  /** HatemojiBuild only: the id shared by the two members of a contrast pair. */
  pair?: string;
  /** Toxic Spans posts only: the character ranges most raters marked as toxic, offsets into `text`. */
  spans?: Array<[number, number]>;
}

/** Contents of the source files (a source whose files are absent is not loaded). */
export interface SourceFiles {
  davidson?: string;
  isca?: string;
  stormfront?: string;
  /** posts.csv (one row per comment), annotations.csv (rater → comment), spans.csv (every rater's spans). */
  toxicSpans?: { posts: string; annotations: string; spans: string };
  edos?: string;
  /** train.csv, validation.csv, test.csv (the pairs cross these files, so all three are needed). */
  hatemoji?: string[];
  /** ConvAbuseEMNLP{train,valid,test}.csv. */
  convabuse?: string[];
  redditMisogyny?: string;
  /** gc.csv (labelled with the parent in view), gn.csv (without), cat_small.csv (both ways). */
  wiki?: { gc: string; gn: string; catSmall: string };
  /** ToxiChat {train,dev,test}.jsonl. */
  toxichat?: string[];
}

/** Every label 0: what a clean text is. */
const CLEAN: Labels = { TOXICITY: 0, IDENTITY_ATTACK: 0, INSULT: 0, THREAT: 0 };

function example(raw: string, source: Source, labels: Labels, extra: Partial<Example> & { group?: string } = {}): Example | null {
  const text = cleanTrainingText(raw).trim();
  if (text === '') return null;
  const { group, ...rest } = extra;
  return { text, source, split: splitOf(group ?? text), labels, ...rest };
}

function push(out: Example[], e: Example | null): void {
  if (e) out.push(e);
}

/** Davidson: TOXICITY = hate or offensive vs neither; IDENTITY_ATTACK = hate vs the rest; "neither" is clean. */
function davidson(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'davidson/labeled_data.csv', ['class', 'tweet'])) {
    const cls = Number(r.class);
    if (cls !== 0 && cls !== 1 && cls !== 2) throw new Error(`davidson/labeled_data.csv: bad class "${r.class}"`);
    const labels: Labels = cls === 2 ? { ...CLEAN } : { TOXICITY: 1, IDENTITY_ATTACK: cls === 0 ? 1 : 0 };
    push(out, example(r.tweet ?? '', 'davidson', labels, { davidsonClass: cls }));
  }
  return out;
}

/**
 * ISCA: IDENTITY_ATTACK and ANTISEMITISM = antisemitic (IHRA definition) vs not; antisemitic is also TOXICITY 1, but
 * not-antisemitic is not "not toxic" (no TOXICITY label). The `keyword` column (how a tweet was sampled) is not read:
 * it does not exist at scoring time.
 */
function isca(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'isca-antisemitism/train.csv', ['antisemitic', 'text'])) {
    if (r.antisemitic !== '0' && r.antisemitic !== '1') throw new Error(`isca-antisemitism/train.csv: bad label "${r.antisemitic}"`);
    const y = r.antisemitic === '1' ? 1 : 0;
    push(out, example(r.text ?? '', 'isca', y === 1 ? { TOXICITY: 1, IDENTITY_ATTACK: 1, ANTISEMITISM: 1 } : { IDENTITY_ATTACK: 0, ANTISEMITISM: 0 }));
  }
  return out;
}

/**
 * Stormfront: TOXICITY, IDENTITY_ATTACK and ANTISEMITISM = hate vs noHate (the set's hate is attacks on groups);
 * "relation" (hateful only with context) and "idk/skip" are left out.
 */
function stormfront(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'stormfront/train.csv', ['label', 'text'])) {
    if (r.label !== 'hate' && r.label !== 'noHate') continue;
    const y = r.label === 'hate' ? 1 : 0;
    push(out, example(r.text ?? '', 'stormfront', { TOXICITY: y, IDENTITY_ATTACK: y, ANTISEMITISM: y }));
  }
  return out;
}

/** Sentences of `text` with their offsets: split after . ! ? followed by white space, and at line breaks. */
export function sentencesOf(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const close = (end: number): void => {
    if (text.slice(start, end).trim() !== '') out.push({ start, end });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') close(i + 1);
    else if ((ch === '.' || ch === '!' || ch === '?') && /\s/.test(text[i + 1] ?? ' ')) close(i + 1);
  }
  close(text.length);
  return out;
}

/** Raters' spans per comment id, from annotations.csv (annotation → comment) and spans.csv (annotation → range). */
function raterSpans(annotationsCsv: string, spansCsv: string): Map<string, Array<[number, number]>> {
  const commentOf = new Map<string, string>();
  for (const r of csvRecords(annotationsCsv, 'toxic-spans/annotations.csv', ['annotation', 'comment_id'])) commentOf.set(r.annotation ?? '', r.comment_id ?? '');
  const out = new Map<string, Array<[number, number]>>();
  for (const r of csvRecords(spansCsv, 'toxic-spans/spans.csv', ['annotation', 'start', 'end'])) {
    const comment = commentOf.get(r.annotation ?? '');
    const start = Number(r.start);
    const end = Number(r.end);
    if (comment === undefined || !Number.isInteger(start) || !Number.isInteger(end) || end <= start) continue;
    const list = out.get(comment) ?? [];
    list.push([start, end]);
    out.set(comment, list);
  }
  return out;
}

/** Words (lower case, letters) that fall inside some rater's span in at least half of their 5+ occurrences, identity words excepted. */
function usuallyMarkedWords(posts: ReadonlyArray<Record<string, string>>, marked: ReadonlyMap<string, Array<[number, number]>>): Set<string> {
  const inside = new Map<string, number>();
  const total = new Map<string, number>();
  for (const r of posts) {
    const text = r.text ?? '';
    const ranges = marked.get(r.comment_id ?? '') ?? [];
    for (const m of text.matchAll(/\p{L}+/gu)) {
      const w = m[0].toLowerCase();
      const start = m.index;
      const end = start + m[0].length;
      total.set(w, (total.get(w) ?? 0) + 1);
      if (ranges.some(([a, b]) => a < end && start < b)) inside.set(w, (inside.get(w) ?? 0) + 1);
    }
  }
  const out = new Set<string>();
  for (const [w, n] of total) if (n >= 5 && (inside.get(w) ?? 0) * 2 >= n && !IDENTITY_TERMS.has(w)) out.add(w);
  return out;
}

/** A rater count as a label: 1 when more than half of `n` raters, 0 when none, absent in between. */
function byMajority(count: number, n: number): 0 | 1 | undefined {
  if (count * 2 > n) return 1;
  return count === 0 ? 0 : undefined;
}

/** Fewest words for the unmarked rest of a post to serve as a clean example (shorter fragments say little). */
const MIN_CLEAN_WORDS = 5;

/**
 * Toxic Spans (Civil Comments news comments; every post was rated toxic by Civil Comments raters):
 * - a post is TOXICITY 1 when more than half of its raters marked a span (posts where most raters marked nothing are
 *   left out); INSULT, THREAT and IDENTITY_ATTACK are 1 when more than half of the raters marked a span of that
 *   type, 0 when none did, absent in between;
 * - in-domain negatives: in the same posts, the sentences that no rater marked at all, joined in order, are a
 *   clean example when they have at least five words: the civil rest of a toxic comment, of comment length, so that
 *   neither news-comment style nor length is itself a sign of toxicity; it shares the post's split group. Raters
 *   often mark one insult and leave the next ("a bunch of pussy ass crybabies" unmarked beside a marked "ass"), so a
 *   rest is dropped when it holds a word the raters mark more often than not where it occurs (at least five times
 *   in the set; identity words excepted, they are marked for what is said about the group).
 * The `all toxic` / `not toxic` tick-boxes are not read (undocumented, inconsistent). Texts are not cleaned, so the
 * majority spans (`spans`) stay valid offsets.
 */
function toxicSpans(files: NonNullable<SourceFiles['toxicSpans']>): Example[] {
  const out: Example[] = [];
  const marked = raterSpans(files.annotations, files.spans);
  const columns = ['comment_id', 'text', 'n_raters', 'n_raters_with_spans', 'raters_insult', 'raters_threat', 'raters_identity_attack', 'majority_spans'];
  const posts = csvRecords(files.posts, 'toxic-spans/posts.csv', columns);
  const toxicWords = usuallyMarkedWords(posts, marked);
  for (const r of posts) {
    const text = r.text ?? '';
    if (text.trim() === '') continue;
    const n = Number(r.n_raters);
    const withSpans = Number(r.n_raters_with_spans);
    const split = splitOf(text);
    if (withSpans * 2 > n) {
      const labels: Labels = { TOXICITY: 1 };
      const set = (label: Label, count: string | undefined): void => {
        const y = byMajority(Number(count), n);
        if (y !== undefined) labels[label] = y;
      };
      set('INSULT', r.raters_insult);
      set('THREAT', r.raters_threat);
      set('IDENTITY_ATTACK', r.raters_identity_attack);
      const spans = (JSON.parse(r.majority_spans || '[]') as Array<[number, number, string]>).map(([s, e]) => [s, e] as [number, number]);
      out.push({ text, source: 'toxic-spans', split, labels, spans });
    }
    if (withSpans * 2 <= n) continue;
    const ranges = marked.get(r.comment_id ?? '') ?? [];
    const unmarked = sentencesOf(text).filter((s) => !ranges.some(([a, b]) => a < s.end && s.start < b));
    const rest = unmarked.map((s) => text.slice(s.start, s.end).trim()).join(' ');
    const words = rest.toLowerCase().match(/\p{L}+/gu) ?? [];
    if (words.length >= MIN_CLEAN_WORDS && !words.some((w) => toxicWords.has(w))) out.push({ text: rest, source: 'toxic-spans', split, labels: { ...CLEAN } });
  }
  return out;
}

/** Identity terms other than gender ones: a "not sexist" post that names one may still attack that group. */
const GENDER_TERMS = new Set(['women', 'woman', 'girls', 'feminist', 'feminists']);
function namesNonGenderGroup(text: string): boolean {
  for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) if (IDENTITY_TERMS.has(w) && !GENDER_TERMS.has(w)) return true;
  return false;
}

/**
 * EDOS (sexism on Gab and Reddit), by the fine-grained vector of a sexist post:
 * - 1.x threats and incitement: TOXICITY 1, IDENTITY_ATTACK 1, THREAT 1;
 * - 2.x derogation, 3.2 gender stereotypes, 4.x prejudiced discussion: TOXICITY 1, IDENTITY_ATTACK 1, THREAT 0;
 * - 3.1 casual use of gendered slurs, profanities and insults: TOXICITY 1, THREAT 0, no IDENTITY_ATTACK label;
 * - 3.3 backhanded compliments, 3.4 condescending advice: left out (neither clearly toxic nor an attack).
 * "not sexist" says nothing about toxicity or other groups: IDENTITY_ATTACK 0 when the post names no other group,
 * else left out. `[USER]` and `[URL]` placeholders are removed.
 */
function edos(csv: string): Example[] {
  const out: Example[] = [];
  for (const r of csvRecords(csv, 'edos/edos_labelled_aggregated.csv', ['text', 'label_sexist', 'label_vector'])) {
    const raw = (r.text ?? '').replace(/\[(USER|URL)\]/g, ' ');
    const vector = (r.label_vector ?? '').slice(0, 3);
    let labels: Labels;
    if (r.label_sexist === 'sexist') {
      if (vector === '3.3' || vector === '3.4') continue;
      labels = vector === '3.1' ? { TOXICITY: 1, THREAT: 0 } : { TOXICITY: 1, IDENTITY_ATTACK: 1, THREAT: vector.startsWith('1.') ? 1 : 0 };
    } else if (r.label_sexist === 'not sexist') {
      if (namesNonGenderGroup(raw)) continue;
      labels = { IDENTITY_ATTACK: 0 };
    } else throw new Error(`edos: bad label_sexist "${r.label_sexist}"`);
    push(out, example(raw, 'edos', labels));
  }
  return out;
}

/**
 * HatemojiBuild (adversarial emoji-based hate, each entry with a minimally edited twin of the other label):
 * IDENTITY_ATTACK = label_gold; a hateful entry is also TOXICITY 1 and THREAT 1 when its type is threatening
 * language (0 for other hate types); a non-hateful entry gets no TOXICITY or THREAT label (many twins keep the
 * profanity and only drop the group). Both members of a pair share `pair` and the split group, so a pair never
 * straddles the split.
 */
function hatemoji(files: readonly string[]): Example[] {
  const rows = files.flatMap((csv) => csvRecords(csv, 'hatemoji-build', ['entry_id', 'text', 'type', 'label_gold', 'matched_id']));
  const byId = new Map(rows.map((r) => [r.entry_id ?? '', r]));
  const out: Example[] = [];
  for (const r of rows) {
    const id = r.entry_id ?? '';
    const twin = byId.get(r.matched_id ?? '');
    const mutual = twin !== undefined && twin.matched_id === id;
    const group = `hatemoji:${mutual ? Math.min(Number(id), Number(twin.entry_id)) : id}`;
    if (r.label_gold !== '0' && r.label_gold !== '1') throw new Error(`hatemoji-build: bad label_gold "${r.label_gold}"`);
    const labels: Labels = r.label_gold === '1' ? { IDENTITY_ATTACK: 1, TOXICITY: 1, THREAT: r.type === 'threateninglanguage' ? 1 : 0 } : { IDENTITY_ATTACK: 0 };
    push(out, example(r.text ?? '', 'hatemoji', labels, { group, ...(mutual ? { pair: group } : {}) }));
  }
  return out;
}

const CONVABUSE_LEVELS = ['1', '0', '-1', '-2', '-3'] as const;
const CONVABUSE_IDENTITY = ['ableist', 'homophobic', 'racist', 'sexist', 'transphobic'] as const;

/**
 * ConvAbuse (user turns to two chatbots; only the `user` turn is read, the context turns are not): among the
 * annotators who saw a turn, a majority choosing an abusive level (mildly, strongly, very strongly) makes it
 * TOXICITY 1, a majority choosing "not abusive" makes it clean, anything else (ambiguous, split) is left out. An
 * abusive turn is IDENTITY_ATTACK 1 when a majority marked an identity type (ableist, homophobic, racist, sexist,
 * transphobic), 0 when none did; INSULT 1 when a majority marked "intellectual" (insults to the bot's mind).
 */
function convabuse(files: readonly string[]): Example[] {
  const out: Example[] = [];
  for (const csv of files) {
    for (const r of csvRecords(csv, 'convabuse', ['user'])) {
      const annotators = [1, 2, 3, 4, 5, 6, 7, 8].filter((a) => CONVABUSE_LEVELS.some((l) => r[`Annotator${a}_is_abuse.${l}`] === '1'));
      const votes = (column: string): number => annotators.filter((a) => r[`Annotator${a}_${column}`] === '1').length;
      const n = annotators.length;
      const abusive = votes('is_abuse.-1') + votes('is_abuse.-2') + votes('is_abuse.-3');
      let labels: Labels;
      if (n > 0 && abusive * 2 > n) {
        const identity = annotators.filter((a) => CONVABUSE_IDENTITY.some((t) => r[`Annotator${a}_${t}`] === '1')).length;
        labels = { TOXICITY: 1 };
        const ia = byMajority(identity, n);
        if (ia !== undefined) labels.IDENTITY_ATTACK = ia;
        if (votes('intellectual') * 2 > n) labels.INSULT = 1;
      } else if (n > 0 && votes('is_abuse.1') * 2 > n) labels = { ...CLEAN };
      else continue;
      push(out, example(r.user ?? '', 'convabuse', labels));
    }
  }
  return out;
}

/** Labels of one row of the misogyny set by its categories; null for "none of the categories" (clean). */
function misogynyLabels(level1: string, level2: string, level3: string): Labels | null {
  if (level1 === 'Misogynistic') {
    if (level2 === 'Misogynistic_pejorative') return { TOXICITY: 1 };
    if (level2 === 'Misogynistic_personal_attack') return { TOXICITY: 1, INSULT: 1 };
    return { TOXICITY: 1, IDENTITY_ATTACK: 1, ...(level3.startsWith('Threatening') ? { THREAT: 1 as const } : {}) };
  }
  if (level2 === 'Nonmisogynistic_personal_attack') return { TOXICITY: 1, IDENTITY_ATTACK: 0, INSULT: 1 };
  if (level2 === 'Counter_speech') return { IDENTITY_ATTACK: 0 };
  return null;
}

/**
 * Online misogyny (Reddit, expert labels), by level-2 category: derogation and treatment (misogynistic) = TOXICITY 1,
 * IDENTITY_ATTACK 1, THREAT 1 for the threatening sub-types; a misogynistic pejorative = TOXICITY 1 and a misogynistic
 * personal attack = TOXICITY 1, INSULT 1 (gendered slurs and insults: no IDENTITY_ATTACK label); a non-misogynistic
 * personal attack = TOXICITY 1, INSULT 1, IDENTITY_ATTACK 0; counter speech = IDENTITY_ATTACK 0 only; "none of the
 * categories" is clean. An entry with two rows takes the union of its non-clean rows (1 over 0). Posts with an image
 * (the label may rest on it) and [removed] / [deleted] bodies are left out; where the upstream CSV put the end of the
 * body in `image`, it is joined.
 */
function redditMisogyny(csv: string): Example[] {
  const entries = new Map<string, { text: string; labels: Labels | null }>();
  for (const r of csvRecords(csv, 'reddit-misogyny/final_labels.csv', ['entry_id', 'body', 'image', 'level_1', 'level_2', 'level_3'])) {
    const image = r.image ?? '';
    if (image === 'Yes') continue;
    const text = image === '' ? (r.body ?? '') : `${r.body ?? ''} ${image}`;
    if (/^\s*\[(removed|deleted)\]\s*$/.test(text)) continue;
    const labels = misogynyLabels(r.level_1 ?? '', r.level_2 ?? '', r.level_3 ?? '');
    const id = r.entry_id ?? '';
    const seen = entries.get(id);
    if (!seen || seen.labels === null) entries.set(id, { text, labels: labels && { ...labels } });
    else if (labels !== null) for (const [label, y] of Object.entries(labels) as Array<[Label, 0 | 1]>) if (seen.labels[label] !== 1) seen.labels[label] = y;
  }
  const out: Example[] = [];
  for (const { text, labels } of entries.values()) push(out, example(text, 'reddit-misogyny', labels ?? { ...CLEAN }));
  return out;
}

/**
 * Wikipedia talk comments: TOXICITY = the crowd label; toxic 0 is clean. A comment in several files keeps one label,
 * preferring the one given without the parent in view (cat_small's out-of-context label, then gn.csv, then gc.csv),
 * since the model never sees the parent. The recorded Perspective scores (`api`) are not read.
 */
function wiki(files: NonNullable<SourceFiles['wiki']>): Example[] {
  const seen = new Set<string>();
  const out: Example[] = [];
  const add = (text: string, label: string | undefined): void => {
    if (label !== '0' && label !== '1') return;
    const e = example(text, 'wiki', label === '1' ? { TOXICITY: 1 } : { ...CLEAN });
    if (!e || seen.has(e.text)) return;
    seen.add(e.text);
    out.push(e);
  };
  for (const r of csvRecords(files.catSmall, 'wiki-context-toxicity/cat_small.csv', ['text', 'label_oc'])) add(r.text ?? '', r.label_oc);
  for (const r of csvRecords(files.gn, 'wiki-context-toxicity/gn.csv', ['text', 'label'])) add(r.text ?? '', r.label);
  for (const r of csvRecords(files.gc, 'wiki-context-toxicity/gc.csv', ['text', 'label'])) add(r.text ?? '', r.label);
  return out;
}

/** ToxiChat offense targets that are not a group identity (persons, political camps, "not in the list"). */
const TOXICHAT_NOT_IDENTITY = new Set([
  'individual/redditor', 'celebrity/personality', 'comment author', 'Not in the list', 'leftists', 'liberals', 'democrats', 'communists',
  'republicans', 'socialists', 'independents/libertarians', 'conservatives', 'rightists',
]);
const TOXICHAT_PERSON = new Set(['individual/redditor', 'celebrity/personality', 'comment author']);

interface ToxiChatTurn {
  text?: unknown;
  offense_label?: unknown;
  offense_targets?: unknown;
}

/**
 * ToxiChat (Reddit threads; only the human turns of `reddit_thread`, never the machine-generated `final_*` replies):
 * Offensive = TOXICITY 1, Safe = clean. An offensive turn is IDENTITY_ATTACK 1 when a target is a group identity
 * (women, LGBTQ folks, black folks, a religion, a region, ...), 0 when its targets are only persons (then INSULT 1);
 * political camps or no target give no IDENTITY_ATTACK label. Each turn is split by its own text, like every other
 * example (scripts/eval-thresholds.ts reads the held-out turns that way).
 */
function toxichat(files: readonly string[]): Example[] {
  const out: Example[] = [];
  for (const jsonl of files) {
    for (const line of jsonl.split('\n')) {
      if (line.trim() === '') continue;
      const thread = JSON.parse(line) as { reddit_thread?: ToxiChatTurn[] };
      for (const turn of thread.reddit_thread ?? []) {
        const targets = Array.isArray(turn.offense_targets) ? turn.offense_targets.map(String) : [];
        let labels: Labels;
        if (turn.offense_label === 'Safe') labels = { ...CLEAN };
        else if (turn.offense_label === 'Offensive') {
          labels = { TOXICITY: 1 };
          if (targets.some((t) => !TOXICHAT_NOT_IDENTITY.has(t))) labels.IDENTITY_ATTACK = 1;
          else if (targets.length > 0 && targets.every((t) => TOXICHAT_PERSON.has(t))) Object.assign(labels, { IDENTITY_ATTACK: 0, INSULT: 1 });
        } else throw new Error(`toxichat: bad offense_label "${String(turn.offense_label)}"`);
        push(out, example(String(turn.text ?? ''), 'toxichat', labels));
      }
    }
  }
  return out;
}

/** All examples of the sources whose files are given, in the order of SOURCES and of each file. */
export function loadExamples(files: SourceFiles): Example[] {
  return [
    ...(files.davidson !== undefined ? davidson(files.davidson) : []),
    ...(files.isca !== undefined ? isca(files.isca) : []),
    ...(files.stormfront !== undefined ? stormfront(files.stormfront) : []),
    ...(files.toxicSpans ? toxicSpans(files.toxicSpans) : []),
    ...(files.edos !== undefined ? edos(files.edos) : []),
    ...(files.hatemoji ? hatemoji(files.hatemoji) : []),
    ...(files.convabuse ? convabuse(files.convabuse) : []),
    ...(files.redditMisogyny !== undefined ? redditMisogyny(files.redditMisogyny) : []),
    ...(files.wiki ? wiki(files.wiki) : []),
    ...(files.toxichat ? toxichat(files.toxichat) : []),
  ];
}
