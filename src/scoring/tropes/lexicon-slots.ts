/**
 * Agents, targets and stance/context cues of the trope lexicon (reference sections 1.1 and 3).
 * Identity words here only ever fill a slot; on their own they never fire a trope.
 */
import type { PhraseDef } from '../text/phrase-matcher.ts';
import { cue, type Cue } from './cues.ts';

export const AGENTS: PhraseDef<Cue>[] = [
  ...cue({ slot: 'agent', cls: 1 },
    'jew|jews|jewish|jewry|jewz|jooz|joos|joo|juden|jewess|kike|kikes|hebe|hebes|heeb|heebs|yid|yids|zhid|zhids',
    'rabbi|rabbis|rabbinate|talmud|talmudic|talmudist|talmudists|synagogue|synagogues',
    'zio|zios|ziocon|ziocons|zionazi|zionazis',
    'the chosen', 'chosen people|ones'),
  ...cue({ slot: 'agent', cls: 2 }, 'israel|israeli|israelis|zionist|zionists|zionism|mossad|aipac|idf', 'zionist entity'),
  ...cue({ slot: 'agent', cls: 3, kind: 'proxy' }, 'rothschild|rothschilds|soros|warburg|warburgs|schiff'),
  ...cue({ slot: 'agent', cls: 3 }, 'chabad|lubavitch|lubavitchers', 'the elders', 'elders of zion', 'khazarian|khazarians', 'brooklyn'),
  ...cue({ slot: 'agent', cls: 4 },
    'the|same|which|that|their tribe', 'you know who', 'certain people|tribe|group|folks', 'your people', 'international bankers|banker|bankster|banksters',
    'cosmopolitan|rootless elite|elites|cosmopolitans', 'money changers|changer', 'the merchants|merchant', 'the usual suspects'),
  ...cue({ slot: 'agent', cls: 5 },
    'cabal|elites|illuminati|bilderberg|bilderbergers|nwo|globalist|globalists|glowbalist|glowbalists|globohomo',
    'the elite', 'davos crowd|elite|elites', 'the powers that be', 'the people at the top', 'bankers', 'freemasons|masons'),
  ...cue({ slot: 'agent', cls: 5, kind: 'deepstate' }, 'deep state', 'shadow government', 'the real government', 'langley'),
  ...cue({ slot: 'agent', cls: 4, kind: 'rhetorical' }, 'who really', 'who do you think', 'guess who', 'look|looked up who', 'check|follow who'),
  ...cue({ slot: 'agent', cls: 6 }, "they|them|their|theyre|they're|they've|theyve|somebody"),
];

export const TARGETS: PhraseDef<Cue>[] = [
  ...cue({ slot: 'target', kind: 'leader' },
    'putin|kremlin|trump|biden|obama|netanyahu|zelensky|congress|senate|senator|senators|parliament|government|governments',
    'president|presidents|politician|politicians|leader|leaders|minister|ministers|chancellor|administration|regime',
    'white house', 'both parties', 'state department', 'washington|moscow|beijing|london|whitehall|westminster',
    'foreign policy', 'which|our|every war|wars', 'the west', 'america|usa|russia|china|ukraine'),
  ...cue({ slot: 'target', kind: 'institution' },
    'media|news|press|network|networks|hollywood|newspaper|newspapers|journalist|journalists|cnn|msnbc|bbc',
    'the fed', 'federal reserve', 'bank|banks|banking|finance|economy|money', 'central bank|banks', 'wall street', 'big tech',
    'academia|university|universities|company|companies|corporation|corporations|industry|industries|institution|institutions',
    'the narrative', 'social media', 'porn industry'),
  ...cue({ slot: 'target', kind: 'scope' },
    'world|humanity|mankind|planet|globe|everyone|everybody', 'every|all nation|nations|country|countries', 'the earth'),
];

