import { describe, expect, it } from 'vitest';
import type { TropeHit } from '../../core/scoring.ts';
import { detectTropes } from './detector.ts';
import type { TropeId } from './taxonomy.ts';

const ids = (text: string): string[] => detectTropes(text).map((h) => h.id).sort();
const hitOf = (text: string, id: TropeId): TropeHit | undefined => detectTropes(text).find((h) => h.id === id);
const spans = (h: TropeHit | undefined): string[][] => (h ? h.evidence.map((e) => [e.role, e.text]) : []);

describe('Great Replacement rhetoric (issue 10, part 3)', () => {
  it('flags invasion, replacement, imported voters and demographic war at S2 without any agent word', () => {
    for (const text of [
      "This isn't immigration anymore, it's an invasion at the southern border.",
      "They're replacing us and nobody is allowed to say it.",
      'We are being replaced in our own country.',
      'They bring them in to vote, that is the whole plan.',
      'At this rate we will be a minority in our own land.',
      'Labour opened the borders on purpose.',
      "They're outbreeding us and the politicians smile.",
      'This country is being colonised and anyone who says so loses their job.',
      "It's a policy to dilute us until we disappear, and the borders prove it.",
      'In twenty years the English will be a minority in England.',
      "The great replacement isn't a theory, look around you.",
      'London is no longer an English city and that was the point.',
      'Stop calling it immigration. It is colonisation.',
      'White Europeans are being systematically replaced and the media calls it enrichment.',
      'Remigration now, before we\'re replaced completely.',
    ]) {
      const hit = hitOf(text, 'great-replacement');
      expect(hit?.severity, text).toBe(2);
    }
  });

  it('raises it to S3 with a Jewish-coded agent and keeps Kalergi at S3', () => {
    expect(hitOf('The Jews are behind the open borders, they want whites to become a minority.', 'great-replacement')?.severity).toBe(3);
    expect(hitOf('The Kalergi plan is right on schedule.', 'great-replacement')?.severity).toBe(3);
  });

  it('leaves immigration news, demography, policy debate, wars and denunciations alone', () => {
    for (const text of [
      'Net migration rose to 685,000 last year, according to the Office for National Statistics.',
      'The census shows the population is ageing, with fertility well below replacement level.',
      'I think the asylum system needs reform, the backlog is unfair to everyone.',
      "Russia's invasion of Ukraine created millions of refugees at the border.",
      "Saying migrants are 'invaders' is dehumanising and it gets people killed.",
      'AI is going to replace us all within ten years.',
      'A new dictator is invading Europe.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('code words and nicknames for Jews', () => {
  it('flags the slur "zio" as a noun, chosenites, the nose and an insinuated "member of the tribe"', () => {
    expect(spans(hitOf('Zio shill detected, ignore and move on.', 'coded-othering-marking'))).toEqual([['code', 'Zio']]);
    expect(ids('The chosenites at the ADL are mad again.')).toEqual(['coded-othering-marking']);
    expect(ids('Nose check on the board came back exactly as expected.')).toEqual(['coded-othering-marking']);
    expect(ids('Funny how the new Fed chair is a member of the tribe.')).toEqual(['coded-othering-marking']);
    expect(ids('Read his early life section and you will understand.')).toEqual(['coded-othering-marking']);
  });

  it('leaves names, quoted denunciations and literal tribes alone', () => {
    for (const text of [
      "Zio Pepe's on Main Street still does the best margherita in town.",
      "Someone replied 'zio scum' to my comment and I've reported them.",
      'The Navajo tribe won its water rights case.',
      'Found my tribe at the climbing gym.',
      'Members of the tribe voted on the casino proposal.',
      'The Seneca tribe member was elected to the state senate.',
      'The early life section of his Wikipedia page says he grew up in Iowa.',
      'The rabbi wore a small hat to the wedding.',
      'He contended that the Jews of Africa came from the tribes of Dan and Naphtali.',
      'This book about the Jewish question in 19th-century Europe is a good introduction.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('organ theft as a modern blood libel', () => {
  it('flags organ theft with a Jewish-coded or Israeli agent at S4', () => {
    const hit = hitOf('The IDF steals organs, and anyone who denies it is paid to.', 'blood-libel');
    expect(hit?.severity).toBe(4);
    expect(spans(hit)).toEqual([['who', 'IDF'], ['what', 'steals organs']]);
    expect(ids("They're not just killing Palestinians, they're using them as spare parts.")).toEqual(['blood-libel']);
  });

  it('leaves reporting, debunking, other countries, donation and Hunter S. Thompson alone', () => {
    for (const text of [
      'The organ-theft rumour about Israeli aid teams in Haiti was debunked within days.',
      "China's forced organ harvesting from Falun Gong prisoners has been documented by a tribunal.",
      "Israel's national transplant centre says organ donation rates rose.",
      'Hunter S. Thompson made adrenochrome famous in Fear and Loathing.',
      'Fake news about organ theft spreads fast because it plays on old prejudices about Jews.',
      'A rabbi in our town campaigns to get more Jews to register as organ donors.',
      'Israel and the UAE announced normalisation, brokered by the Trump administration.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('host-and-parasite metaphors', () => {
  it('flags the figure at S3 with a Jewish-coded agent and at S2 as a code on its own', () => {
    expect(hitOf('Jews have been a parasite on every host country they lived in.', 'dehumanization-vermin-disease')?.severity).toBe(3);
    expect(hitOf('The host nation always dies in the end.', 'dehumanization-vermin-disease')?.severity).toBe(2);
    expect(hitOf('They leech off every nation that takes them in.', 'dehumanization-vermin-disease')?.severity).toBe(2);
  });

  it('leaves sports hosts, biology, films and history teaching alone', () => {
    for (const text of [
      'Qatar was a controversial host nation for the 2022 World Cup.',
      'Mistletoe is a parasitic plant that feeds on its host tree.',
      'My Jewish host family in Haifa made me feel at home.',
      'Nazi propaganda portrayed Jews as parasites living off the host nation.',
      'Private equity firms are parasites on the healthcare system.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('the Holocaust used as a shield', () => {
  it('flags the card, the excuse, the industry and "the number they always wave"', () => {
    for (const text of [
      'They use the Holocaust to shut down any criticism, every time.',
      'The holocaust excuse does not work on my generation anymore.',
      'Six million, that is the number they always wave when anyone asks a question.',
      'Criticise Israel and within five minutes someone brings up Auschwitz. It is a shield.',
    ]) {
      expect(hitOf(text, 'holocaust-denial-distortion')?.severity, text).toBe(3);
    }
  });

  it('leaves remembrance, teaching and criticism of a government without the Holocaust alone', () => {
    for (const text of [
      'We took the kids to the Holocaust memorial in Berlin.',
      'Our history unit covers the Holocaust and how propaganda prepared people to accept it.',
      "Netanyahu's government uses security as an excuse for everything.",
      'Critics say the minister used the anniversary for political points.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('"they profit from both sides"', () => {
  it('is greed with a Jewish-coded agent and the puppet-master trope with a named proxy', () => {
    const greed = hitOf('The tribe funds both sides of every war so they win either way.', 'greed-exploitation');
    expect(greed?.severity).toBe(2);
    expect(spans(greed).slice(0, 2)).toEqual([['who', 'The tribe'], ['what', 'funds both sides']]);
    expect(ids('Soros funds the protesters and the counter-protesters. Heads he wins, tails you lose.')).toEqual(['puppet-master-proxy']);
  });

  it('leaves arms makers, bookies, states and debunking alone', () => {
    for (const text of [
      'Arms makers profit from both sides of this war, and governments should fix it.',
      'The bookies win either way.',
      'Israel sells weapons to both sides in that conflict.',
      'Claims that Jewish bankers fund both sides of every war are an old antisemitic conspiracy theory.',
      'Jewish and Arab volunteers worked on both sides of the border.',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});

describe('counter-speech words used as an accusation', () => {
  it('"calling anyone who notices a bigot" is not the commenter condemning the claim', () => {
    expect(ids("They're replacing us and calling anyone who notices a bigot.")).toEqual(['great-replacement']);
    expect(ids('Calling them parasites on the host nation is racist.')).toEqual([]);
  });
});
