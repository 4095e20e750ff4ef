import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IMPORTERS, MAX_INPUT_BYTES, importInput, listFormats } from './registry.ts';

const SEED = resolve(process.cwd(), '../shared/seeds/000_63fe030f4ed4795b.txt');
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe('listFormats', () => {
  it('lists every importer once, in registry order', () => {
    const formats = listFormats();
    expect(formats.map((f) => f.id)).toEqual(expect.arrayContaining(['wxr', 'disqus', 'generic-json', 'generic-csv', 'page-text']));
    expect(formats[formats.length - 1]).toEqual({ id: 'page-text', label: 'Copied blog page text' });
    expect(new Set(IMPORTERS.map((i) => i.id)).size).toBe(IMPORTERS.length);
  });
});

describe('importInput', () => {
  it('detects each format from the content, whatever the file is called', () => {
    const cases: [string, Uint8Array][] = [
      ['page-text', new Uint8Array(readFileSync(SEED))],
      ['generic-csv', utf8('id,parent_id,author,text\n1,,Ann,hello\n2,1,Ben,"hi, there"\n')],
      ['generic-json', utf8('[{"id": 1, "text": "hello"}]')],
      ['generic-json', utf8('{"title": "T", "comments": [{"id": "a", "body": "x"}]}')],
    ];
    for (const [format, bytes] of cases) {
      const result = importInput({ bytes, fileName: 'upload.dat' });
      expect(result).toMatchObject({ ok: true, format });
    }
  });

  it('imports the seed from bytes and from pasted text alike', () => {
    const bytes = new Uint8Array(readFileSync(SEED));
    const fromBytes = importInput({ bytes, fileName: '000_63fe030f4ed4795b.txt' });
    const fromText = importInput({ text: Buffer.from(bytes).toString('utf8') });
    expect(fromBytes.ok && fromBytes.threads[0]!.comments).toHaveLength(15);
    expect(fromText).toEqual(fromBytes);
  });

  it('uses the given format without detecting, and names the unknown ones with the supported list', () => {
    const forced = importInput({ text: 'id,text\n1,a\n', format: 'page-text' });
    expect(forced).toMatchObject({ ok: false, format: 'page-text', message: expect.stringMatching(/^pasted text, lines 1-3: No numbered comments/) });
    const unknown = importInput({ text: 'id,text\n1,a\n', format: 'myspace', fileName: 'x.csv' });
    expect(unknown.ok).toBe(false);
    if (unknown.ok) return;
    expect(unknown.message).toContain('x.csv');
    expect(unknown.message).toContain('"myspace"');
    for (const { id } of listFormats()) expect(unknown.message).toContain(id);
    expect(importInput({ text: 'id,text\n1,a\n', format: 'auto' })).toMatchObject({ ok: true, format: 'generic-csv' });
  });

  it('lists the supported formats when nothing matches', () => {
    const result = importInput({ text: 'Dear diary,\ntoday nothing happened.', fileName: 'diary.txt' });
    expect(result).toMatchObject({ ok: false, format: null, where: 'line 1' });
    if (result.ok) return;
    expect(result.message.startsWith('diary.txt, line 1: The format was not recognised')).toBe(true);
    for (const { id, label } of listFormats()) expect(result.message).toContain(`${id} (${label})`);
  });

  it('rejects input over the size limit, giving the size', () => {
    expect(MAX_INPUT_BYTES).toBe(256 * 1024 * 1024);
    const big = new Uint8Array(MAX_INPUT_BYTES + 1024 * 1024);
    const result = importInput({ bytes: big, fileName: 'huge.txt' });
    expect(result).toMatchObject({ ok: false, where: `byte ${MAX_INPUT_BYTES + 1}` });
    if (result.ok) return;
    expect(result.message).toContain('huge.txt');
    expect(result.message).toContain('257.0 MB (269484032 bytes)');
    const pasted = importInput({ text: '€'.repeat(Math.ceil(MAX_INPUT_BYTES / 3) + 1) });
    expect(pasted).toMatchObject({ ok: false, message: expect.stringMatching(/^pasted text, byte \d+: The text is 256\.0 MB/) });
  });

  it('rejects binary files, naming the file and byte', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(importInput({ bytes: png, fileName: 'photo.png' })).toMatchObject({ ok: false, where: 'byte 8', message: expect.stringMatching(/^photo\.png, byte 8: This looks like a binary file/) });
  });

  it('carries the decoding warning along with a successful import', () => {
    const latin = new Uint8Array([...Buffer.from('id,text\n1,caf', 'latin1'), 0xe9, 0x0a]);
    const result = importInput({ bytes: latin, fileName: 'old.csv' });
    expect(result).toMatchObject({ ok: true, format: 'generic-csv', problems: [{ severity: 'warning', where: 'byte 13' }] });
    expect(result.ok && result.threads[0]!.comments[0]!.text).toBe('café');
  });

  it('names the file and the place in every failure', () => {
    const failures = [
      importInput({ text: '[{"id": 1, "text": "a"}', fileName: 'a.json' }),
      importInput({ text: 'id,name\n1,x\n', fileName: 'b.csv' }),
      importInput({ text: '   \n\n', fileName: 'c.txt' }),
      importInput({ fileName: 'd.txt' }),
    ];
    for (const f of failures) {
      expect(f.ok).toBe(false);
      if (f.ok) continue;
      expect(f.message).toMatch(/^[a-d]\.(json|csv|txt), (line|row|input)/);
      expect(f.where).not.toBeNull();
    }
  });

  it('never throws, whatever the bytes, text or options', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.option(fc.constantFrom('page-text', 'generic-csv', 'generic-json', 'auto', 'x')), (bytes, format) => {
        const result = importInput({ bytes, format: format ?? undefined, fileName: 'random.bin' });
        return typeof result.ok === 'boolean' && (result.ok || result.message.includes('random.bin'));
      }),
      { numRuns: 300 },
    );
    const lines = fc.array(fc.oneof(fc.constantFrom('  1. Ann says', '    2. Bob said:', '      [...] x', 'Leave A Reply', '', 'id,text', '"', '{', ']'), fc.string({ maxLength: 20 })), { maxLength: 30 });
    fc.assert(
      fc.property(lines, (ls) => {
        const result = importInput({ text: ls.join('\n') });
        return typeof result.ok === 'boolean' && !(!result.ok && result.message.startsWith('Internal error'));
      }),
      { numRuns: 300 },
    );
    expect(importInput(undefined as never)).toMatchObject({ ok: false, where: 'input' });
    expect(importInput({ bytes: 'not bytes' as never })).toMatchObject({ ok: false });
  });
});

