/**
 * Word lists of the hostility reader, matched in the lexicon's one phrase pass (src/scoring/lexicon/analyze.ts):
 * group words with the group they name and how they refer, slurs with their group (and the non-slur senses that
 * replace them), hostile predicates by family with the side their target sits on, positive predicates (for negated
 * positives), pronouns that can refer back to a group, non-protected groups, and the stance cues (reported speech,
 * reclaimed use, endorsement). Weights are judgement calls, not learned; docs/scoring.md explains how they combine.
 */
import type { PhraseDef } from '../text/phrase-matcher.ts';
import { ws, type Entry } from '../lexicon/words.ts';
import type { Dir, Family, GroupId } from './types.ts';

/** How a group is named in an explanation. */
export const GROUP_NAMES: Record<GroupId, string> = {
  jews: 'Jews',
  muslims: 'Muslims',
  black: 'Black people',
  women: 'women',
  trans: 'trans people',
  gay: 'gay people',
  immigrants: 'immigrants',
  disabled: 'disabled people',
  roma: 'Roma',
  asians: 'Asian people',
  arabs: 'Arabs',
  latinos: 'Latinos',
  white: 'white people',
  christians: 'Christians',
  hindus: 'Hindus',
  sikhs: 'Sikhs',
  nationality: 'a nationality',
};

/** Group word lists: each string is a list of phrases separated by "|" (a phrase may have several words). */
interface GroupWords {
  /** Plural or collective nouns ("jews", "asylum seekers"). */
  noun?: string[];
  /** Singular nouns, a group target only after a determiner ("a jew", "every immigrant"). */
  sing?: string[];
  /** Adjectives, a group target only before a person noun ("jewish people") or after "the" as a noun ("the disabled"). */
  adj?: string[];
  /** Weight as a target (default 1). */
  gw?: number;
}

/** Splits lists of phrases ("asylum seekers|illegals") into one pattern per phrase. */
function phrases(lists: readonly string[] | undefined): string[] {
  return (lists ?? []).flatMap((l) => l.split('|'));
}

function groupWords(group: GroupId, words: GroupWords): PhraseDef<Entry>[] {
  const extra = { group, ...(words.gw === undefined ? {} : { gw: words.gw }) };
  return [
    ...ws('group', 0, { ...extra, form: 'noun' }, ...phrases(words.noun)),
    ...ws('group', 0, { ...extra, form: 'sing' }, ...phrases(words.sing)),
    ...ws('group', 0, { ...extra, form: 'adj' }, ...phrases(words.adj)),
  ];
}

/** Religions named as systems of belief: hostility towards them is weighed lower than towards their people. */
const IDEA = 0.6;
/** Nationalities: criticism of countries is common in news comments; only strong hostility reaches a flag. */
const NATION = 0.8;

