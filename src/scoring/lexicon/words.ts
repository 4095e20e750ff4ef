/**
 * Hand-written word lists of the rules-and-lexicon baseline scorer, with a weight (0..1) per entry.
 * Weights are judgement calls, not learned; docs/scoring.md explains how they combine.
 */
import type { PhraseDef } from '../text/phrase-matcher.ts';

/** What a matched phrase contributes. */
export type Kind =
  | 'profanity'
  | 'insult'
  | 'slur'
  | 'group'
  | 'you'
  | 'groupneg'
  | 'harm'
  | 'wish'
  | 'intent'
  | 'hostility'
  | 'negator'
  | 'meta'
  | 'counter'
  | 'intensifier'
  | 'copula'
  | 'thing'
  | 'person';

export interface Entry {
  kind: Kind;
  /** Weight of the cue (0..1); 0 for context cues. */
  w: number;
  /** Insults that only insult when aimed at "you" ("you suck"; "that sucks" is not an insult). */
  needsYou?: boolean;
  /** Strong profanity (counts towards SEVERE_TOXICITY when aimed at someone). */
  strong?: boolean;
  /** A modal wish ("should", "must"): a wish only before a strong harm word. */
  modal?: boolean;
}

function ws(kind: Kind, w: number, extra: Partial<Entry>, ...patterns: string[]): PhraseDef<Entry>[] {
  const label: Entry = { kind, w, ...extra };
  return patterns.map((pattern) => ({ pattern, label }));
}

export const PROFANITY: PhraseDef<Entry>[] = [
  ...ws('profanity', 0.92, { strong: true },
    'fuck|fucks|fucking|fuckin|fucked|fucker|fuckers|fuckface|fuckwit|motherfucker|motherfuckers|motherfucking|fck|fcking|fuk|fuking|fukin|phuck',
    'cunt|cunts|cocksucker|cocksuckers'),
  ...ws('profanity', 0.85, { strong: true },
    'shit|shits|shitty|shitting|bullshit|shithead|shitheads|shithole|horseshit|asshole|assholes|arsehole|arseholes',
    'bitch|bitches|bitching|bastard|bastards|dickhead|dickheads|twat|twats|wanker|wankers|prick|pricks|pussy|slut|sluts|whore|whores',
    'dumbass|jackass|dipshit|douchebag|douche|stfu|wtf'),
  ...ws('profanity', 0.6, {}, 'ass|arse|asses|dick|dicks|cock|cocks|piss|pissed|pissing|goddamn|goddamned', 'bloody hell'),
  ...ws('profanity', 0.4, {}, 'crap|crappy|damn|damned|dammit|bugger|bollocks|friggin|frigging|freaking', 'screw you'),
  ...ws('profanity', 0.22, {}, 'suck|sucks|sucked|sucky|hell|heck|jeez'),
];

export const INSULTS: PhraseDef<Entry>[] = [
  ...ws('insult', 0.9, {}, 'piece of shit|crap|garbage|trash', 'waste of space|oxygen|skin', 'scumbag|scumbags|scum|lowlife|lowlifes|subhuman|subhumans'),
  ...ws('insult', 0.8, {},
    'idiot|idiots|idiotic|moron|morons|moronic|imbecile|imbeciles|cretin|cretins|retard|retards|retarded|dimwit|dimwits|halfwit|nitwit|numbskull',
    'degenerate|degenerates|dumbass|dipshit|jackass|shithead|dickhead|asshole|assholes|bitch|bastard|prick|twat|wanker|cunt'),
  ...ws('insult', 0.72, {},
    'loser|losers|stupid|stupidity|fool|fools|foolish|pathetic|worthless|useless|jerk|jerks|buffoon|buffoons|clown|clowns|freak|freaks',
    'coward|cowards|cowardly|pig|pigs|creep|creeps|disgusting|vile|repulsive|ugly|dumb|brainless|mindless|clueless|ignorant|ignoramus'),
  ...ws('insult', 0.55, {}, 'liar|liars|hypocrite|hypocrites|sheep|sheeple|troll|trolls|weirdo|weirdos|snake|snakes|rat|rats|traitor|traitors|parasite|parasites|incompetent|nutjob|nutjobs|lunatic|lunatics|crybaby|crybabies|snowflake|snowflakes'),
  ...ws('insult', 0.75, { needsYou: true }, 'suck|sucks', 'screw you', 'fuck you|off', 'kiss my ass', 'make me sick'),
];

export const IDENTITY: PhraseDef<Entry>[] = [
  ...ws('group', 0, {},
    'jew|jews|jewish|muslim|muslims|islam|islamic|christian|christians|catholic|catholics|protestant|protestants|hindu|hindus|sikh|sikhs|buddhist|buddhists|atheist|atheists|mormon|mormons',
    'black|blacks|white|whites|asian|asians|chinese|arab|arabs|latino|latinos|latina|latinas|hispanic|hispanics|mexican|mexicans|african|africans|indian|indians|pakistani|pakistanis',
    'immigrant|immigrants|migrant|migrants|refugee|refugees|foreigner|foreigners|gay|gays|lesbian|lesbians|bisexual|bisexuals|trans|transgender|queer|lgbt|lgbtq|homosexual|homosexuals',
    'women|woman|girls|feminist|feminists|disabled|russian|russians|american|americans|yankee|yankees|yanks|yankys|israeli|israelis|palestinian|palestinians|zionist|zionists',
    'roma|gypsy|gypsies', 'native americans', 'people of color'),
  ...ws('slur', 0.9, {},
    'kike|kikes|nigger|niggers|faggot|faggots|fag|fags|tranny|trannies|spic|spics|wetback|wetbacks|chink|chinks|gook|gooks|raghead|ragheads',
    'towelhead|towelheads|sandnigger|sandniggers|paki|pakis|kaffir|kaffirs|coon|coons|beaner|beaners|zio|zios|shitskin|shitskins|dyke|dykes|yid|yids|heeb|heebs|hebe|hebes|gyppo|gyppos|pikey|pikeys|jihadi|jihadis'),
  ...ws('groupneg', 0.85, {},
    'animal|animals|vermin|cockroach|cockroaches|savage|savages|subhuman|subhumans|plague|disease|cancer|infestation|filth|filthy|inferior|evil',
    'should be deported|banned|removed|killed|gassed|exterminated|shot|hanged|eradicated', 'go back to|where', 'do not|dont|don\'t belong', 'not welcome',
    'are ruining|destroying|invading', 'out of our country', 'rapist|rapists|terrorist|terrorists|criminal|criminals|thief|thieves|invader|invaders'),
  ...ws('groupneg', 0.7, {}, 'dirty|greedy|lazy|smelly|backward|primitive|barbaric|barbarian|barbarians', 'hate|hates|hating|despise'),
];

