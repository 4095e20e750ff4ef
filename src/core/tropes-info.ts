/**
 * Display data of the 19 conspiracy tropes (docs: ../shared/reference/conspiracy-tropes.md, section 2): id, name, a
 * definition in our own words, default severity and the sources a moderator can follow. Pure data, importable by
 * the UI, the reports and the detector alike (src/scoring/tropes/taxonomy.ts re-exports it).
 */
import type { TropeSeverity } from './scoring.ts';

/** Stable ids of the 19 tropes of the reference taxonomy. */
export const TROPE_IDS = [
  'covert-control-of-leaders',
  'control-of-institutions',
  'world-domination-plot',
  'puppet-master-proxy',
  'dual-loyalty',
  'collective-guilt',
  'greed-exploitation',
  'dehumanization-vermin-disease',
  'blood-libel',
  'deicide-satanic',
  'holocaust-denial-distortion',
  'khazar-fake-jews',
  'coded-othering-marking',
  'great-replacement',
  'globalist-nwo-cabal',
  'deep-state-shadow-government',
  'false-flag-staged-event',
  'plandemic-depopulation',
  'chemtrails-weather-control',
] as const;
export type TropeId = (typeof TROPE_IDS)[number];

/** One row of the taxonomy table. */
export interface TropeInfo {
  id: TropeId;
  /** Short human name shown on badges and in reasons. */
  name: string;
  /** What the trope claims, in one or two plain sentences. */
  definition: string;
  /** Whether it is antisemitic by definition, or only when the accused agent is Jewish-coded. */
  antisemitic: 'always' | 'when-jewish-coded';
  /** Severity before escalation (1 low, 2 medium, 3 high, 4 critical). */
  defaultSeverity: TropeSeverity;
  /** Verb phrase for "<who> is said to <verb> <whom>". */
  verb: string;
  /** Predicate for "<who> <claim>" when there is no target. */
  claim: string;
  /** Sources (from the reference) a moderator can read. */
  references: readonly string[];
}

const IHRA = 'https://www.holocaustremembrance.com/resources/working-definitions-charters/working-definition-antisemitism';
const AJC_2021 = 'https://readkong.com/page/ajc-s-glossary-of-antisemitic-terms-phrases-conspiracies-8798814';
const ADL_UNCOVERED = 'https://antisemitism.adl.org';
const BYFORD = 'https://link.springer.com/chapter/10.1057/9780230349216_5';
const PAN = 'https://pan.webis.de/clef24/pan24-web/oppositional-thinking-analysis.html';