export const STANCE: PhraseDef<Cue>[] = [
  ...cue({ slot: 'negator' },
    "not|no|never|nobody|neither|nor|hardly|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|weren't|werent",
    "can't|cant|cannot|won't|wont|wouldn't|wouldnt|shouldn't|shouldnt"),
  ...cue({ slot: 'counter' },
    'antisemitic|antisemitism|antisemite|antisemites|antisemitically|canard|canards|myth|myths|smear|smears|trope|tropes',
    'anti semitic|semitism|semite|semites',
    'conspiracy theory|theories|theorist|theorists', 'debunked|refuted|bigotry|bigoted|bigot|bigots|vile|racist|racism|hateful|forgery|forged|libel|pogrom|pogroms',
    'false charge|charges|claim|claims|accusation|accusations|story', 'ashamed|alarming|recycled|dehumanize|dehumanise|dehumanizing|dehumanising',
    'stop spreading', 'inventing a plot', 'it is|was false|untrue', "it's|its false|untrue", 'is|are|was simply|just false|untrue', 'not true', 'no evidence', 'not okay|ok', 'never okay|ok', 'nonsense|garbage|disgusting', 'white supremacist|supremacists|nationalist|nationalists', 'neo nazi|nazis', 'ignorance|ignorant|bollocks|delusional|absurd|ridiculous|insane',
    'a|an ?old|ancient|antisemitic|vicious|big|racist lie|lies', 'lie|lies as old as', 'the old|ancient|same|antisemitic lie|lies',
    'plagiarised|plagiarized|plagiarism|fabrication|fabricated', 'prejudice|prejudices|prejudiced|rumour|rumours|rumor|rumors|baseless|unfounded|disinformation|misinformation|retracted|retraction|correction',
    'was|were|is|been invented|concocted'),
  ...cue({ slot: 'report' },
    'according to', 'reported', 'the|a|this|new|their report', 'reports say|show|suggest|found', 'reporting by', 'researcher|researchers|investigator|investigators|historian|historians|scholar|scholars',
    'survey|study|studies|poll|respondents|percent', 'agency|officials|authorities|police said|warned|warn', 'documentary|exhibit|exhibition|lecture|museum|encyclopedia',
    'explains|explained|estimate|estimates', 'fact checkers|checkers|checked', 'police said', 'found that|no', 'nostra aetate', 'vatican',
    'deniers|denier|revisionists|conspiracists|antisemites|extremists claim|claimed|say|said|argue|argued|insist|insisted|believe|believed|falsely'),
  ...cue({ slot: 'meta' },
    'calling|call|called|calls|saying|say|says|said|wrote|writes|written|claims|claimed|tweeted|posted|posting|repeated|repeating|cited|cites',
    'the word|phrase|term|slur', 'someone above', 'questioning',
    'chant|chants|chanted|chanting|yell|yells|yelled|yelling|shout|shouts|shouted|shouting|scream|screams|screamed|screaming|marched|marching', 'believe|believes|believed|thinks'),
  ...cue({ slot: 'satire' }, '🙄', 'apparently', 'still waiting', 'yeah right'),
  ...cue({ slot: 'selfid' }, "as a jew|jewish", "as jews", "i'm|im jewish", "i'm|im a jew", 'i am jewish', 'i am a jew', 'we jews'),
  ...cue({ slot: 'reclaim' }, 'solidarity', 'my own name', 'my name', 'reclaim|reclaimed|reclaiming'),
  ...cue({ slot: 'insinuation' },
    'funny how', 'pushing|pushes|pushed', 'behind', 'coincidence', 'look at the names', 'guess who', 'who owns', 'owns|own|runs|run|controls',
    'war|wars|every|always', 'interesting how', 'notice|noticed', 'of course', 'as usual', 'shocked|shocking|shocker|surprise|surprised', 'bet you|ya',
    'i bet', 'turned|turns out to be', 'strikes again', 'wonder why|who|what|whose', '🤔', 'no surprise|shock', 'interesting|curious', 'all|everything you need to know'),
  ...cue({ slot: 'quantifier' }, 'every|all|any|each', 'on earth'),
  ...cue({ slot: 'literal' },
    "rothschild's giraffe", 'rothschild giraffe', 'rothschild & co', 'khazar|khazarian sea|khaganate|khanate|empire|kingdom|university|state',
    'zion national park', 'mount zion', 'zion lutheran|baptist|church', 'church elders', 'elders of the church', 'elders of our church',
    'the tribe blew|won|lost|beat|play|plays|played', 'tribe fans', "israel's|israeli government|army|military|cabinet|forces|defence|defense|election|elections", "israel's|israeli prime minister",
    'west bank', 'jewish|israeli deli|delis|museum|bakery|restaurant|school|schools|holiday|holidays|calendar|cemetery|cemeteries|food|cuisine|wedding|weddings|quarter|center|centre|history|tradition|traditions|music|art|film|festival|festivals|prayer|prayers|new|studies|heritage',
    'food|blood|sperm|seed|data|memory|piggy|river|power bank|banks', 'a|an rat|snake|pig|weasel', "netanyahu's government", 'its|their|his|her|our|my|your own', 'run|runs|running|ran for', 'government of israel', 'state of israel', 'the israeli government',
    'puppet show|shows|theater|theatre|theatres', 'strings on|of the|a puppet|puppets|marionette|marionettes|guitar|violin|harp',
    'ai|robots|robot|machines|machine|automation|computers|algorithms|algorithm|chatbots|software ~4 replace|replacing|replaced',
    "russia|russian|russians|soviet|nazi|nazis|german|germany|allied|allies|israeli|israel|iraqi|iraq|american|british|chinese|china|japanese|ground|military|norman|roman|viking|mongol|d|day|dday|full|zombie|home|martian invasion|invasions|invaders",
    'invasion of ukraine|iraq|kuwait|poland|normandy|afghanistan|crimea|gaza|rafah|lebanon|taiwan|france|belgium|russia|czechoslovakia|panama|grenada|cyprus|hungary|tibet|korea|vietnam|cambodia|georgia|sicily|italy|okinawa|privacy',
    'space invaders', 'invaders from', 'invasion of the body',
    'host|hosts of|for|city|cities|family|families|cell|cells|tree|trees|plant|plants|species|organism|organisms|committee|club|team|broadcaster|broadcasters|venue|venues|site|server|servers|name|town|towns|school|schools|parents|mother|father|couple',
    'host nation|nations|country|countries for|of the|this|next|a|its|their|every', 'host nation|nations|country|countries of', 'podcast|show|radio|tv|party|dinner|quiz|talk|game|our|my|your|tour host|hosts',
    'happy merchant|merchants at|from|in|of|on|selling|sell|sells|sold|gave|stall|stalls|who|down',
    'tribe|tribes|tribal council|land|lands|reservation|reservations|casino|casinos|chief|chiefs|elders|sovereignty|nation|nations|lawyer|lawyers|court', 'tribe|tribal members voted',
    'native|indigenous|navajo|cherokee|sioux|apache|lakota|ojibwe|hopi|seminole|amazon|amazonian|maasai|zulu|mohawk|iroquois|cree|isolated|uncontacted tribe|tribes',
    'lost|twelve|ten|israelite|israelites|hebrew tribe|tribes', 'tribe|tribes of israel|judah|dan|levi|benjamin|ephraim|naphtali|gad|asher|reuben|simeon|issachar|zebulun|manasseh|joseph',
    'my|our|your tribe', 'find|found|finding|finds your|my|our|their tribe', 'tribe called quest', 'member|members of the|our tribal',
    'small|little hat|hats for|from|knitted', 'small|little hat|hats in the sun', 'baby|babies|knitted|wool|woolly ~2 small|little hat|hats'),
  ...cue({ slot: 'topic', topic: 'holocaust' },
    'holocaust|shoah|auschwitz|treblinka|dachau|holocausts', 'gas chamber|chambers', 'six|6 million', 'death camp|camps', 'ovens', 'gassings|gassing'),
  ...cue({ slot: 'topic', topic: 'pandemic' },
    'virus|vaccine|vaccines|vax|jab|jabs|covid|pandemic|mrna|shot|shots|booster|boosters|corona|coronavirus|vaccination|vaccinations'),
  ...cue({ slot: 'topic', topic: 'event' },
    'attack|attacks|strike|strikes|shooting|shootings|bombing|bombings|massacre|incident|explosion|event|gassing', '9 11'),
  ...cue({ slot: 'topic', topic: 'harm' },
    'war|wars|death|deaths|killing|killings|murder|murders|crisis|crises|genocide|everything|gaza|massacre|massacres|bombing|bombings'),
  ...cue({ slot: 'topic', topic: 'money' }, 'money|profit|profits|payday|sold|deal|deals|cash|shekel|shekels|bank|banks|interest|loan|loans'),
  ...cue({ slot: 'topic', topic: 'migration' },
    'immigration|immigrant|immigrants|migrant|migrants|migration|border|borders|asylum|refugee|refugees|boat|boats|illegals|amnesty|hotel|hotels',
    'deportation|deportations|visa|visas|newcomers|foreigners|crossings|europe|europeans|mosque|mosques', 'fighting|military age men',
    'by the million|millions|thousands|boatload|boatloads|busload|busloads', 'our country|land|towns|cities|streets|nation|homeland|continent', 'the west'),
];