export const GROUPS: PhraseDef<Entry>[] = [
  ...groupWords('jews', { noun: ['jews|jewry|jewz|joos|jooz'], sing: ['jew'], adj: ['jewish'] }),
  ...groupWords('jews', { noun: ['judaism'], gw: IDEA }),
  ...groupWords('muslims', { noun: ['muslims|moslems|muslim people'], sing: ['muslim|moslem'], adj: ['muslim|moslem|islamic'] }),
  ...groupWords('muslims', { noun: ['islam'], gw: IDEA }),
  ...groupWords('black', { noun: ['blacks|african americans|afro americans|africans'], sing: ['african american'], adj: ['black|african|afro'] }),
  ...groupWords('women', {
    noun: ['women|females|ladies|girls|wives|mothers|moms|mums|womenfolk|feminists'],
    sing: ['woman|female|girl|lady|wife'],
    adj: ['female'],
  }),
  ...groupWords('trans', {
    noun: ['transgenders|transsexuals|transexuals'],
    sing: ['transgender|transsexual'],
    adj: ['trans|transgender|transsexual|transexual|nonbinary|non binary|genderqueer'],
  }),
  ...groupWords('gay', {
    noun: ['gays|lesbians|homosexuals|bisexuals|lgbt people|lgbtq people|the lgbt community|the lgbtq community'],
    sing: ['gay|lesbian|homosexual|bisexual'],
    adj: ['gay|lesbian|homosexual|bisexual|queer|lgbt|lgbtq'],
  }),
  ...groupWords('gay', { noun: ['homosexuality'], gw: IDEA }),
  ...groupWords('immigrants', {
    noun: ['immigrants|migrants|refugees|foreigners|illegals|asylum seekers|illegal aliens|illegal immigrants|boat people'],
    sing: ['immigrant|migrant|refugee|foreigner|asylum seeker'],
    adj: ['immigrant|migrant|refugee|foreign'],
  }),
  ...groupWords('disabled', {
    noun: ['autists|the handicapped|the disabled|the mentally ill|wheelchair users|the deaf|the blind'],
    adj: ['disabled|handicapped|autistic|deaf|blind|mentally ill|mentally disabled|special needs'],
  }),
  ...groupWords('roma', { noun: ['travellers|travelers'], gw: 0.85 }),
  ...ws('group', 0, { group: 'disabled', form: 'noun' }, 'people|kids|children|adults|folks|those with ~2 disability|disabilities|autism|schizophrenia|downs|down\'s|syndrome|adhd|dyslexia|illness|illnesses|needs|dementia|impairments'),
  ...ws('group', 0, { group: 'disabled', form: 'sing' }, 'kid|child|man|woman|boy|girl|person|bloke|lad|someone with ~2 disability|disabilities|autism|schizophrenia|downs|down\'s|syndrome|adhd|needs|dementia'),
  ...groupWords('disabled', { noun: ['disability claimants|disability benefits|the disability lobby'], gw: 0.8 }),
  ...groupWords('immigrants', { noun: ['small boats|dinghies|dinghy|boat arrivals|channel crossers'], gw: 0.8 }),
  ...groupWords('muslims', { noun: ['mosque|mosques'], gw: 0.8 }),
  ...groupWords('jews', { noun: ['synagogue|synagogues'], gw: 0.8 }),
  ...groupWords('sikhs', { noun: ['gurdwara|gurdwaras'], gw: 0.8 }),
  ...ws('group', 0, { group: 'disabled', form: 'noun' }, 'people|kids|children|adults|folks in wheelchairs'),
  ...ws('group', 0, { group: 'disabled', form: 'sing' }, 'lad|man|woman|bloke|kid|girl|boy|person|guy in a wheelchair'),
  ...groupWords('immigrants', { noun: ['eastern europeans|romanians|bulgarians|albanians'], adj: ['third world|eastern european|romanian|albanian'], gw: 0.9 }),
  ...groupWords('roma', {
    noun: ['roma|romani|romanies|gypsies|gipsies|irish travellers|irish travelers|the travelling community|the traveller community'],
    sing: ['gypsy|gipsy'],
    adj: ['roma|romani|gypsy|gipsy|traveller|traveler'],
  }),
  ...groupWords('asians', { noun: ['asians|asian people|east asians|south asians'], sing: ['asian'], adj: ['asian|oriental'] }),
  ...groupWords('asians', {
    noun: ['chinese|japanese|koreans|vietnamese|filipinos|indians|pakistanis|bangladeshis'],
    sing: ['korean|filipino|pakistani|bangladeshi'],
    adj: ['chinese|japanese|korean|vietnamese|filipino|indian|pakistani|bangladeshi'],
    gw: NATION,
  }),
  ...groupWords('arabs', { noun: ['arabs'], sing: ['arab'], adj: ['arab|arabic|middle eastern'] }),
  ...groupWords('jews', { noun: ['holocaust'], gw: 0.7 }),
  ...groupWords('arabs', {
    noun: ['palestinians|syrians|iraqis|afghans|somalis|iranians|saudis'],
    sing: ['palestinian|syrian|iraqi|afghan|somali|iranian'],
    adj: ['palestinian|syrian|iraqi|afghan|somali|iranian'],
    gw: NATION,
  }),
  ...groupWords('latinos', {
    noun: ['latinos|latinas|latinx|hispanics|mexicans|chicanos'],
    sing: ['latino|latina|hispanic|mexican'],
    adj: ['latino|latina|latinx|hispanic|mexican'],
  }),
  ...groupWords('white', { noun: ['whites|caucasians|white people|white folks|white men|white women'], adj: ['caucasian'] }),
  ...groupWords('christians', {
    noun: ['christians|catholics|protestants|evangelicals|mormons'],
    sing: ['christian|catholic|mormon'],
    adj: ['christian|catholic|mormon|evangelical'],
  }),
  ...groupWords('christians', { noun: ['christianity|catholicism'], gw: IDEA }),
  ...groupWords('hindus', { noun: ['hindus'], sing: ['hindu'], adj: ['hindu'] }),
  ...groupWords('sikhs', { noun: ['sikhs'], sing: ['sikh'], adj: ['sikh'] }),
  ...groupWords('nationality', {
    noun: ['americans|russians|brits|germans|french|italians|poles|ukrainians|israelis|turks|nigerians|englishmen|scots|irish|canadians|australians|europeans'],
    adj: ['american|russian|british|german|french|italian|polish|ukrainian|israeli|turkish|nigerian|european|english|scottish|irish'],
    gw: NATION,
  }),
  // "Yankees" and "Yanks" also name sports teams: weighed lower still.
  ...groupWords('nationality', { noun: ['yankees|yanks|yankys|yankies'], gw: 0.6 }),
];

/** Nouns that make a group adjective a group target ("jewish people", "gay men", "black families"). */
export const PERSON_NOUNS: PhraseDef<Entry>[] = ws(
  'personnoun',
  0,
  {},
  'people|persons|person|folks|folk|men|man|women|woman|guys|guy|kids|kid|children|child|boys|boy|girls|girl|lads|dudes|ladies',
  'community|communities|families|family|population|populations|immigrants|migrants|refugees|students|workers|voters|citizens',
  'neighbours|neighbors|youths|youth|teens|teenagers|individuals|individual|members|couples|parents|mothers|fathers|moms|dads',
  'employees|colleagues|patients|athletes|players|doctors|nurses|teachers|politicians|americans|brits|males|females|kind',
  'lad|lads|lass|lasses|bloke|blokes|fella|fellas|fellow|fellows|chap|chaps|geezer|geezers|lives|refugee|immigrant|migrant|worker|student|neighbour|neighbor',
  'couple|cabbie|cabbies|driver|drivers|cleaner|cleaners|builder|builders|shopkeeper|shopkeepers|boss|bosses|landlord|landlords|tenant|tenants|cashier|cashiers',
  'waiter|waiters|staff|nanny|nannies|carer|carers|owner|owners|player|players|footballer|footballers|striker|referee|gang|gangs|lobby|activist|activists|kid|youngsters',
  'swimmer|swimmers|runner|runners|boxer|boxers|winger|keeper|goalkeeper|midfielder|defender|protesters|protester|supporters|fans|fan|voters|youths|mafia|brigade|cult',
  'author|authors|writer|writers|columnist|columnists|journalist|journalists|reporter|reporters|editor|editors|commenter|commenters|poster|posters|ref|mp|mps',
  'minister|ministers|councillor|councillors|presenter|presenters|host|pundit|pundits|critic|critics|mayor|official|officials|officer|officers|cop|cops|judge|lawyer|teacher|coach|manager',
);

/** Pronouns and phrases that can refer back to a group named earlier in the comment. */
export const PRONOUNS: PhraseDef<Entry>[] = ws(
  'pronoun',
  0,
  {},
  "they|them|their|theirs|themselves|they're|theyre|they've|theyve|they'll|theyll|they'd",
  'these|those|such people|folks|types|ones|kind',
  'people like that|them', 'that lot', 'their|his|her kind|sort|lot', 'the lot of them', 'every single one of them', 'single one', 'every one|last|single ?one of them', 'each|all|one|none|most|many|some of them',
);