/** The taxonomy, in reference order. */
export const TROPES: readonly TropeInfo[] = [
  {
    id: 'covert-control-of-leaders', name: 'Secret control of leaders', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Says that Jews, a Jewish body or a Jewish-coded stand-in secretly steer presidents, parliaments or parties, so that the visible leaders are only puppets.',
    verb: 'control', claim: 'is said to secretly control governments',
    references: [IHRA, ADL_UNCOVERED, 'https://extremismterms.adl.org/glossary/zog-zionist-occupied-government', AJC_2021],
  },
  {
    id: 'control-of-institutions', name: 'Control of media and finance', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Says that Jews as a group own or run the media, the banks, Hollywood or the economy and use them against everyone else.',
    verb: 'own or run', claim: 'is said to own or run the institutions',
    references: [IHRA, 'https://worldisraelnews.com/adl-publishes-new-guide-of-anti-semitism-for-congress/', 'https://www.ajc.org/news/translate-hate-aims-to-end-antisemitic-missteps', BYFORD],
  },
  {
    id: 'world-domination-plot', name: 'World-domination plot', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Describes a long-running secret plan by Jews or a Jewish-coded elite to rule or enslave all of humanity, the story of the forged Protocols.',
    verb: 'plot to rule or enslave', claim: 'is said to plot to rule or enslave the world',
    references: [IHRA, 'https://en.wikipedia.org/wiki/The_Protocols_of_the_Elders_of_Zion', 'https://www.ajc.org/translatehate/New-World-Order'],
  },
  {
    id: 'puppet-master-proxy', name: 'Named puppet-master', antisemitic: 'always', defaultSeverity: 2,
    definition: 'Casts one Jewish person or family, above all the Rothschilds or George Soros, as the hidden hand behind wars, banks, elections or protests.',
    verb: 'secretly direct', claim: 'is cast as the hidden hand behind events',
    references: ['https://extremismterms.adl.org/glossary/george-soros-conspiracy-theories', 'https://politicalresearch.org/strategy/pra-news/far-right-uses-antisemitic-george-soros-trope-attack-campus-protests', 'https://www.jns.org/ajc-adds-dozen-plus-terms-phrases-to-antisemitism-glossary-guide/'],
  },
  {
    id: 'dual-loyalty', name: 'Dual loyalty', antisemitic: 'always', defaultSeverity: 2,
    definition: 'Says that Jewish citizens are loyal to Israel or to Jews abroad rather than to their own country, a fifth column that cannot be trusted.',
    verb: 'betray', claim: 'is said to be loyal to Israel rather than to their own country',
    references: [IHRA, 'https://adl.org/resources/article/straight-talk-charge-jewish-disloyalty', 'https://www.ajc.org/translatehate/dual-loyalty'],
  },
  {
    id: 'collective-guilt', name: 'Collective guilt of Jews', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Holds Jews as a people, or a local Jewish community, responsible for what the Israeli government or an individual Jew did.',
    verb: 'answer for', claim: 'is held collectively responsible',
    references: [IHRA, 'https://www.worldjewishcongress.org/en/news/defining-antisemitism-holding-jews-responsible-for-the-state-of-israels-actions', ADL_UNCOVERED],
  },
  {
    id: 'greed-exploitation', name: 'Greed and exploitation', antisemitic: 'always', defaultSeverity: 2,
    definition: 'Paints Jews as greedy by nature, profiting from others through usury, banking or war, often "from both sides" of every war; online often carried by "shekels" jokes and the Happy Merchant.',
    verb: 'profit from', claim: 'is painted as greedy and profiteering',
    references: ['https://worldisraelnews.com/adl-publishes-new-guide-of-anti-semitism-for-congress/', 'https://www.ajc.org/translatehate/greed', 'https://www.adl.org.il/en/news/ok-and-other-alt-right-memes-and-slogans-added-to-adls-hate-symbols-database/'],
  },
  {
    id: 'dehumanization-vermin-disease', name: 'Dehumanisation as vermin or disease', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Calls Jews, or Zionists used as an ethnic label, rats, parasites feeding on a "host nation" or a disease, the imagery of Nazi propaganda that prepares the ground for violence.',
    verb: 'infest', claim: 'is described as vermin or disease',
    references: [IHRA, 'https://encyclopedia.ushmm.org/narrative/11815/en', 'https://www.ajc.org/news/translate-hate-aims-to-end-antisemitic-missteps', 'https://hatecheck.ai/how-it-works/'],
  },
  {
    id: 'blood-libel', name: 'Blood libel', antisemitic: 'always', defaultSeverity: 4,
    definition: 'Accuses Jews, or an elite standing in for them, of killing children for their blood or organs; the claim that Israel or its army harvests Palestinians\' organs and "adrenochrome" are the modern retellings.',
    verb: 'harm for blood', claim: 'is accused of ritual murder or blood harvesting',
    references: [ADL_UNCOVERED, IHRA, AJC_2021, 'https://www.skeptic.org.uk/2021/01/qanons-references-to-adrenochome-echo-old-anti-semitic-blood-libel-myths/'],
  },
  {
    id: 'deicide-satanic', name: 'Christ-killers and satanic Jews', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Blames Jews of all times for the death of Jesus, or calls them servants or children of Satan.',
    verb: 'be blamed by', claim: 'is blamed for deicide or cast as satanic',
    references: ['https://antisemitism.adl.org/deicide', IHRA, 'https://extremismterms.adl.org/', 'https://wikimili.com/en/Jewish_deicide'],
  },
  {
    id: 'holocaust-denial-distortion', name: 'Holocaust denial or distortion', antisemitic: 'always', defaultSeverity: 3,
    definition: 'Denies or minimises the Holocaust, doubts the gas chambers or the death toll, or says Jews invented it or exploit it as a shield against criticism or as a business.',
    verb: 'deny', claim: 'is denied or minimised',
    references: ['https://training.againstholocaustdistortion.org/materials/the-working-definition-of-holocaust-denial-and-distortion/', IHRA, AJC_2021],
  },
  {
    id: 'khazar-fake-jews', name: 'Khazar myth, "fake Jews"', antisemitic: 'always', defaultSeverity: 2,
    definition: 'Says most Jews are impostors descended from Khazar converts, often as a "Khazarian mafia" said to run the world.',
    verb: 'impersonate', claim: 'is called an impostor people',
    references: [AJC_2021, 'https://en.wikipedia.org/wiki/Khazar_hypothesis_of_Ashkenazi_ancestry', 'https://www.homelandsecuritynewswire.com/dr20220311-antisemitic-conspiracy-theories-explain-russian-assault-on-ukraine'],
  },
  {
    id: 'coded-othering-marking', name: 'Coded marking of Jews', antisemitic: 'always', defaultSeverity: 2,
    definition: 'Marks people or institutions as Jewish with a code or a nickname, such as triple parentheses, "the tribe", "the JQ", "early life", the clipped slur "zio", "just noticing" or a nose emoji, so readers infer a hidden Jewish hand.',
    verb: 'mark', claim: 'is marked as Jewish by a code',
    references: ['https://www.adl.org/resources/press-release/adl-add-echo-symbol-used-anti-semites-twitter-online-hate-symbols-database', 'https://docslib.org/doc/12995901/its-a-thin-line-between-love-and-hate-using-the-echo-in-modeling-dynamics-of-racist-online-communities', 'https://docslib.org/doc/12590237/linguistic-self-defence-guide-against-antisemitism', AJC_2021],
  },
  {
    id: 'great-replacement', name: 'Great Replacement', antisemitic: 'when-jewish-coded', defaultSeverity: 2,
    definition: 'Claims white or native populations are being deliberately replaced or "invaded" through migration and birth rates, usually by a plotting elite; the "Kalergi plan" version names a Jewish elite.',
    verb: 'replace', claim: 'is said to be replacing the native population',
    references: ['https://extremismterms.adl.org/glossary/great-replacement-replacement-theory', 'https://en.wikipedia.org/wiki/Kalergi_Plan', 'https://www.sbs.com.au/news/conspiracy-theory-linked-to-christchurch-attack-at-risk-of-entering-mainstream-report'],
  },
  {
    id: 'globalist-nwo-cabal', name: 'Globalist cabal / New World Order', antisemitic: 'when-jewish-coded', defaultSeverity: 1,
    definition: 'Claims a hidden, unaccountable elite engineers wars and crises to impose a one-world government.',
    verb: 'secretly run', claim: 'is said to be engineering a one-world order',
    references: ['https://extremismterms.adl.org/glossary/globalist', 'https://www.ajc.org/translatehate/New-World-Order', BYFORD],
  },
  {
    id: 'deep-state-shadow-government', name: 'Deep state / shadow government', antisemitic: 'when-jewish-coded', defaultSeverity: 1,
    definition: 'Claims a hidden network inside the state really rules and overrides voters, picking presidents and policies.',
    verb: 'secretly rule', claim: 'is said to secretly rule the country',
    references: [BYFORD, 'https://www.lawfaremedia.org/article/deep-state-myth-and-real-executive-branch-bureaucracy', 'https://docslib.org/doc/8502780/the-language-of-conspiracy-theories-in-online-discussions'],
  },
  {
    id: 'false-flag-staged-event', name: 'False flag / staged event', antisemitic: 'when-jewish-coded', defaultSeverity: 2,
    definition: 'Claims a real attack or tragedy was staged or carried out by insiders, often with "crisis actors", to fool the public.',
    verb: 'stage', claim: 'is said to have staged an attack',
    references: ['https://doczz.net/doc/2580744/unraveling-anti-semitic-9-11-conspiracy-theories---anti', 'https://boingboing.net/2022/06/18/one-fifth-of-americans-believe-every-school-shooting-is-a-fake-event-filled-with-crisis-actors.html', PAN],
  },
  {
    id: 'plandemic-depopulation', name: 'Plandemic / depopulation', antisemitic: 'when-jewish-coded', defaultSeverity: 2,
    definition: 'Claims a pandemic or vaccine was engineered by a hidden elite to kill, sterilise or control people.',
    verb: 'poison', claim: 'is said to have engineered a pandemic or poisoned vaccines',
    references: [PAN, 'https://en.wikipedia.org/wiki/Plandemic', 'https://www.isdglobal.org/digital_dispatches/from-left-to-right-an-overview-of-the-veiled-antisemitism-threat-landscape-online/'],
  },
  {
    id: 'chemtrails-weather-control', name: 'Chemtrails / weather control', antisemitic: 'when-jewish-coded', defaultSeverity: 1,
    definition: 'Claims contrails are secret chemical spraying, or that weather and disasters are steered by a hidden elite.',
    verb: 'spray or steer the weather over', claim: 'is said to spray chemicals or steer the weather',
    references: ['https://www.ess.uci.edu/~sjdavis/SLAP/', 'https://forward.com/opinion/441442/theres-no-consensus-on-what-constitutes-anti-semitism-so-we-at-the-adl/'],
  },
];

const BY_ID = new Map<string, TropeInfo>(TROPES.map((t) => [t.id, t]));

/** Looks a trope up by id. */
export function tropeInfo(id: TropeId): TropeInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown trope id ${id}`);
  return info;
}

/** Looks up any id (e.g. from stored data); undefined when the id is not in the taxonomy. */
export function findTropeInfo(id: string): TropeInfo | undefined {
  return BY_ID.get(id);
}
