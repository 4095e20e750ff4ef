import { describe, expect, it } from 'vitest';
import { detectTropes } from './detector.ts';

const ids = (text: string): string[] => detectTropes(text).map((h) => h.id);

/** Each exemption of reference section 3 beside the claim it must not hide (the same words asserted). */
describe('exemptions keep the claim flagged when it is asserted', () => {
  const pairs: Array<[string, string, string, string]> = [
    ['criticism of a government\'s policy', "Israel's government controls the West Bank checkpoints", 'Jews control the media', 'control-of-institutions'],
    ['lobbying with amounts', 'the Israeli lobby AIPAC spends millions', 'the jews own every senator in congress', 'covert-control-of-leaders'],
    ['literal sense of a proxy name', 'We saw a Rothschild giraffe at the zoo, tall and calm', 'The Rothschilds pull the strings behind every war', 'puppet-master-proxy'],
    ['neutral identity mention', 'Our Jewish neighbours invited us to their Passover seder', 'The jews are parasites on every nation', 'dehumanization-vermin-disease'],
    ['positive identity mention', 'Jewish doctors and nurses in our town have been wonderful', 'Jewish bankers are greedy and bleed us dry', 'greed-exploitation'],
    ['news reporting', 'Police said the attacker believed Jews control the government.', 'Jews control the government.', 'covert-control-of-leaders'],
    ['quotation that condemns', "He posted 'the jews run hollywood', which is vile bigotry.", 'the jews run hollywood', 'control-of-institutions'],
    ['counter-speech', 'That the Jews run the banks is an old antisemitic canard.', 'The Jews run the banks.', 'control-of-institutions'],
    ['negation', 'Jews do not control the media, and nobody serious says so.', 'Jews control the media, and everybody knows it.', 'control-of-institutions'],
    ['reclaimed echo', 'I added ((( ))) around my own name in solidarity with friends', '(((Goldstein))) is pushing this war again', 'coded-othering-marking'],
  ];
  for (const [name, exempt, asserted, trope] of pairs) {
    it(`${name}: not flagged`, () => expect(ids(exempt), exempt).toEqual([]));
    it(`${name}: the asserted form is ${trope}`, () => expect(ids(asserted), asserted).toContain(trope));
  }

  it('state and organisation criticism without a trope predicate stays unflagged', () => {
    for (const text of [
      'The Israeli government controls the checkpoints in the West Bank.',
      "Netanyahu's government controls Gaza's borders and should open them",
      'AIPAC spends millions lobbying Congress every year, like the NRA and big pharma',
      'The Kremlin controls Russian media and jails reporters',
      'Israel is bombing Gaza and the US government funds it; that is a policy choice',
      'The Chabad rabbi visited the hospital with the mayor',
    ]) {
      expect(ids(text), text).toEqual([]);
    }
  });
});
