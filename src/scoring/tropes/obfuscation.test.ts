import { describe, expect, it } from 'vitest';
import { detectTropes } from './detector.ts';

/** Every evidence span of every hit is exactly the slice of the original text it claims. */
function expectSlices(text: string): void {
  for (const hit of detectTropes(text)) for (const e of hit.evidence) expect(text.slice(e.start, e.end), `${hit.id} ${e.role}`).toBe(e.text);
}

describe('obfuscation is normalized while evidence spans stay slices of the original text', () => {
  const cases: Array<[string, string, string]> = [
    ['leetspeak', 'j3w$ control the media', 'j3w'],
    ['spaced letters', 'j e w s control the media', 'j e w s'],
    ['dotted letters', 'j.e.w.s control the media', 'j.e.w.s'],
    ['hyphenated letters', 'j-e-w-s control the media', 'j-e-w-s'],
    ['bulleted letters', 'j • e • w • s control the media', 'j • e • w • s'],
    ['repeated letters', 'jeeeewwwws control the media', 'jeeeewwwws'],
    ['Cyrillic look-alikes', '\u0458\u0435ws control the media', '\u0458\u0435ws'],
    ['Greek capital look-alike', 'J\u0395WS control the media', 'J\u0395WS'],
    ['zero-width space inside the word', 'je\u200bws control the media', 'je\u200bws'],
    ['zero-width joiner and soft hyphen', 'j\u200de\u00adws control the media', 'j\u200de\u00adws'],
    ['circled letters', 'ⓙⓔⓦⓢ control the media', 'ⓙⓔⓦⓢ'],
    ['emoji letters (negative squared)', '🅹🅴🆆🆂 control the media', '🅹🅴🆆🆂'],
    ['spaced emoji letters', '🅹 🅴 🆆 🆂 control the media', '🅹 🅴 🆆 🆂'],
    ['mathematical bold letters', '𝐣𝐞𝐰𝐬 control the media', '𝐣𝐞𝐰𝐬'],
    ['fullwidth letters', 'ｊｅｗｓ control the media', 'ｊｅｗｓ'],
    ['accented letters', 'jéws control the media', 'jéws'],
  ];
  for (const [name, text, who] of cases) {
    it(`${name}: ${text}`, () => {
      const hit = detectTropes(text).find((h) => h.id === 'control-of-institutions');
      expect(hit, text).toBeDefined();
      const byRole = Object.fromEntries(hit!.evidence.map((e) => [e.role, e.text]));
      expect(byRole).toEqual({ who, what: 'control', whom: 'media' });
      expectSlices(text);
    });
  }

  it('obfuscated predicates and codes keep their original spelling in the spans', () => {
    const text = 'Putin is c.o.n.t.r.o.l.l.e.d by ch@bad, the m3dia is 0wned by the j00s and the h0l0h0ax is taught in schools';
    const hits = detectTropes(text);
    expect(hits.map((h) => h.id).sort()).toEqual(['control-of-institutions', 'covert-control-of-leaders', 'holocaust-denial-distortion']);
    const control = hits.find((h) => h.id === 'covert-control-of-leaders')!;
    expect(control.evidence.map((e) => e.text)).toEqual(['Putin', 'is c.o.n.t.r.o.l.l.e.d by', 'ch@bad']);
    expect(hits.find((h) => h.id === 'control-of-institutions')!.evidence.map((e) => e.text)).toEqual(['m3dia', 'is 0wned by', 'j00s']);
    expect(hits.find((h) => h.id === 'holocaust-denial-distortion')!.evidence.map((e) => e.text)).toEqual(['h0l0h0ax']);
    expectSlices(text);
  });

  it('styled text that spells ordinary words stays unflagged, and normalization never creates a word from neighbours', () => {
    for (const text of ['𝐈 𝐥𝐨𝐯𝐞 𝐦𝐲 𝐣𝐞𝐰𝐞𝐥𝐥𝐞𝐫𝐲', 'ⓣⓗⓔ ⓜⓔⓓⓘⓐ ⓘⓢ ⓑⓘⓐⓢⓔⓓ', 'Zion National Park in 🅤🅣🅐𝐡 is lovely', 'the j e well store', 'a b c d e f']) {
      expect(detectTropes(text), text).toEqual([]);
    }
  });
});