/** Groups that are not protected: hostility towards them is insult, never identity attack. */
export const OTHERS: PhraseDef<Entry>[] = ws(
  'others',
  0,
  {},
  'politicians|liberals|conservatives|lefties|leftists|libs|libtards|righties|rightwingers|republicans|democrats|dems|tories|socialists|communists|commies',
  'progressives|centrists|moderates|globalists|elites|billionaires|millionaires|bankers|lawyers|landlords|journalists|reporters|pundits|critics',
  'cops|police|teachers|doctors|nurses|bureaucrats|officials|ministers|senators|mps|councillors|boomers|millennials|zoomers|vegans|hipsters',
  'cyclists|drivers|motorists|commuters|tourists|fans|supporters|voters|trolls|bots|racists|bigots|nazis|fascists|neonazis|extremists|terrorists',
  'jihadis|jihadists|islamists|militants|criminals|rapists|murderers|paedophiles|pedophiles|influencers|celebrities|ceos|executives|managers|bosses',
  'people|everyone|everybody|anyone|anybody|someone|somebody|nobody|folks|antivaxxers|vaxxers|protesters|rioters', 'anti vaxxers',
  'trump supporters|voters', 'maga', 'the rich', 'the media', 'the government', 'the left|right', 'the people',
);

/** Slurs, with their group; w 0 entries are non-slur senses that replace the slur they contain (dedupe keeps the longer match). */
export const SLURS: PhraseDef<Entry>[] = [
  ...ws('slur', 0.9, { group: 'jews' }, 'kike|kikes|yid|yids|heeb|heebs|hebe|hebes|jewboy|jewboys|sheeny|sheenies|zhid|zhids', 'christ killer|killers'),
  ...ws('slur', 0.8, { group: 'jews' }, 'zio|zios'),
  ...ws('slur', 0.9, { group: 'black' }, 'wog|wogs|golliwog|golliwogs'),
  ...ws('slur', 0.95, { group: 'black' }, 'nigger|niggers|niglet|niglets|jigaboo|jigaboos|darkie|darkies|darky|sambo|sambos|coon|coons', 'porch monkey|monkeys', 'jungle bunny|bunnies'),
  ...ws('slur', 0.4, { group: 'black' }, 'nigga|negro|negroes'),
  ...ws('slur', 0.9, { group: 'gay' }, 'faggot|faggots|fag|fags|dyke|dykes|poof|poofs|poofter|poofters|homo|homos|sodomite|sodomites|lezzie|lezzies|lesbo|lesbos|lezbo|lezbos'),
  ...ws('slur', 0.9, { group: 'gay' }, 'batty boy|boys', 'pillow biter|biters', 'fudge packer|packers', 'carpet muncher|munchers'),
  ...ws('slur', 0.5, { group: 'gay' }, 'queer|queers'),
  ...ws('slur', 0.9, { group: 'trans' }, 'tranny|trannies|trannys|troon|troons|shemale|shemales|ladyboy|ladyboys|trannie', 'man|men|bloke|blokes|guy|guys in ~1 dress|dresses|frock|frocks|skirt|skirts|wig|wigs'),
  ...ws('slur', 0.9, { group: 'women' }, 'femoid|femoids|foid|foids|roastie|roasties'),
  ...ws('slur', 0.75, { group: 'women' }, 'slut|sluts|whore|whores|skank|skanks|thot|thots'),
  ...ws('slur', 0.85, { group: 'jews' }, 'jewed|jewing|jews down|jew down|jewed down'),
  ...ws('slur', 0.6, { group: 'women' }, 'feminazi|feminazis'),
  ...ws('slur', 0.9, { group: 'immigrants' }, 'wetback|wetbacks', 'anchor baby|babies', 'border hopper|hoppers|jumper|jumpers'),
  ...ws('slur', 0.9, { group: 'latinos' }, 'spic|spics|spick|spicks|beaner|beaners'),
  ...ws('slur', 0.9, { group: 'asians' }, 'chink|chinks|gook|gooks|zipperhead|zipperheads|slant|slants|slanty|chinaman|chinamen|jap|japs|paki|pakis|dothead|dotheads', 'slant eyed|eyes', 'ching chong', 'curry muncher|munchers'),
  ...ws('slur', 0.9, { group: 'arabs' }, 'raghead|ragheads|towelhead|towelheads|sandnigger|sandniggers', 'sand nigger|niggers|monkey|monkeys', 'camel jockey|jockeys|fucker|fuckers', 'goat fucker|fuckers'),
  ...ws('slur', 0.9, { group: 'muslims' }, 'muzzie|muzzies|muzrat|muzrats|mozzie|mozzies|goatfucker|goatfuckers|goatshagger|goatshaggers'),
  ...ws('slur', 0.9, { group: 'immigrants' }, 'dinghy|dingy divers|diver', 'boat niggers', 'rapefugee|rapefugees'),
  ...ws('slur', 0.8, { group: 'gay' }, 'bender|benders'),
  ...ws('slur', 0.9, { group: 'asians' }, 'chinky|chinkies|chinkie|slitty|slitties'),
  ...ws('slur', 0.9, { group: 'jews', code: true }, 'six|6 million ~1 wasn\'t|wasnt|not|weren\'t enough'),
  ...ws('slur', 0.85, { group: 'roma' }, 'gyppo|gyppos|gypo|gypos|gippo|gippos|pikey|pikeys|pikie|pikies'),
  ...ws('slur', 0.85, { group: 'disabled' }, 'retard|retards|spastic|spastics|spaz|spazz|spazzes|mong|mongs|mongoloid|mongoloids|cripple|cripples', 'window licker|lickers', 'short bus'),
  ...ws('slur', 0.75, { group: 'white' }, 'honky|honkies|honkey|whitey|whiteys'),
  // Non-slur senses (weight 0) that replace the slur word they contain.
  ...ws('slur', 0, {},
    'bundle|bundles|sticks of faggots|faggot', 'faggot|faggots of|for wood|sticks|kindling', 'faggot|faggots for the fire', 'faggots and|in|with peas|gravy|onions|mash', 'faggot|faggots meatballs|recipe',
    'packet|pack|box|carton of fags', 'fag|fags packet|packets|break|breaks|end|ends|lighter|paper|papers', 'smoke|smoking|light|lit|rolled|roll|had|have|fancy|bum|cadge ?a fag|fags', 'dying|gasping for a fag',
    'dutch|sea|river|flood|drainage ?dyke|dykes', 'dyke|dykes ~3 burst|broke|breached|failed|collapsed|flood|floods|flooding|protecting|protects|protected|water|village|town|fields', 'dyke|dykes broke|burst|breached|held|failed|gave|collapsed|along|by|near',
    'along|on|atop|over|behind|repair|repaired|build|built|breach|breached|reinforce|reinforced ?the|a dyke|dykes', 'top of ?the|a dyke|dykes',
    'coon hunting|hunt|hunter|hunters|hound|hounds|dog|dogs|skin|cat|cats', 'racoon|raccoon|racoons|raccoons',
    'spic|spick and span', 'chink|chinks in ~2 armour|armor|wall|curtain|defence|defense|shutters|cloud|clouds', 'chink of light',
    'homo sapiens|erectus|habilis|neanderthalensis', 'retard|retards|retarded|retarding the|growth|progress|development|ignition|ice|formation|corrosion|rust|fire|flames|burning|spread|decay|rot|drying', 'flame retard',
    'poof of|and smoke', 'poof it|gone|vanished', 'slant of|on', 'a|the|different|new|political|partisan slant',
    'on|week|weekend|long|massive ~1 bender|benders', 'three|two|four|five day bender|benders', 'fender bender|benders', 'bender of', 'mong kok', 'honky tonk|tonks', 'queer eye|theory|studies|cinema', 'queer as folk', 'queer sort|kind of', 'a queer feeling|fish|one|thing', 'dykes on bikes', 'dyke march|marches', 'chink in it|the', 'a chink of',
    'car|van|truck|rover|lorry|jeep|manual|automatic|auto|gearbox tranny|trannies', 'tranny fluid|oil|box|cooler|rebuild|repair|slipping|problems|gear|gears|mount',
    'tranny radio|radios|set|sets', 'chink|chinks of ~1 glass|glasses|cups|china|cutlery|coins|ice|bottles|keys|metal|chains', 'for|nipped|popped|quick|crafty ?a fag|fags',
    'bowl|bowls|bowled|bowling|bowler ~1 a|the chinaman|chinamen', 'chinaman delivery|deliveries|bowler|bowlers|ball|balls', "offa's|offas|offa dyke", 'dyke path|walk|walks|trail|way|wall|walls',
  ),
];

