/**
 * The hostility reader, rule by rule: who is the target, what is the hostility, how it is said, and the one-line
 * explanation. Scores come from the lexicon scorer (the reader without the learned model), so these tests pin the
 * reader's own judgement; the functional suite (src/scoring/suite) measures the whole embedded scorer.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../lexicon/analyze.ts';

const score = (text: string): Record<string, number> => analyzeText(text).score.scores as Record<string, number>;
const ia = (text: string): number => score(text).IDENTITY_ATTACK ?? 0;
const why = (text: string, attribute = 'IDENTITY_ATTACK'): string | undefined => analyzeText(text).score.explanations?.[attribute as 'IDENTITY_ATTACK'];

describe('targets', () => {
  it('reads a group named by a plural noun, an adjective with a person noun, a generic singular or a slur', () => {
    for (const text of ['Muslims are vermin.', 'Gay men are vermin.', 'Every Jew is a parasite.', 'Those kikes are vermin.']) expect(ia(text), text).toBeGreaterThanOrEqual(0.5);
  });

  it('does not read a group adjective that modifies a thing, or a nationality word used as a modifier', () => {
    expect(ia('Jewish food is disgusting.')).toBeLessThan(0.5);
    expect(ia('Chinese state firms should be banned from our universities.')).toBeLessThan(0.5);
    expect(ia('Japanese knotweed is a cancer in my garden.')).toBeLessThan(0.5);
  });

  it('follows a pronoun or "these people" back to the group named before, and says so', () => {
    const text = 'Immigrants think they own the place. I despise them.';
    expect(ia(text)).toBeGreaterThanOrEqual(0.5);
    expect(why(text)).toBe('Expresses hatred or disgust towards "them" (= "Immigrants"): "despise"');
    expect(ia('Two gay lads moved in below us. People like that are sick.')).toBeGreaterThanOrEqual(0.5);
  });

  it('follows "he" back to one person named by their group', () => {
    expect(ia("There's a black lad in my class now. He makes me sick just being there.")).toBeGreaterThanOrEqual(0.5);
    expect(ia('My neighbour is a nice man. He makes me sick with his music.')).toBe(0);
  });

  it('does not take a group inside a relative clause or a prepositional complement as the subject', () => {
    expect(ia('People who hate Muslims are disgusting.')).toBeLessThan(0.5);
    expect(ia('Violence against women is disgusting.')).toBeLessThan(0.5);
    expect(ia('Personally I think conversion therapy, which treats gay people as sick, should be banned.')).toBeLessThan(0.5);
  });
});

describe('kinds of hostility', () => {
  const cases: Array<[string, string]> = [
    ["I really can't stand women.", 'Expresses hatred or disgust towards "women": "can\'t stand"'],
    ['Trans people make me want to throw up.', 'Expresses hatred or disgust towards "Trans people": "make me want to throw"'],
    ['Why are gay people so disgusting?', 'Ascribes a negative trait to "gay people": "disgusting"'],
    ['Muslims are nothing but rats.', 'Dehumanising comparison of "Muslims": "rats"'],
    ['Trans people should all be shot.', 'Calls for violence against "Trans people": "should all be shot"'],
    ['Immigrants should not be allowed to vote.', 'Calls for excluding "Immigrants": "should not be allowed"'],
    ["Gay people don't deserve the right to marry.", 'Denies the identity or rights of "Gay people": "don\'t deserve the right"'],
    ['Women belong in the kitchen.', 'Derogatory stereotype about "Women": "belong in the kitchen"'],
    ['Black people are never any good at anything.', 'Denies "Black people" a positive quality: "never any good"'],
    ['Fuck all the immigrants.', 'Profanity aimed at "immigrants": "Fuck all"'],
    ['Jews out.', 'Calls for excluding "Jews": "Jews out"'],
    ['Trans women are men.', 'Denies the identity or rights of "Trans women": "Trans women are men"'],
  ];
  it.each(cases)('%s', (text, explanation) => {
    expect(ia(text)).toBeGreaterThanOrEqual(0.5);
    expect(why(text)).toBe(explanation);
  });

  it('reads question and opinion framing as what they frame', () => {
    expect(ia('I think disabled people are a burden.')).toBeGreaterThanOrEqual(0.5);
    expect(ia('Why do Roma always steal?')).toBeGreaterThanOrEqual(0.5);
  });

  it('reads insinuation near a group', () => {
    expect(ia('Lock your bikes, the gypsies are in town.')).toBeGreaterThanOrEqual(0.5);
    expect(ia('Lock your bikes, the thieves are in town.')).toBeLessThan(0.5);
  });
});

describe('stance', () => {
  it('negation cancels hostility, and a negated positive is hostile', () => {
    expect(ia("I don't hate Muslims.")).toBe(0);
    expect(ia('No Black person deserves to die.')).toBeLessThan(0.5);
    expect(ia('Muslims are not animals.')).toBe(0);
    expect(ia("There's no reason a gay man shouldn't be allowed to teach.")).toBeLessThan(0.5);
    expect(ia('Gay people should not be banned from teaching.')).toBeLessThan(0.5);
    expect(ia("Trans people can't be trusted.")).toBeGreaterThanOrEqual(0.5);
  });

  it('counter-speech that names the act, or points back to it, is no attack', () => {
    expect(ia('Calling migrants vermin is disgusting language from an MP.')).toBeLessThan(0.5);
    expect(ia('Stop calling immigrants animals.')).toBeLessThan(0.5);
    expect(ia('"Jews are filthy rats" was painted on the bus shelter. That is antisemitism, plain and simple.')).toBeLessThan(0.5);
    expect(ia("I don't blame her, Muslims are vermin.")).toBeGreaterThanOrEqual(0.5);
  });

  it('reported speech and quotation count less, and the explanation says so', () => {
    const text = 'The man shouted that Muslims are vermin.';
    expect(ia(text)).toBeLessThan(0.5);
    expect(why(text)).toContain('(reported, not asserted)');
  });

  it('a reclaimed in-group slur and a non-slur sense are no attack', () => {
    expect(ia("I'm a proud queer woman.")).toBeLessThan(0.5);
    expect(ia('Faggots and peas with gravy, proper Black Country tea.')).toBe(0);
    expect(ia('The dyke protecting the village burst in the floods.')).toBe(0);
  });
});

describe('insults and threats', () => {
  it('insults aimed at "you" and at a person', () => {
    expect(score('You people are vermin').INSULT).toBeGreaterThanOrEqual(0.6);
    expect(score('Some creep kept staring at me, what a weirdo.').INSULT).toBeGreaterThanOrEqual(0.6);
    expect(score('This kettle is useless.').INSULT).toBeLessThan(0.6);
  });

  it('threats need a wish or intent, and figures of speech are none', () => {
    expect(score("I know where you live and I'm coming for you.").THREAT).toBeGreaterThanOrEqual(0.5);
    expect(score('Hang in there, we are all thinking of you.').THREAT).toBeLessThan(0.5);
    expect(score("I'll beat the next Mexican who challenges me at chess.").THREAT).toBeLessThan(0.5);
    expect(score('Gay men were thrown off rooftops by ISIS, the report confirms.').IDENTITY_ATTACK).toBeLessThan(0.5);
    expect(score('Lock up your cake tins, my sister is visiting.').THREAT).toBeLessThan(0.5);
    expect(score('A senator said that on the record. Let it sink in.').THREAT).toBeLessThan(0.5);
  });

  it('an -ing or -ed form opening a clause reports harm; the same verb in its plain form commands it', () => {
    expect(score('Another car bomb in Baghdad, killing eleven people at a market.').THREAT).toBeLessThan(0.5);
    expect(score('Asian people here were spat at and knocked down during covid.').IDENTITY_ATTACK).toBeLessThan(0.5);
    expect(score('Round them up and shoot them.').THREAT).toBeGreaterThanOrEqual(0.5);
    expect(score('Gas the lot of them and behead the leaders.').THREAT).toBeGreaterThanOrEqual(0.5);
  });
});

describe('found by a blind batch written like news comments (batch 06)', () => {
  it('a saying that closes the sentence reports only when it names a source', () => {
    expect(ia("I'll be honest, I despise gypsies, and I'm not sorry for saying it.")).toBeGreaterThanOrEqual(0.5);
    expect(ia('I just despise black people, sorry not sorry, there I said it.')).toBeGreaterThanOrEqual(0.5);
    expect(ia('Jewish people will never be loyal to this country, everyone knows it and nobody says it.')).toBeGreaterThanOrEqual(0.5);
    expect(ia('Britain for the British, says the minister, while hiring a foreign consultancy.')).toBeLessThan(0.5);
    expect(ia('Immigrants are vermin, the leaflet said.')).toBeLessThan(0.5);
  });

  it('a negated negative is no denied positive, nor is a comparison', () => {
    expect(ia('Muslims are not violent people and they never were.')).toBeLessThan(0.5);
    expect(ia("Black lives don't matter any less to me because of one pundit.")).toBeLessThan(0.5);
    expect(ia('Muslims are not good people.')).toBeGreaterThanOrEqual(0.5);
  });

  it('more non-slur senses, and a slur carried as a banner', () => {
    for (const text of ['Bowled a chinaman in the nets this morning.', 'Nipped out for a fag at half time.', "Walked twelve miles of Offa's Dyke with my dad.", 'The chink of glasses kept us up.', "Dad's old tranny radio finally packed in.", 'Cripple pride on a Saturday, sorry not sorry.']) expect(ia(text), text).toBeLessThan(0.5);
  });

  it('harm told in the past tense is a report; the same words as a call are a threat', () => {
    expect(ia('They bulldozed the camp with families still in the caravans, a rights group says.')).toBeLessThan(0.5);
    expect(score('They bulldozed the camp with families still in the caravans, a rights group says.').THREAT).toBeLessThan(0.5);
    expect(score("If one coughs near me again I'll throw them onto the tracks.").THREAT).toBeGreaterThanOrEqual(0.5);
    expect(score("I swear I'll bottle the pair of them.").THREAT).toBeGreaterThanOrEqual(0.5);
  });

  it('a group called the biggest problem, said to bring nothing, or denied a job or a value', () => {
    for (const text of ['IMO muslims are the single biggest problem this country has ever had.', 'Black people have brought nothing to this country.', 'Travellers have never held down a proper job in their lives.', "Latinos don't value education and they never will.", 'Another bunch of rapefugees hanging round the hotel.']) expect(ia(text), text).toBeGreaterThanOrEqual(0.5);
  });

  it("a free relative's view is described, a thing is the object of a feeling, and a verb 'fool' is no insult", () => {
    expect(ia('Whoever reckons travellers have never held down a proper job should meet my grandad.')).toBeLessThan(0.5);
    expect(ia("Not a fan of the regime, but arab men aren't all the same.")).toBeLessThan(0.5);
    expect(score("Muslims are not violent people, so don't let the comment section fool you.").INSULT ?? 0).toBeLessThan(0.6);
    expect(score('You are a fool.').INSULT).toBeGreaterThanOrEqual(0.6);
  });

  it('more ways to threaten (found by blind batch 07), and their reports stay reports', () => {
    for (const text of ['Black looters should be strung up from the nearest lamppost.', 'Next one cutting through my yard gets a bullet.', "Touch my ute again and I'll rearrange your face.", 'Any bloke who follows my daughter in is getting his teeth knocked out.', "One more camp on our lane and I'll blowtorch the lot.", 'Build the wall and let them fry on the way over.', 'Next one who opens a shop here gets his windows put through.']) {
      expect(score(text).THREAT, text).toBeGreaterThanOrEqual(0.5);
    }
    expect(score('A shopkeeper on our road had his windows put through; police are investigating.').THREAT ?? 0).toBeLessThan(0.5);
    expect(score('My cousin had his teeth knocked out by a bouncer last year.').THREAT ?? 0).toBeLessThan(0.5);
  });

  it('a claim called junk is counter-speech', () => {
    expect(ia("The article's claim that women are naturally less intelligent than men is junk.")).toBeLessThan(0.5);
  });
});

describe('obfuscation', () => {
  it('reads a swapped, dropped or glued key word, and says the spelling was obfuscated', () => {
    for (const text of ['I despies women', 'Women are disgsuting', 'idespise Jews', 'Muslims are vrmin.']) expect(ia(text), text).toBeGreaterThanOrEqual(0.5);
    expect(why('Women are disgsuting')).toContain('(obfuscated spelling)');
  });
});