describe('detection of the platform formats', () => {
  const FORMATS = resolve(process.cwd(), '../shared/formats');

  it('detects every sample of ../shared/formats/{wp-rest,wp-html,reddit,hn,discourse,youtube} as its folder\'s format', () => {
    let seen = 0;
    for (const folder of ['wp-rest', 'wp-html', 'reddit', 'hn', 'discourse', 'youtube']) {
      for (const name of readdirSync(resolve(FORMATS, folder))) {
        const result = importInput({ bytes: new Uint8Array(readFileSync(resolve(FORMATS, folder, name))), fileName: 'upload.dat' });
        expect({ name, ok: result.ok, format: result.format }).toEqual({ name, ok: true, format: folder });
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(8);
  });

  it('leaves generic JSON to generic-json, even with keys the platform formats also use', () => {
    const generic = [
      '[{"id": 1, "text": "hello"}]',
      '[{"id": 1, "parent": 0, "post": 3, "author": "a", "text": "x", "date": "2020-01-01"}]',
      '[{"id": 1, "type": "comment", "time": 1600000000, "text": "x", "author": "a"}]',
      '[{"id": "a", "body": "x", "kind": "comment", "parent_id": null}]',
      '{"threads": [{"id": "t", "title": "T", "comments": [{"id": "1", "parentId": null, "text": "x", "kind": "comment", "status": "published"}]}]}',
      '{"title": "T", "comments": [{"id": 1, "content": "x", "children": [{"id": 2, "content": "y"}]}]}',
    ];
    for (const text of generic) expect(importInput({ text })).toMatchObject({ ok: true, format: 'generic-json' });
  });

  it('reads platform JSON pasted as text and names the importer in a failure', () => {
    expect(importInput({ text: '{"ancestors": [], "descendants": [{"id": "1", "in_reply_to_id": null, "content": "<p>x</p>"}]}' })).toMatchObject({ ok: true, format: 'mastodon' });
    const cut = importInput({ text: '{"kind": "youtube#commentThreadListResponse", "items": [', fileName: 'yt.json' });
    expect(cut).toMatchObject({ ok: false, format: 'youtube', message: expect.stringMatching(/^yt\.json, line 1, column \d+: Invalid JSON: .*\(read as youtube\)$/) });
  });
});