export const THREATS: PhraseDef<Entry>[] = [
  ...ws('harm', 0.9, {}, 'put a bullet', 'blow your|his|her|their brains out', 'slit your|his|her|their throat', 'death to'),
  ...ws('harm', 0.72, {},
    'kill|kills|killing|killed|murder|murders|murdering|stab|stabbing|lynch|lynching|lynched|slaughter|slaughtering|exterminate|exterminating',
    'rape|raping|strangle|strangling|behead|beheading|massacre|bloodbath', 'hunt ?you|them down', 'offing ?each ?other', 'off each other', 'body count', 'bodycount'),
  ...ws('harm', 0.55, {},
    'shoot|shooting|shot|hang|hanging|hanged|die|dies|dying|execute|executed|bomb|bombs|nuke|nuked', 'a bullet', 'wipe|wiped ?them out', 'beat up', 'beat the',
    'burn them|you', 'civil war', 'put him|her|them|you down'),
  // Figurative uses of harm words, longer than the word they contain, so they replace it (dedupe keeps the longer match).
  ...ws('harm', 0, {},
    'shoot|shooting for', 'shoot|shooting|shot ?a|an|the|some photo|photos|picture|pictures|video|videos|film|scene|hoops|pool|breeze', 'shot at ?the title|record|goal',
    'kill|killing ?this|that|the|a bill|idea|plan|proposal|project|deal|motion|time|process|engine', 'killing it', 'die|dying laughing', 'dying to', 'bomb ?the|a|an test|exam|interview',
    'shoot|shooting my|your|his|her|their shot', 'booster|flu|vaccine|covid|first|second|third|1st|2nd|3rd|4th|jab ?19 shot|shots'),
  ...ws('harm', 0.3, {}, 'hurt|hurting|destroy|destroyed|attack|attacks|punch|smash|bleed|dead|war'),
  ...ws('wish', 0.2, {},
    'hope|hopefully|wish|pray|praying', "can't|cant|cannot wait", 'would love to see', 'will rejoice|celebrate', 'rejoice', 'will be fun', 'deserve|deserves to',
    'should die|hang|burn', 'should be shot|killed|hanged', 'needs|need to die', 'must die', 'let them die|burn', 'start offing'),
  // A modal wish, which counts only before a strong harm word ("somebody should shoot you", "they should all be hanged",
  // "he deserves a bullet"; not "should launch attacks").
  ...ws('wish', 0.2, { modal: true }, 'should|must', 'ought to', 'deserve|deserves|deserved'),
  ...ws('intent', 0.25, {},
    'i will|shall', "i'll", "i'm|im going to|gonna", 'i am going to|gonna', 'we will|shall', "we'll", "we're|were going to|gonna", 'gonna',
    "i'd|i would love to", 'watch your back', 'you will pay', "you're|youre dead|next", 'you are dead|next', 'coming for you'),
];

export const CONTEXT: PhraseDef<Entry>[] = [
  ...ws('you', 0, {}, "you|your|you're|youre|ya|u|ur|yourself|yourselves|y'all|yall|ye|thee", 'you guys|lot|all', 'you people'),
  ...ws('person', 0, {}, 'he|she|him|her|they|them|his|their|dude|man|author|writer|commenter', 'this guy'),
  ...ws('insult', 0.6, {}, 'shut up', 'get lost', 'go to hell', 'shut your mouth|face'),
  ...ws('hostility', 0.55, {}, 'go back to where you came from', 'hate|hates you|your', 'nobody likes you', 'the whole planet|world hates', 'everyone hates you', 'you make me sick'),
  ...ws('negator', 0, {},
    "not|no|never|nobody|hardly|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|weren't|werent|ain't|aint|won't|wont|cannot|can't|cant|shouldn't|shouldnt|wouldn't|wouldnt"),
  ...ws('meta', 0, {}, 'calling|call|called|calls|saying|say|said|says|wrote|word|words|term|label|labelling|labeling|quote|quoted|quoting|named'),
  ...ws('counter', 0, {}, 'is wrong', 'is not okay|ok', 'is unacceptable|hateful|racist|offensive|bigoted|cruel', 'stop', "shouldn't|should not", 'never okay|ok', 'rude|unkind|disrespectful'),
  ...ws('intensifier', 0.06, {}, 'real|total|complete|utter|absolute|such|fucking|bloody|stupid|damn|freaking|biggest|pathetic'),
  ...ws('copula', 0, {}, 'is|are|was|were|be|being|been|am', 'look|looks|sound|sounds|act|acts|acting like', 'such a|an', 'what a|an'),
  ...ws('thing', 0, {}, 'that|this|it|which|idea|plan|policy|policies|movie|film|game|weather|traffic|system|article|story|song|show'),
];
