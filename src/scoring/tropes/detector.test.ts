import { describe, expect, it } from 'vitest';
import type { TropeHit } from '../../core/scoring.ts';
import { createTropeDetector } from '../index.ts';
import { detectTropes } from './detector.ts';
import { TROPE_IDS, type TropeId } from './taxonomy.ts';

const ids = (text: string): string[] => detectTropes(text).map((h) => h.id).sort();
const hitOf = (text: string, id: TropeId): TropeHit | undefined => detectTropes(text).find((h) => h.id === id);

function expectSlices(text: string, hits: readonly TropeHit[]): void {
  for (const h of hits) {
    expect(h.evidence.length).toBeGreaterThan(0);
    for (const e of h.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  }
}

describe('the seed thread trope comments (reference section 4)', () => {
  it('"putin is controlled by chabad" is secret control of leaders, with who/what/whom spans', () => {
    const text = 'putin is controlled by chabad, expect the worst';
    const hits = detectTropes(text);
    expect(hits.map((h) => h.id)).toEqual(['covert-control-of-leaders']);
    const hit = hits[0] as TropeHit;
    expect(hit.severity).toBe(3);
    expect(hit.evidence.map((e) => [e.role, e.text])).toEqual([['whom', 'putin'], ['what', 'is controlled by'], ['who', 'chabad']]);
    expect(hit.explanation).toBe('Secret control of leaders: "chabad" is said to control "putin" ("is controlled by")');
    expectSlices(text, hits);
  });

  it('the zionist rats comment is dehumanisation AND a world-domination plot', () => {
    const text = 'Nothing wrong with defensive weapons.\n\nEspecially when disease and death spreading zionist zombie infected Rats are trying to take over the whole world, make slaves of all humanity.';
    const hits = detectTropes(text);
    expect(hits.map((h) => h.id).sort()).toEqual(['dehumanization-vermin-disease', 'world-domination-plot']);
    const dehum = hits.find((h) => h.id === 'dehumanization-vermin-disease') as TropeHit;
    expect(dehum.evidence.filter((e) => e.role === 'what').map((e) => e.text)).toEqual(['disease and death spreading', 'zombie infected Rats']);
    const dom = hits.find((h) => h.id === 'world-domination-plot') as TropeHit;
    expect(dom.evidence.map((e) => e.text)).toEqual(['zionist', 'take over the whole world', 'make slaves of', 'humanity']);
    expect(dom.explanation).toContain('"zionist" is said to plot to rule or enslave "humanity"');
    expectSlices(text, hits);
  });
});

/** One sentence of our own per trope (not from the dev cases). */
const POSITIVES: Record<TropeId, string> = {
  'covert-control-of-leaders': 'Biden is just a puppet of the jewish lobby',
  'control-of-institutions': 'jewish bankers own every newspaper in this country',
  'world-domination-plot': 'The Jewish elite are enslaving humanity one debt at a time',
  'puppet-master-proxy': 'Soros is behind every protest and riot in America',
  'dual-loyalty': 'Jewish congressmen are traitors, their real loyalty is to Israel',
  'collective-guilt': 'Every Jew is to blame for the war in Gaza',
  'greed-exploitation': 'the goyim know what this arms deal is really about',
  'dehumanization-vermin-disease': 'Zionists are a cancer on humanity',
  'blood-libel': 'they still drink the blood of christian babies at passover',
  'deicide-satanic': 'synagogue of satan, every last one of them',
  'holocaust-denial-distortion': 'The Holocaust never happened, it was exaggerated for money',
  'khazar-fake-jews': 'these so called jews are khazar impostors',
  'coded-othering-marking': 'Guess who owns the bank... every single time',
  'great-replacement': 'They are importing voters to replace us, the great replacement is here',
  'globalist-nwo-cabal': 'The globalists engineered this war to bring in their new world order',
  'deep-state-shadow-government': 'The deep state picks the president, your vote means nothing',
  'false-flag-staged-event': 'That school shooting was staged with crisis actors',
  'plandemic-depopulation': 'the vaccine is poison, they released the virus on purpose',
  'chemtrails-weather-control': 'they spray chemtrails over our cities every morning',
};

describe('each trope of the taxonomy fires on a clear claim', () => {
  for (const id of TROPE_IDS) {
    it(id, () => {
      const text = POSITIVES[id];
      const hits = detectTropes(text);
      expect(hits.map((h) => h.id)).toContain(id);
      expectSlices(text, hits);
      const hit = hits.find((h) => h.id === id) as TropeHit;
      expect(hit.explanation.startsWith(`${hit.name}: `)).toBe(true);
      expect(hit.explanation).toMatch(/"/);
    });
  }
});

describe('severity', () => {
  it('elimination language raises dehumanisation to S4', () => {
    expect(hitOf('those kikes are vermin, exterminate them', 'dehumanization-vermin-disease')?.severity).toBe(4);
    expect(hitOf('Zionists are a cancer on humanity', 'dehumanization-vermin-disease')?.severity).toBe(3);
  });

  it('a Jewish-coded agent escalates a general trope and adds the antisemitic label', () => {
    expect(hitOf('the deep state picks every president', 'deep-state-shadow-government')?.severity).toBe(1);
    const escalated = detectTropes('The zionist deep state picks every president');
    expect(escalated.find((h) => h.id === 'deep-state-shadow-government')?.severity).toBe(3);
    expect(escalated.map((h) => h.id)).toContain('covert-control-of-leaders');
    expect(hitOf('israel did 9/11, wake up', 'false-flag-staged-event')?.severity).toBe(3);
  });

  it('coded agents give a medium hit, explicit ones a high hit', () => {
    expect(hitOf('every network is owned by the same tribe', 'control-of-institutions')?.severity).toBe(2);
    expect(hitOf('The Jews control the media and the banks', 'control-of-institutions')?.severity).toBe(3);
  });
});

describe('identity words alone never fire', () => {
  const neutral = [
    'I am a proud Jewish woman and I love my community',
    'The Chabad house downtown is hosting a free Hanukkah candle lighting',
    'Rabbi Cohen will speak at the interfaith dinner',
    'My Jewish neighbour who emigrated from Moscow says Russians mostly shrug',
    'Israel announced new settlements; many governments condemned the decision',
    'Zionism is a political ideology that many Jews and non-Jews support or oppose',
    'Jewish candidates run for Congress in record numbers this year',
    'The Rothschild family archive opened to historians',
  ];
  for (const text of neutral) it(text, () => expect(ids(text)).toEqual([]));
});

describe('exemptions (reference section 3)', () => {
  const cases: [string, string][] = [
    ['negation', 'No, the Jews do not control the media.'],
    ['negation of control of leaders', 'Putin is not controlled by Chabad or anyone else'],
    ['counter-speech', 'The claim that Jews control the media is an antisemitic myth'],
    ['counter-speech, untrue', 'It is false that jews run the banks'],
    ['quotation with a meta verb and condemnation', "Someone above wrote 'they want to rule the world', which is vile. Reported."],
    ['news report', 'According to the report, the suspect claimed Jews control the government.'],
    ['historical discussion', 'In 1903 the forged Protocols claimed Jews would take over the world.'],
    ['criticism of a government policy', "Israel's government controls the checkpoints and Washington funds it"],
    ['literal rodents', 'The rats in our basement are spreading disease'],
    ['insult aimed at one person', 'He was called a rat by the Jewish mob boss in the movie'],
    ['literal place names', 'Mount Zion and the Khazar Sea are on my travel list'],
    ['sports nickname', 'The Tribe won again last night, great pitching'],
    ['Lisp parentheses', 'My Lisp function ends with (((lambda (x) x))) and the parser complains'],
    ['reclaimed echo', 'I put ((( ))) around my own name in solidarity'],
    ['in-group satire', 'As a Jew I am still waiting for my space laser, apparently we control the weather 🙄'],
    ['great-power rivalry', 'China wants to take over the whole world economy'],
    ['non-Jewish controller', 'Putin answers to nobody except his own security services'],
    ['Israel as the object of control, not the controller', 'America controls Israel, not the other way around'],
    ['policy influence with numbers', 'AIPAC spends millions lobbying Congress, like the NRA'],
    ['media ownership by named corporations', 'The media is owned by a handful of corporations like Comcast and Disney'],
    ['a named organisation meeting a leader', 'Chabad rabbis met Putin in Moscow to discuss the community'],
  ];
  for (const [name, text] of cases) it(name, () => expect(ids(text)).toEqual([]));

  it('reads the direction of control: active and passive voice', () => {
    expect(ids('The jews run Washington')).toEqual(['covert-control-of-leaders']);
    expect(ids('Washington is run by the jews')).toEqual(['covert-control-of-leaders']);
    expect(ids('Washington runs Israel like a colony')).toEqual([]);
  });

  it('fake negation and disclaimers do not exempt (reference trap 6)', () => {
    expect(ids("I'm not antisemitic but jews control the banks")).toContain('control-of-institutions');
    expect(ids('not saying its the jews, but the jews run hollywood')).toContain('control-of-institutions');
  });
});

describe('obfuscation', () => {
  it('normalizes leetspeak, spacing and repeated letters while spans point into the original text', () => {
    const cases: [string, TropeId, string][] = [
      ['the j e w s want to rule the world', 'world-domination-plot', 'j e w s'],
      ['Th3 j00s are parasites feeding on the host nation', 'dehumanization-vermin-disease', 'j00s'],
      ['these kh@zarian vermin infest everything', 'dehumanization-vermin-disease', 'kh@zarian'],
      ['the JOOOOZ own the MEDIA', 'control-of-institutions', 'JOOOOZ'],
      ['Those z!os at the State Department work for Netanyahu', 'dual-loyalty', 'z!os'],
    ];
    for (const [text, id, who] of cases) {
      const hits = detectTropes(text);
      const hit = hits.find((h) => h.id === id);
      expect(hit, text).toBeDefined();
      expect(hit?.evidence.find((e) => e.role === 'who')?.text).toBe(who);
      expectSlices(text, hits);
    }
  });

  it('does not turn ordinary words into hits', () => {
    for (const text of ['Her jewellery and jewels were stolen', 'Jewell won the race', 'The church elders met on Sunday', 'Zionsville has a nice park']) {
      expect(ids(text)).toEqual([]);
    }
  });
});

describe('detector adapter', () => {
  it('has the documented name and a version', () => {
    const d = createTropeDetector();
    expect(d.name).toBe('trope-detector');
    expect(d.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('never throws on odd input', () => {
    const odd = ['', ' ', '(((', ')))(((x', '\u0000\uffff', '👃'.repeat(50), 'a '.repeat(5000), "'''\"\"\"", '....!!!???', 'ЈEWЅ control the media'];
    for (const text of odd) expect(() => detectTropes(text)).not.toThrow();
    expect(detectTropes(42 as unknown as string)).toEqual([]);
  });
});