/** Builds hostile predicate entries of one family. */
function hostile(family: Family, dir: Dir, w: number, ...patterns: string[]): PhraseDef<Entry>[] {
  return ws('hostile', w, { family, dir }, ...patterns);
}

/** Noun predicates ("vermin", "a burden"): a subject before them needs a link (copula, "like", "as") or to be their adjective. */
function nouns(family: Family, w: number, ...patterns: string[]): PhraseDef<Entry>[] {
  return ws('hostile', w, { family, dir: 'attr', noun: true }, ...patterns);
}

export const PREDICATES: PhraseDef<Entry>[] = [
  // Expressed hate, contempt or disgust, the group after ("I can't stand X") or before ("X make me sick").
  ...hostile('emotion', 'after', 0.85,
    'hate|hates|hated|hating|despise|despises|despised|despising|loathe|loathes|loathed|loathing|detest|detests|detested|abhor|abhors|abhorred',
    "can't|cant|cannot|couldn't|couldnt stand|stomach|bear|tolerate|abide", 'can|could not stand|stomach|bear|tolerate|abide',
    'disgusted|repulsed|revolted|sickened|nauseated by|with', 'hate the sight of', 'have|feel ?nothing ?but contempt|disgust|hatred for',
    'contempt|disgust|hatred for', 'wish there were no', 'world|country|planet ~2 better without', 'world|country|planet ~2 better off without', 'rid the world|country|planet of', 'fucking hate|despise'),
  ...hostile('emotion', 'after', 0.7, 'sick of', 'sick and tired of', 'fed up with|of', 'so done with', 'want|wants nothing to do with', 'no love for', 'no love lost for'),
  ...hostile('emotion', 'after', 0.6, 'tired of', 'have no time for', 'not a fan of', 'never liked'),
  ...hostile('emotion', 'after', 0.6, "don't|dont|do not|never like|trust", "can't|cant|cannot|never trust"),
  ...hostile('emotion', 'before', 0.85,
    'make|makes|made me sick|ill|puke|vomit|nauseous|gag|retch', 'make|makes|made me want to puke|vomit|throw', 'make|makes|made my skin crawl', 'make|makes|made my stomach turn',
    'disgust|disgusts|repulse|repulses|revolt|revolts|sicken|sickens|nauseate|nauseates me|us', 'turn|turns my stomach', 'are disgusting|repulsive|revolting to me'),
  ...hostile('emotion', 'before', 0.6, 'creep|creeps me out', 'piss|pisses me off', 'get|gets on my nerves', 'give|gives me the creeps'),

  // Negative attributes, predicative ("X are filthy") or attributive ("filthy X").
  ...hostile('attribute', 'attr', 0.85,
    'disgusting|repulsive|revolting|vile|filthy|nasty|gross|subhuman|inferior|evil|savage|barbaric|uncivilised|uncivilized|primitive',
    'degenerate|depraved|perverted|twisted|wicked|abhorrent|abominable|worthless|despicable|contemptible|loathsome|scummy|trashy|sick',
    'inherently evil|inferior', 'less than human', 'sub human', 'genetically inferior',
    'filthiest|dirtiest|stupidest|dumbest|laziest|ugliest|smelliest|greediest|nastiest|vilest', 'most disgusting|violent|dangerous|vile|evil|repulsive',
    'less intelligent|smart|capable|civilised|civilized|evolved|human|worthy|deserving|developed|advanced', 'least intelligent|civilised|civilized|evolved', 'lower|low iq|iqs'),
  ...hostile('attribute', 'attr', 0.75,
    'stupid|dumb|idiotic|moronic|brainless|lazy|greedy|dirty|smelly|stinky|violent|dangerous|untrustworthy|dishonest|deceitful|sneaky|treacherous',
    'ugly|useless|pathetic|ignorant|backward|backwards|incompetent|crazy|insane|delusional|unnatural|creepy|parasitic|thieving|cowardly|disgraceful',
    'defective|damaged|faulty|bloodthirsty|warlike|fanatical|sly|deranged|psychotic|retarded|hysterical|irrational|illiterate|uneducated|unintelligent|dimwitted|soulless|robotic|heartless|emotionless|frigid|bitter',
    'mentally ill', 'feeble minded', 'simple minded', 'attention seeking'),
  ...hostile('attribute', 'attr', 0.75, 'too emotional|hormonal|weak|soft|stupid|dumb|thick|primitive|lazy|backward'),
  // Idioms that carry an attribute word without saying it of anyone ("drive yourself crazy").
  ...hostile('attribute', 'attr', 0, 'drive|drives|driving|drove|driven ~1 crazy|mad|insane|nuts', 'go|goes|going|went|gone crazy|mad|insane|nuts'),
  ...hostile('attribute', 'attr', 0.75,
    'selfish|corrupt|cruel|brutal|heartless|sleazy|slimy|shady|crooked|dodgy|unreliable|unclean|unhygienic|diseased|hostile|fanatical|extremist|inbred',
    'sinful|immoral|deviant|abnormal|feckless|disloyal|traitorous|insufferable|unbearable|intolerable|obnoxious|hopeless|thick|dishonest|untrustworthy|medieval'),
  ...hostile('attribute', 'attr', 0.6, 'aggressive|ungrateful|entitled|weird|freakish|loud|arrogant|annoying|rude|dishonourable|shifty|cheap|stingy|noisy|irritating|pushy|shrill|spoilt|spoiled|unreasonable|illogical'),
  ...nouns('attribute', 0.8,
    'a|the burden|drain|disgrace|menace|threat|danger|nuisance|blight|stain|curse|scourge|pest|pestilence|problem|enemy|joke|embarrassment|abomination',
    'burden|drain|menace|blight|curse|scourge|problem',
    'burdens|drains|disgraces|menaces|nuisances|pests|abominations|blights|curses|plagues',
    'a|an terrorist|criminal|thief|rapist|murderer|paedophile|pedophile|groomer|predator|thug|gangster|crook|liar|cheat|freeloader|scrounger|sponger|beggar|degenerate|pervert|freak|slut|whore|bitch|loser|idiot|moron|imbecile|cretin|retard|fraud',
    'a|an suicide|potential|future bomber|terrorist|criminal|rapist', 'terrorists|criminals|rapists|bombers in waiting',
    'the root of all evil|problems', 'the root of ~2 problem|problems|evil|crime|trouble', 'a|the ~1 death cult', 'colony|colonies|colonists|colonisers|colonizers', 'the worst', 'the scum of the earth', 'a waste of space|oxygen|skin|money', 'a bunch of ~2 idiots|morons|losers|freaks|savages|animals',
    'terrorists|criminals|thieves|rapists|murderers|paedophiles|pedophiles|groomers|predators|thugs|gangsters|crooks|liars|cheats|freeloaders|frauds',
    'scroungers|spongers|beggars|leeches|degenerates|perverts|freaks|sluts|whores|bitches|losers|idiots|morons|imbeciles|cretins|retards|lunatics|paedos|pedos|psychos|nutters|loonies|headcases',
    'invaders|occupiers|golddiggers', 'welfare queens', 'drug dealers', 'suicide bombers', 'terrorist sympathisers|sympathizers', 'bad drivers', 'gold diggers',
    'man haters', 'attention seekers|seeker', 'sinners|heathens|infidels|kuffar|abominations', 'basically|just|nothing but|no better than children|kids|babies|toddlers'),
  ...hostile('attribute', 'before', 0.8, 'brought|bring|brings|contributed|contribute|contributes|added|add|adds|given|give|gives|offered|offer|offers nothing'),
  ...hostile('attribute', 'before', 0.8, 'full of ~2 paedos|pedos|paedophiles|pedophiles|criminals|terrorists|rapists|thieves|scum|vermin|rats|perverts|degenerates', 'full of ~2 wife beaters'),

  // Dehumanising comparisons: copula, "like", "nothing but", apposition ("those rats") or attributive ("immigrant scum").
  ...nouns('dehumanise', 0.9,
    'animals|animal|beasts|beast|vermin|rats|rat|rodents|cockroaches|cockroach|roaches|insects|bugs|parasites|parasite|leeches|leech|lice|maggots|maggot',
    'pigs|pig|swine|dogs|apes|ape|monkeys|monkey|baboons|gorillas|chimps|chimpanzees|cattle|livestock|snakes|vultures|hyenas|termites|locusts|mongrels|flies|ants',
    'scum|trash|garbage|filth|rubbish|vermin|dirt|sewage|excrement|plague|disease|virus|cancer|tumour|tumor|infection|infestation|pestilence|contagion',
    'subhumans|savages|barbarians|demons|monsters|zombies|objects|property|robots|creatures|creature|specimens|incubators|incubator|vegetables|vegetable', 'breeding machines', 'baby factories', 'sex objects',
    'a lower form of life', 'lower life forms', 'human garbage|trash|waste|filth|scum|debris'),
  ...hostile('dehumanise', 'before', 0.9, 'not human|humans|people', 'not even human|humans|people', "aren't|arent|isn't|isnt ~1 human|humans|people", 'not real people|humans', 'no better than animals|dogs|rats|pigs|savages'),
  ...hostile('dehumanise', 'before', 0.8, 'swarm|swarms|swarming|swarmed', 'smell|smells|smelled|smelt|stink|stinks|stank like a|an ~1 camel|goat|pig|animal|sewer|dog|skunk'),
  ...hostile('dehumanise', 'after', 0.8, 'crawling|swarming|teeming|infested|overrun|overrunning with'),
  ...hostile('dehumanise', 'after', 0.8, 'swarm|swarms|hordes|horde|plague|infestation|invasion|flood|tide of'),
  ...hostile('dehumanise', 'before', 0.85, 'breed like rats|rabbits|flies|cockroaches|vermin|animals', 'multiply like rats|rabbits|flies|cockroaches', 'spread like a disease|plague|virus|cancer',
    'live|lived|living like pigs|animals|rats|savages|vermin|dogs|cavemen|beasts'),

  // Harm is read from the lexicon's harm words (src/scoring/lexicon/words.ts THREATS) with their wish and intent cues;
  // these are harm phrases that only make sense about a group.
  ...hostile('harm', 'before', 0.9, 'belong in camps|ovens', 'belong in gas chambers', 'belong in concentration camps', 'belong in a gas chamber', 'should ~2 be gassed|exterminated|eradicated|sterilised|sterilized|castrated', 'should ~2 be wiped out'),
  ...hostile('harm', 'after', 0.85, 'clean|cleaning|cleanse|cleansing up|out ?all ?the', 'ethnic|ethnically cleanse|cleansing'),
  ...hostile('harm', 'after', 0.9, 'gas the|all', 'death to ?all ?the', 'kill all|every ?the|of', 'the only good', 'exterminate|eradicate|eliminate|annihilate|cleanse ?all ?the'),

  // Calls for exclusion from the country, work, politics and public life.
  ...hostile('exclude', 'before', 0.8,
    "shouldn't|shouldnt|mustn't ?ever ?be allowed|permitted", 'should|must not|never ?ever ?be allowed|permitted', 'never be allowed|permitted',
    "don't|dont|doesn't|doesnt belong", 'do|does not belong', 'have|has no place|business in|here|among', "aren't|arent|isn't|isnt welcome|wanted", 'are|is not welcome|wanted',
    "shouldn't|shouldnt|mustn't vote|teach|adopt|marry|breed|lead|work|serve|hold|run|enter|immigrate|live|come|decide", 'should|must not|never vote|teach|adopt|marry|breed|lead|work|serve|hold|run|enter|immigrate|live|come|decide',
    "shouldn't|shouldnt|mustn't make decisions|choices", "shouldn't|shouldnt|mustn't be running|teaching|working|sitting|voting|leading|serving|living|coming|holding|in|near|anywhere|around",
    'should|must not be running|teaching|working|sitting|voting|leading|serving|living|coming|holding|in|near|anywhere|around',
    'not welcome|wanted ~2 here|in', 'need not apply', "don't|dont deserve to live|exist|vote|breed", 'do not deserve to live|exist|vote|breed'),
  ...hostile('exclude', 'before', 0.8,
  ),
  // Modal calls with a gap ("should all be deported"): a negator in the gap negates them ("should not be banned").
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'before', gapNegates: true },
    'should|must|ought ~3 deported|banned|removed|expelled|excluded|segregated|barred|fired|sacked|stripped|quarantined|sterilised|interned',
    'should|must|ought ~3 kicked|thrown|sent|shipped|locked|rounded|kept out|back|home|up|away', 'need|needs|have|has to ~2 deported|banned|removed|expelled|excluded|segregated', 'should|must|ought|need|needs|have|has ~3 go|get back|home|away|out', 'should|must|ought|need|needs|have|has ~3 leave the|our|this|my country|countries',
    'need|needs|have|has to ~2 kicked|thrown|sent|shipped|locked|rounded|kept out|back|home|up|away'),
  ...hostile('exclude', 'before', 0.8,
    'go back to|where|home', 'back in their own country|countries', 'back to their own country|countries', 'get out of our|my|this country|land|town|neighbourhood', 'out of our|my country', 'back where they came from', 'back to where they came from|belong', 'back to their|your ?own country|countries|shithole|hellhole',
    'belong in their|your ~2 country|countries|homeland|desert|jungle', 'keep away from our|my kids|children|daughters|women'),
  ...hostile('exclude', 'after', 0.8,
    'deport|expel|ban|exclude|segregate|remove|evict ?all ?the', 'kick|throw|keep|send|ship|drive ?all ?the ~2 out|back|home', 'get rid of ?all ?the', 'round|lock ?all ?the ~1 up',
    'no more', 'stop letting|allowing', 'close the borders to', 'fix|cure|convert ~2 gay|trans|kids|children|son|daughter', 'piss|fuck|bugger|clear ~1 off home|back', 'never have been given|allowed ~1 the ~1 vote|rights', 'let ~3 breed|reproduce', 'why ~3 let|allow ~3 vote|drive|work|breed|reproduce|marry|adopt|teach|in|here',
    'keep ~3 away from ~2 kids|children|boys|girls|daughters|sons|schools', "don't|dont|do not want ~3 near|around ~1 my|our kids|children|daughters|sons|family", 'get|kick|throw|chuck|boot ~2 out', 'sack|fire|deport|ban ~1 the lot', 'letting in', 'let ~2 in'),

  // Exclusion to a place that names the group it targets ("back to Africa"), even when aimed at "you".
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'black' }, 'back to africa|jamaica', 'back to the jungle'),
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'latinos' }, 'back to mexico|guatemala|honduras'),
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'asians' }, 'back to china|pakistan|india|bangladesh|asia'),
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'arabs' }, 'back to syria|arabia|iraq|afghanistan', 'back to the desert'),
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'immigrants' }, 'back to poland|romania|albania', 'back to your ?own country', 'back to where you came from'),
  ...ws('hostile', 0.8, { family: 'exclude', dir: 'either', group: 'immigrants' }, 'britain|england|europe|america|ireland|scotland for the british|english|europeans|americans|irish|scots|whites'),

  // Denial of existence, identity or rights.
  ...hostile('deny', 'before', 0.85,
    "don't|dont|doesn't|doesnt exist", 'do|does not exist', "don't|dont|doesn't|doesnt deserve ~2 rights|right|respect|equality|dignity|protection|voice|freedom|pay|support|help|care|treatment|healthcare|kindness|jobs", 'do|does not deserve ~2 rights|right|respect|equality|dignity|protection|voice|freedom|pay|support|help|care|treatment|healthcare|kindness|jobs',
    'point of|in keeping ~3 alive',
    'have|has no rights', 'should have no rights', "shouldn't|shouldnt ~1 have ~1 rights|right|say|vote|voice", 'should not ~1 have ~1 rights|right|say|vote|voice',
    "don't|dont ~1 need|deserve ~1 rights|votes|vote|education", 'do not ~1 need|deserve ~1 rights|votes|vote|education', 'pretending|pretend to be', 'have|has no claim to', 'going ~1 to hell', 'have|has no right to|rights', 'their|a mental illness|disorder|delusion|perversion|fetish', 'will|can never be ?real|actual women|men|woman|man|female|male'),
  ...hostile('deny', 'before', 0.85,
    'rights should be taken|stripped|revoked|removed', 'are just|only|really|actually|simply ?confused|pretending|faking|sick|delusional', 'are just|only|really|actually|simply men in dresses',
    'are just|only|really|actually|simply a|an phase|fad|fetish|trend|delusion|ideology', 'is|are a mental illness|disorder|disease|sickness|perversion|sin|choice|fetish|delusion', 'is|are mental illness',
    'is|are an abomination|aberration', 'should be cured|fixed|converted'),
  ...hostile('deny', 'after', 0.85, 'no such thing as', 'no such people|person|nation|country as', 'so called', 'pretend|fake|wannabe'),

  // Stereotypes and insinuation.
  ...hostile('stereotype', 'before', 0.8,
    'belong in ?the|a|an cages|chains|jail|prison|kitchen|zoo|cage|fields|gutter|trash|ghetto|jungle|asylum|kennel|barn|sewer|bin', 'belong in the dark ages', 'belong barefoot',
    'should|must ~2 stay in the kitchen', 'should|must ~2 stay at home',
    'always|constantly|forever ~1 complain|complaining|moan|moaning|riot|rioting|loot|looting|fight|fighting|rape|raping|kill|killing|scrounge|scrounging|play|playing the ~1 victim|card',
    'always|constantly|forever ~1 cause|causing|make|making ~1 trouble|problems', 'take|taking|took advantage', 'only good for ~2', 'good for nothing', 'are all the same', 'always|constantly|only ~1 steal|stealing|lie|lying|cheat|cheating|whine|whining|beg|begging|scam|scamming|rob|robbing|sponge|leech|breed|breeding',
    "can't|cant|cannot ~1 drive|think|read|lead|cook|count|assimilate|integrate|behave", "can't|cant|cannot be trusted|reasoned", "can't|cant|cannot control themselves", 'never ~1 assimilate|integrate|contribute|work',
    'smell|smells|stink|stinks', 'take|took|taking|steal|stealing|stole ~2 our|your ~1 jobs|homes|houses|women|benefits|money|country', 'bring|brought|bringing ~1 crime|disease|drugs|violence|terror',
    'spread ~1 disease|diseases|aids|crime', 'are ruining|destroying|infesting|invading|flooding|overrunning|replacing|outbreeding', 'are taking over',
    'ruin|ruined|destroy|destroyed|infest|infested|invade|invaded|overrun|overran ~2 everything|country|neighbourhood|neighborhood|society|culture|town|towns|city|cities|europe|america|britain|west|sport|schools',
    'all|just|only want ~1 benefits|handouts|welfare|freebies', 'only come|came here for ~1 benefits|handouts|welfare|freebies', 'are a drain|burden on',
    'commit|cause ~2 crime|crimes|problems', 'are behind ~2 crime|crimes|problems', 'predisposed|prone to ~1 crime|violence|criminality|terrorism|lying|theft',
    'lie|lying|lies about ~1 rape|abuse|assault', 'learn her|their place', 'know her|their place', 'running ~1 scams|scam|rackets|racket|drugs|brothels', 'by nature', 'what we do to ~2 kind|sort|type|lot',
    'where ~3 belong', 'stay home|indoors|inside', 'stay in their homes|houses', 'nobody|noone wants ~1 them|you', "what's|whats wrong with ~1 these|those|them", 'what is wrong with ~1 these|those|them', 'obsessed with ~1 money|power|control|gold|cash|killing|violence|sex|war', 'look|looking after their own',
    'only|just care|cares about money|themselves', 'sniff|sniffing out ~1 money|cash|deal|deals', 'only|always ~1 after ~1 money|cash', 'only|just|always copy|copies|steal|steals|cheat|cheats|lie|lies|scam|scams',
    'all look alike', 'all look the same', 'look|looks the same', 'are all|always after your|our kids|children|daughters|sons|women', 'after your|our kids|children|daughters|sons',
    'all|just|only faking|pretending', 'faking it', 'own|owning|owns|run|running|runs|control|controlling|controls ~1 ?the ~1 banks|media|hollywood|world|everything', 'bleed|bleeding|bled ~2 dry', 'good with money', 'in their pockets',
    'stay|stays|staying in the kitchen', 'bad at ~1 everything|anything|driving|maths|math|science|leading|sport|sports|business', 'headed|heading|bound for hell', 'just not in my ~1 family|house|street|school|neighbourhood|neighborhood|country', 'own|owning|owns ~2 the ~1 street|area|town',
    'belong back in ~1 the ~1 jungle|desert|trees|caves|zoo', 'belong back in the stone age', 'only get|got there by', 'sleeping|sleep|slept around|their way', 'in their blood|genes|dna|nature', 'diversity hire|hires|box|quota',
    'like a|an landfill|tip|dump|pigsty|sty|sewer|slum|zoo',
    'gone downhill|to pot since', 'gone to the dogs since', 'say no more', 'is it genetic', 'it\'s|its genetic', 'worm|worming|wormed ~2 way into', 'infiltrate|infiltrating|infiltrated|infiltrates', 'place is in|at ~1 home|kitchen|bed',
    'drag|drags|dragging|dragged ~4 down', 'bring|brings|bringing|brought ~1 the|this|our ~1 area|street|neighbourhood|neighborhood|tone down', 'bring|brings|bringing|brought ~1 property|house prices down',
    'live|living|lives off ~2 everyone|others|us|taxpayers|state|benefits|welfare|handouts', 'never pay|paid ~1 a penny|taxes|tax'),
  ...hostile('stereotype', 'near', 0.75,
    'lock|hide|watch|guard|mind|hold|clutch ~2 doors|door|bikes|bike|wallets|wallet|valuables|purses|purse|daughters|kids|children|cars|car|handbag|handbags|stuff|things|belongings|spoons|silverware|pockets',
    'tuck|tucked|hid|hide|locked|lock|locking|kept|keep|hold|held|clutched|clutch|guarded|guard|watched|watch|counted|count ~3 wallet|wallets|purse|purses|handbag|handbags|valuables|jewellery|jewelry|spoons|shed|phone|phones|tools|dogs|animals',
    'keep|kept ~2 locked', 'count your spoons|fingers', 'bought|buy|got|fitted|fitting|getting|installed ~2 second|extra|new|bigger|better lock|locks|alarm|alarms|cameras|camera', 'know what they\'re|theyre like', 'learn ~3 what they\'re|theyre like', 'learn ~3 what they are like', 'how his|her|their sort|kind are', 'you know how they are', 'we|you all know what they are like', "we|you all know what they're|theyre like", 'know what their kind|lot is like'),
  ...hostile('stereotype', 'after', 0.7, 'typical', 'what do you expect from', 'lock|hide|watch|guard ~2 doors|bikes|wallets|valuables|purses|daughters|kids|children|cars'),

  // Profanity aimed at a group.
  ...hostile('profane', 'after', 0.8, 'fuck|screw ?all|every|the|those|these'),
  ...hostile('profane', 'after', 0.8, 'fucking|fuckin|effing|goddamn|damn|damned'),
  ...hostile('profane', 'before', 0.85, 'can ?go fuck|screw themselves|yourselves|off', 'rot|burn in hell', 'go to hell', 'are shit|crap|bullshit', 'are the|a shit', 'can rot|burn|die'),
];

