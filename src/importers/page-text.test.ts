import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comment, ImportResult, Thread } from '../core/model.ts';
import { buildTree } from '../core/tree.ts';
import { pageTextImporter } from './page-text.ts';

const SEED = resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');

function thread(result: ImportResult): Thread {
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  expect(result.threads).toHaveLength(1);
  return result.threads[0]!;
}

function byAuthorText(comments: readonly Comment[], author: string, start: string): Comment {
  const found = comments.find((c) => c.author === author && c.text.startsWith(start));
  if (found === undefined) throw new Error(`no comment by ${author} starting ${start}`);
  return found;
}

describe('page-text importer on the seed', () => {
  const text = readFileSync(SEED, 'utf8');
  const result = pageTextImporter.parse(text, '000_63fe030f4ed4795b.txt');
  const seed = thread(result);
  const tree = buildTree(seed.comments);

  it('reads 1 thread of 15 entries, 14 comments and 1 pingback, without problems', () => {
    expect(result.ok && result.problems).toEqual([]);
    expect(seed.comments).toHaveLength(15);
    expect(seed.comments.filter((c) => c.kind === 'comment')).toHaveLength(14);
    expect(seed.comments.filter((c) => c.kind === 'pingback')).toHaveLength(1);
    expect(seed.sourceFormat).toBe('page-text');
    expect(seed.comments.every((c) => c.html === null && c.createdAt === null && c.status === 'published')).toBe(true);
  });

  it('keeps every author, in page order, with numbering-path ids', () => {
    expect(seed.comments.map((c) => `${c.id} ${c.author}`)).toEqual([
      '1 ',
      '2 Vish',
      '3 Hyman Griebowitz',
      '4 All_has_An _END_.',
      '5 John C Carleton',
      '5.1 James Willy',
      '5.1.1 Stuart Westercamp',
      '5.1.1.1 James Willy',
      '5.1.1.1.1 Benyamin Ben Israel',
      '6 CHUCKMAN',
      '6.1 thomas malthaus',
      '6.1.1 CHUCKMAN',
      '7 Canosin',
      '7.1 James Willy',
      '7.1.1 Canosin',
    ]);
  });

  it('nests replies as on the page, up to depth 4', () => {
    expect(tree.problems).toEqual([]);
    expect(tree.maxDepth).toBe(4);
    const parentOf = (author: string, start: string) => byAuthorText(seed.comments, author, start).parentId;
    expect(parentOf('James Willy', 'Still nobodys')).toBe('5');
    expect(parentOf('Stuart Westercamp', 'You people')).toBe('5.1');
    expect(parentOf('James Willy', 'you yankys')).toBe('5.1.1');
    expect(parentOf('Benyamin Ben Israel', '')).toBe('5.1.1.1');
    expect(parentOf('thomas malthaus', '“Foggy')).toBe('6');
    expect(parentOf('CHUCKMAN', 'It’s a very traditional')).toBe('6.1');
    expect(parentOf('James Willy', 'Almost')).toBe('7');
    expect(parentOf('Canosin', 'done')).toBe('7.1');
    for (const top of ['1', '2', '3', '4', '5', '6', '7']) expect(tree.byId.get(top)!.depth).toBe(0);
    expect(tree.byId.get('5.1.1.1.1')!.depth).toBe(4);
    expect(tree.byId.get('5')!.descendantCount).toBe(4);
    expect(tree.byId.get('7')!.descendantCount).toBe(2);
  });

  it('keeps bodies exact: paragraphs as "\\n\\n", line breaks inside a paragraph as "\\n", emoji and curly quotes', () => {
    const get = (id: string) => tree.byId.get(id)!.comment.text;
    expect(get('7')).toBe('👍👍 great news…..\nthe empire almost is no more…..');
    expect(get('7.1.1')).toBe('done 👍');
    expect(get('7.1')).toBe('Almost is the word you forgot.\nThey still terrorize the planet daily.');
    expect(get('2')).toBe(
      'This ballistic missile early warning system is an Existential Threat to America, as the United States should have a God-given right to launch sneak attacks on other nations without warning!\n\nPoor America.\n\nIt’s so unfair!!!!!',
    );
    expect(get('3')).toBe('putin is controlled by chabad, expect the worst');
    expect(get('5')).toBe(
      'Nothing wrong with defensive weapons.\n\nEspecially when disease and death spreading zionist zombie infected Rats are trying to take over the whole world, make slaves of all humanity.',
    );
    expect(get('6.1')).toBe('“Foggy Bottom” may have multiple definitions.');
    expect(get('1')).toBe(
      '[…] Drops a Bombshell: Russia Is Helping China Build a Ballistic Missile Early Warning System by Minnie Chan for Check Point […]',
    );
  });

  it('reads the empty comment as published with empty text', () => {
    const benyamin = tree.byId.get('5.1.1.1.1')!.comment;
    expect(benyamin).toMatchObject({ author: 'Benyamin Ben Israel', text: '', status: 'published', kind: 'comment' });
  });

  it('keeps the title and the article apart from the comments, and drops the page chrome', () => {
    expect(seed.title).toBe('Putin Drops a Bombshell: Russia Is Helping China Build a Ballistic Missile Early Warning System');
    expect(seed.articleText.startsWith('Tell me more about how Moscow and Beijing aren\'t really allies\n\nEditor’s note: This is absolutely good news.')).toBe(true);
    expect(seed.articleText.endsWith('joint training exercise.\n\nSource: Reuters')).toBe(true);
    expect(seed.articleText).not.toMatch(/says|Drops a Bombshell: Russia Is Helping China Build a Ballistic Missile Early Warning System by/);
    const everything = [seed.articleText, ...seed.comments.map((c) => c.text)].join('\n');
    expect(everything).not.toContain('Leave A Reply');
    expect(everything).not.toContain('Your email address');
    expect(seed.id).toMatch(/^[0-9a-f]{16}$/);
    expect(thread(pageTextImporter.parse(text)).id).toBe(seed.id);
  });

  it('detects the seed with high confidence', () => {
    expect(pageTextImporter.detect(text)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('page-text importer on small inputs', () => {
  const page = (...lines: string[]) => lines.join('\n');

  it('accepts "said:", "says:", "sagt:" and "Name on <date> said" headers, keeping date text', () => {
    const t = thread(
      pageTextImporter.parse(
        page(
          'Title',
          '',
          'Article.',
          '',
          '  1. Anna sagt:',
          '',
          '    Guter Artikel.',
          '',
          '  2. Bob said:',
          '    Fine.',
          '  3. Cleo on October 3, 2019 at 5:04 pm said:',
          '    Late.',
          '  4. Dan says:',
          '    19. Juni 2018 um 15:28 Uhr',
          '    Dated on the next line.',
        ),
      ),
    );
    expect(t.comments.map((c) => [c.author, c.text, c.createdAtText])).toEqual([
      ['Anna', 'Guter Artikel.', null],
      ['Bob', 'Fine.', null],
      ['Cleo', 'Late.', 'October 3, 2019 at 5:04 pm'],
      ['Dan', 'Dated on the next line.', '19. Juni 2018 um 15:28 Uhr'],
    ]);
    expect(t.comments.every((c) => c.createdAt === null)).toBe(true);
  });

  it('keeps multi-paragraph bodies, collapsing runs of blank lines into one paragraph break', () => {
    const t = thread(pageTextImporter.parse(page('T', '  1. Ann says', '', '    One', '    one b', '', '', '', '    Two', '', '    Three', '', '')));
    expect(t.comments[0]!.text).toBe('One\none b\n\nTwo\n\nThree');
    expect(t.articleText).toBe('');
  });

  it('repairs indentation that jumps more than one level or is odd, with a warning naming the line', () => {
    const result = pageTextImporter.parse(
      page('T', '', '  1. Ann says', '    a', '        1. Ben says', '          b', '           1. Cat says', '             c', '  2. Dee says', '    d'),
    );
    const t = thread(result);
    expect(t.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['1<-', '1.1<1', '1.1.1<1.1', '2<-']);
    expect(buildTree(t.comments).maxDepth).toBe(2);
    expect(result.problems).toEqual([
      { severity: 'warning', where: 'line 5', message: expect.stringContaining('6 spaces deeper') },
      { severity: 'warning', where: 'line 7', message: expect.stringContaining('3 spaces deeper') },
    ]);
  });

  it('infers nesting from the numbering when the indentation was lost', () => {
    const result = pageTextImporter.parse(
      page('T', '1. Ann says', 'a', '2. Ben says', 'b', '1. Cat says', 'c', '1. Dee says', 'd', '3. Eve says', 'e', '1. Fay says', 'f'),
    );
    const t = thread(result);
    expect(t.comments.map((c) => `${c.id}<${c.parentId ?? '-'}`)).toEqual(['1<-', '2<-', '2.1<2', '2.1.1<2.1', '3<-', '3.1<3']);
    expect(result.problems).toEqual([{ severity: 'warning', where: 'line 2', message: expect.stringContaining('numbering') }]);
  });

  it('gives repeated numbers distinct ids with a warning', () => {
    const result = pageTextImporter.parse(page('T', '  1. Ann says', '    a', '  2. Ben says', '    b', '  2. Cat says', '    c'));
    expect(thread(result).comments.map((c) => c.id)).toEqual(['1', '2', '2-2']);
    expect(result.problems).toEqual([{ severity: 'warning', where: 'line 6', message: expect.stringContaining('"2-2"') }]);
  });

  it('reads "[...]" pingbacks, "Pingback:" labels and excerpt-shaped bodies as pingbacks; drops reply links', () => {
    const t = thread(
      pageTextImporter.parse(
        page('T', '  1. [...] quoted from the post [...]', '  2. Pingback: Some Blog | Notes', '  3. Site says', '    […] an excerpt […]', '    Reply', '  4. Ann says', '    [...] is how I start a quote', '    Log in to Reply'),
      ),
    );
    expect(t.comments.map((c) => [c.kind, c.author, c.text])).toEqual([
      ['pingback', '', '[...] quoted from the post [...]'],
      ['pingback', 'Some Blog | Notes', ''],
      ['pingback', 'Site', '[…] an excerpt […]'],
      ['comment', 'Ann', '[...] is how I start a quote'],
    ]);
  });

  it('stops at the reply form and warns about unknown footer lines instead of gluing them to the last comment', () => {
    const result = pageTextImporter.parse(page('T', '  1. Ann says', '    a', 'Powered by Somewhere', 'Imprint'));
    expect(thread(result).comments[0]!.text).toBe('a');
    expect(result.problems).toEqual([{ severity: 'warning', where: 'line 4', message: expect.stringContaining('Ignored 2 line(s)') }]);
  });

  it('handles CRLF, tabs and a missing title', () => {
    const t = thread(pageTextImporter.parse('1. Ann says\r\n\tHi\r\n\t1. Ben says\r\n\t\tYo\r\n', 'exports/my-thread.txt'));
    expect(t.title).toBe('my-thread');
    expect(t.comments.map((c) => `${c.id}:${c.text}`)).toEqual(['1:Hi', '1.1:Yo']);
  });

  it('reads a very long numbered line as body text (backtracking would hit the timeout)', () => {
    const long = `    1. ${'so on and on '.repeat(20_000)}says`;
    const t = thread(pageTextImporter.parse(page('T', '  1. Ann says', long, '  2. Ben says', '    b')));
    expect(t.comments.map((c) => c.author)).toEqual(['Ann', 'Ben']);
    expect(t.comments[0]!.text.startsWith('1. so on and on')).toBe(true);
  }, 20_000);

  it('refuses text without numbered comments, naming the lines', () => {
    expect(pageTextImporter.parse('Just a title\n\nAnd some prose.')).toMatchObject({ ok: false, where: 'lines 1-3', message: expect.stringContaining('1. Name says') });
    expect(pageTextImporter.parse('\n  \n')).toMatchObject({ ok: false, where: 'line 1' });
    expect(pageTextImporter.detect('Just prose, says nobody.')).toBe(0);
  });
});