/** Builds a word set from "|"-separated lists (for context words that a rule looks up only when it needs them). */
function words(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.flatMap((l) => l.split('|')));
}

/** Biology and film words that make "the host" and "parasite" literal ("host cell", "tapeworms", "the film Parasite"). */
export const BIOLOGY_WORDS = words(
  'cell|cells|tree|trees|plant|plants|worm|worms|tapeworm|tapeworms|bacteria|bacterium|fungus|fungi|species|organism|organisms|mistletoe|larva|larvae',
  'wasp|wasps|vet|vets|gut|insect|insects|immune|infection|infections|ecosystem|stool|pet|pets|dog|dogs|cat|cats|cattle|livestock|garden|biology',
  'brain|fungal|cordyceps|ant|ants|snail|snails|mosquito|mosquitoes|malaria|lyme|symptoms|evolution|evolved|documentary|film|movie|game|episode',
);
/** Native American tribes and the Cleveland team: "member of the tribe" is literal in such a comment. */
export const NATIVE_WORDS = words(
  'tribal|reservation|reservations|indigenous|treaty|treaties|sovereignty|casino|casinos|navajo|cherokee|sioux|apache|lakota|ojibwe|hopi|seminole|amazon|maasai|zulu|mohawk|iroquois|cree',
  'seneca|choctaw|chickasaw|blackfeet|shoshone|pueblo|tlingit|inuit|comanche|cheyenne|arapaho|ute|yakama|osage|muscogee|oneida|onondaga|native|fans|guardians|baseball|cleveland',
);
/** Wars and votes: "funded both X and Y" is a both-sides claim only about them. */
export const CONFLICT_WORDS = words(
  'war|wars|army|armies|enemy|enemies|revolution|revolutionaries|protesters|protests|riots|rebels|union|confederacy|napoleon|wellington|allies|axis',
  'conflict|conflicts|election|elections|candidates|parties|democrats|republicans|kaiser|tsar|bolsheviks|whites|reds|russia|ukraine|iran|iraq',
);
/** Palestinians named as victims: organ theft needs no agent word; invasion talk is about the conflict, not migration. */
export const PALESTINIAN_WORDS = words('palestinian|palestinians|gaza|gazan|gazans|martyr|martyrs');
/** Criticism and debate, which a weak shield cue ("brings up Auschwitz") needs near it. */
export const CRITICISM_WORDS = words(
  'criticise|criticize|criticised|criticized|criticism|criticisms|critic|critics|criticising|criticizing|question|questions|questioned|questioning',
  'argument|arguments|debate|disagree|disagrees',
);