/** Positive predicates: negated, they attack the group ("X are never any good", "never trust a X"). */
export const POSITIVES: PhraseDef<Entry>[] = [
  ...ws('positive', 0.75, { dir: 'before' },
    'good|smart|intelligent|clever|capable|competent|trustworthy|honest|decent|civilised|civilized|normal|worthy|valuable|useful|human|funny', 'original|single ~1 thought|idea',
    'bright|talented|skilled|reliable|brave|strong|beautiful|attractive|pretty|handsome|polite|friendly|peaceful|moral|ethical|rational|educated|generous|grateful|sensible|reasonable|wise|responsible|mature|respectable|successful|creative|hardworking',
    'law abiding', 'hard working', 'held|hold|holds|holding ~1 down ~2 job|jobs', 'value|values|valued ~1 education|work|family|life|learning|hygiene', 'handle|cope with ~1 pressure|stress|responsibility|power|money',
    'empathy|hygiene|manners|shame|loyalty|compassion|honour|honor', 'sense of ~1 hygiene|decency|shame|honour|honor|responsibility|humour|humor', 'pay|paid ~1 their|any ~1 tax|taxes|way|bills|rent', 'obey|respect ~1 the|our ~1 law|laws|rules', 'succeed|succeeded|achieve|improve|adapt|learn',
    'qualified|fit|loyal|productive|welcome|trusted|sane|real|people|humans|equals|worth|contribute|contributed|matter',
    'as good|smart|capable|intelligent as', 'able to think|lead|work|learn|do', 'decency|morals|integrity|brains|talent', 'properly|competently',
    'given|give|gave|put ~3 anything|something ~1 back', 'given|give|gave|put ~1 back ~1 anything|something', 'fit to lead|rule|vote|teach|serve|work|be', 'belong here|in', 'deserve respect|rights|equality|dignity',
    'can drive|think|lead|cook|integrate|assimilate|work|learn|read|behave', 'can be trusted', 'raise ~3 kids|children|family|families ~1 properly|right|well', 'integrate|assimilate|behave',
    'suited|fit to|for', 'cut out to|for', 'do the|their|a|half ~2 job|work', 'worth a damn|penny|thing|shit', 'be allowed|permitted', 'amount to anything|something|much',
    'invented|created|built|achieved|accomplished|contributed|produced|done ~1 anything|something', 'made|make|makes ~3 better|richer|stronger|safer', 'work for a living', 'done ~1 honest', 'worth anything|saving|it'),
  ...ws('positive', 0.7, { dir: 'either' }, 'trust|hire|employ|respect|date|marry|befriend', 'rent to', 'vote for', 'let ~2 near|into'),
];

/** Stance and discourse cues of the reader (its negation, meta and counter-speech cues are the lexicon's CONTEXT). */
export const STANCE: PhraseDef<Entry>[] = [
  // Reported speech: the words are someone else's (news register or a quoted speaker).
  ...ws('report', 0, {},
    'said|says|saying|shouted|shouting|yelled|yelling|screamed|screaming|tweeted|tweeting|wrote|posted|claimed|claims|claiming|chanted|chanting|told|tells',
    'call|calls|called|calling|label|labels|labelled|labeled|cast|casts|portray|portrays|portrayed|depict|depicts|depicted|paint|paints|painted|stereotyped|stereotypes|treats|treated|labelled|labeled|branded|dismissed|smeared|scapegoated',
    'painted|written|scrawled|sprayed|daubed|graffitied|carved|etched|chanted|shouted|posted|printed|tweeted',
    'according to', 'police said|say', 'confirms|confirmed|reports|reported|alleges|alleged|testified|admitted', 'reportedly', 'allegedly', 'was charged|convicted|arrested|sentenced', 'were charged|convicted|arrested|sentenced', 'is accused|charged', 'court heard'),
  // Endorsement of reported hate ("and he's right", "and I agree").
  ...ws('endorse', 0, {}, 'and i agree', "he's|she's|they're|hes|shes right|correct", 'he|she|they is|are right|correct', 'rightly|correctly', 'finally someone said|says it', 'so true', 'based'),
];
