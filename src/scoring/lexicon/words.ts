/**
 * Hand-written word lists of the rules-and-lexicon baseline scorer, with a weight (0..1) per entry.
 * Weights are judgement calls, not learned; docs/scoring.md explains how they combine.
 */
import type { Dir, Family, GroupForm, GroupId } from '../hostility/types.ts';
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
  | 'person'
  // Kinds of the hostility reader (src/scoring/hostility/words.ts).
  | 'hostile'
  | 'positive'
  | 'pronoun'
  | 'personnoun'
  | 'others'
  | 'report'
  | 'endorse';

export interface Entry {
  kind: Kind;
  /** Weight of the cue (0..1); 0 for context cues. */
  w: number;
  /** Insults that only insult when aimed at "you" ("you suck"; "that sucks" is not an insult). */
  needsYou?: boolean;
  /** Strong profanity (counts towards SEVERE_TOXICITY when aimed at someone). */
  strong?: boolean;
  /** A harm verb that is harm only with a person as its object ("hang them", not "hang a picture"). */
  needsPerson?: boolean;
  /** A modal wish ("should", "must"): a wish only before a strong harm word. */
  modal?: boolean;
  /** Group words and slurs: the group referred to, and how the word refers (group words only). */
  group?: GroupId;
  form?: GroupForm;
  /** Weight of a group word as a target (1 unless given: nationalities and religions as ideas count less). */
  gw?: number;
  /** Hostile predicates: the kind of hostility and where its target sits. */
  family?: Family;
  dir?: Dir;
  /** An intent cue that counts anywhere in its sentence ("I swear", "mark my words"). */
  pledge?: boolean;
  /** A gapped modal call ("should all be deported"): a negator inside the gap negates it. */
  gapNegates?: boolean;
  /** A coded phrase that stands for a group ("six million wasn't enough"), not a slur. */
  code?: boolean;
  /** Counter-speech that is a directive ("don't call them ..."): it counts only at the start of its clause. */
  directive?: boolean;
  /** A noun predicate ("vermin", "a burden"): its subject needs a link (a copula, "like", "as") or to be its adjective. */
  noun?: boolean;
  /** Set by a rule that has already read the negation (a negated positive): the stance check does not read it again. */
  negative?: boolean;
}

export function ws(kind: Kind, w: number, extra: Partial<Entry>, ...patterns: string[]): PhraseDef<Entry>[] {
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
  ...ws('insult', 0.72, {}, 'spineless|gutless|brainless|witless|useless'),
  ...ws('insult', 0.72, {},
    'loser|losers|stupid|stupidity|fool|fools|foolish|pathetic|worthless|useless|jerk|jerks|buffoon|buffoons|clown|clowns|freak|freaks',
    'coward|cowards|cowardly|pig|pigs|creep|creeps|disgusting|vile|repulsive|ugly|dumb|brainless|mindless|clueless|ignorant|ignoramus'),
  // The verb, not the noun: "don't let it fool you", "nobody is fooled" (replaces the insult word it contains).
  ...ws('insult', 0, {}, 'fool|fools|fooled|fooling you|anyone|anybody|nobody|me|us|them|people|everyone|voters', 'be|been|being|was|were|is|are|get|got fooled'),
  ...ws('insult', 0.7, {}, 'muppet|muppets|pillock|pillocks|plonker|plonkers|prat|prats|tosser|tossers|knobhead|knobheads|bellend|bellends|numpty|numpties|twit|twits|dingbat|halfwits'),
  ...ws('insult', 0.55, {}, 'liar|liars|hypocrite|hypocrites|sheep|sheeple|troll|trolls|weirdo|weirdos|snake|snakes|rat|rats|traitor|traitors|parasite|parasites|incompetent|nutjob|nutjobs|lunatic|lunatics|crybaby|crybabies|snowflake|snowflakes'),
  ...ws('insult', 0.75, { needsYou: true }, 'suck|sucks', 'screw you', 'fuck you|off', 'kiss my ass', 'make me sick'),
];

export const THREATS: PhraseDef<Entry>[] = [
  ...ws('harm', 0.9, {}, 'put a bullet', 'blow your|his|her|their brains out', 'slit your|his|her|their throat', 'death to',
    'getting|get ~1 head|heads|face|faces kicked|smashed|caved|bashed|beaten in', 'is|are|gets|get getting ~1 knocked|battered|beaten|kicked|stabbed|smacked|decked|punched|glassed|bottled',
    'gonna|going get ~1 knocked|battered|beaten|kicked|stabbed|smacked|decked|punched|glassed|bottled', 'pay in blood', 'know where you live',
    'deserve|deserves whatever|everything ~2 get|coming', 'had it coming', 'getting|get|gets ~1 a ~1 bat|brick|bottle|knife|blade|beating|kicking|hiding|slap|kicking|glassing|bullet|boot|bullets', 'getting|get|gets ~2 teeth|face|head|heads knocked|kicked|smashed|punched out|in', 'get|gets|getting ~2 windows|window put through|in', 'rearrange ~1 your|his|her|their face|faces', 'burn|burning|burned|burnt|torch|torching ~3 down ~3 with ~2 in|inside', 'in a|an ambulance|coffin|box',
    'body bag|bags', 'end|ends|ended up in a ditch|coffin|hospital|wheelchair|grave', 'know where you park|work|sleep|drink|go', 'know where your ~1 office|house|home|kids|family|school|work|car ~1 is|are|lives', 'watch your back', 'bring|bringing back the rope|noose|gallows|lynching|hanging|stocks', 'bring|bringing back hanging|lynching|lynchings',
    'deport or bury', 'hitler had the right idea', 'hitler was right', 'finish|finished what hitler started', 'brick|bricks through ~2 window|windows', 'dog|dogs set on', 'bulldozed|burned|burnt|burning|torched|bombed|flattened|gassed ~1 with them|people ~2 in|inside'),
  ...ws('harm', 0.9, {}, 'bulldoze|bulldozed|burn|burned|torch|torched|bomb|bombed|flatten|flattened ~4 with ~3 still ~1 in|inside', 'until there are|is no ~2 left', 'leaving|leave|go|going home ~1 in|on pieces|bits|a bag|a stretcher|stretchers',
    'on a stretcher', 'the job wasn\'t|wasnt finished', 'the job was not finished', 'drop|throw|push|chuck ~3 from|off|out of ~1 the|a ~1 plane|helicopter|roof|bridge'),
  ...ws('harm', 0.85, {}, 'thrown|throw off ~2 roof|roofs|rooftops|rooftop|bridge|bridges|cliff|cliffs|buildings|building'),
  ...ws('harm', 0.72, {},
    'kill|kills|killing|killed|murder|murders|murdering|stab|stabbing|lynch|lynching|lynched|slaughter|slaughtering|exterminate|exterminating',
    'flog|flogged|flogging|horsewhip|horsewhipped|blowtorch|blowtorched', 'petrol bomb|bombs|bombed', 'strung|string|stringing up', 'let them|em fry|drown|rot|starve|burn', 'let the ~1 fry|drown|starve|burn', 'ram|rammed|ramming ~2 boat|boats|dinghy|dinghies',
    'rape|raping|strangle|strangling|behead|beheading|massacre|bloodbath|drown|drowned|drowning|torch|torched|firebomb|firebombed', 'hunt ?you|them down', 'offing ?each ?other', 'off each other', 'body count', 'bodycount',
    'run|ran ~2 over|down', 'break|smash|snap|cave|bash ~3 jaw|jaws|neck|necks|legs|arms|bones|face|faces|skull|skulls|teeth|nose|noses|head|heads', 'put down like', 'beat|kick ~1 the shit|crap|hell|living daylights out of',
    'a good|proper|right|real beating|hiding|kicking|slap|smack|thrashing|doing', 'put ~2 in hospital|hospitals|wheelchair|coffin|grave|ground', 'set|setting ~2 dog|dogs on', 'finish|finishing the job', 'teach ~2 a lesson', 'start|starting shooting',
    'bring|bringing|brought ~1 a|my|the knife|gun|machete|bat|blade|shotgun|rifle', 'tip|push|shove|throw|chuck ~3 into the road|traffic|river|canal|sea', 'sterilised|sterilized|castrated|sterilise|sterilize|castrate', 'spit in ~1 face', 'by force', 'glass|glassed|glassing|bottle|bottled', 'push|shove|throw|chuck ~2 under the|a', 'push|shove|throw|chuck|tip ~3 onto|on ~1 the ~1 tracks|track|rails|line', 'open|opened|opening fire on', 'swinging from ~1 trees|tree|rope|ropes|lampposts'),
  ...ws('harm', 0.55, {},
    'shoot|shooting|shot|hanged|die|dies|dying|execute|executed|bomb|bombs|nuke|nuked|burn|burned|burnt|kick|kicked|beating|beatings', 'a bullet', 'wipe|wiped ?them out', 'beat up', 'beat the',
    'rounded|round up', 'locked|lock up|away', 'hit|hits|hitting', 'hurt|hurting|punch|punched|punching', 'beaten|batter|battered|battering', 'suffer|suffers|suffering', 'sunk|sink|sinking|drowned', 'water cannon|cannons', 'set ~2 dogs|dog', 'pay|paying|paid ~1 her|him|them|you a visit', 'windows|window through|in', 'get|got|be|getting hit', 'bury|buried', 'top themselves|yourself|himself|herself', 'knocked|knock out|down', 'knock ~1 down', 'smash up', 'coming for you', 'put down', 'put him|her|them|you ?all down', 'stone|stoned to death', 'to death',
    'burn them|you', 'civil war'),
  // Hanging threatens a person only: "hang them", "hang every traitor" ("hanged" is said of people alone); not "hang a
  // picture", "hang in there", "hang out".
  ...ws('harm', 0.55, { needsPerson: true }, 'hang|hanging'),
  // Figurative uses of harm words, longer than the word they contain, so they replace it (dedupe keeps the longer match).
  ...ws('harm', 0, {},
    'shoot|shooting for', 'shoot|shooting|shot ?a|an|the|some photo|photos|picture|pictures|video|videos|film|scene|hoops|pool|breeze', 'shot at ?the title|record|goal',
    'kill|killing ?this|that|the|a bill|idea|plan|proposal|project|deal|motion|time|process|engine', 'killing it', 'die|dying laughing', 'dying to', 'bomb ?the|a|an test|exam|interview',
    'shoot|shooting my|your|his|her|their shot', 'hang|hanging in there', 'kill|killed|killing it', 'take|have|took|had a stab at', 'shot|shoot|shooting on|by ~3 film|camera|photographer|photographers|iphone|phone|professional|professionals',
    'beat|beating|beaten ~2 times|time|record|records|score|scores|odds|deadline|clock', 'beat ~6 at ~1 chess|cards|pool|darts|tennis|golf|poker|scrabble|snooker|football|game|games|quiz',
    'wiped|wipe out ~3 stage|round|rounds|cup|tournament|league|election|polls|qualifiers|final|semis', 'beat|beating the|a|this|that ~2 boss|level|game|record|score|odds|deadline|clock|competition|champion|champions|opposition|market|rush|heat|traffic',
    'smash|smashed it|that', 'bottle|bottled ~1 it|every|that|decision|decisions|game|chance|penalty|final|lead|title', 'glass of|half', 'hit the|a ~1 road|gym|sack|hay|books|shops|spot|nail|ground|headlines|wall|jackpot|target|roof|bottle|town|note|button|brakes|ball|mark|spot|screens|shelves', 'hit it off', 'hit home|send|refresh|rock',
    'bury|buried ~1 the|a|my|your|it|hatchet|lede|treasure|bone|bones|ball|dead|time|capsule|pipe|cable', 'nuke|nuked ~3 kitchen|bathroom|oven|fridge|microwave|leftovers|pizza|food|mess|orbit', 'shoot|shooting ~2 with ~1 hoover|vacuum|hose|hosepipe|camera|water|nerf|spray|paintball|bb', 'start|starting shooting ~2 with ~1 hoover|vacuum|hose|hosepipe|camera|water|nerf|spray|paintball|bb', 'kick|kicked|kicking ~2 cold|habit|addiction|bug|flu|virus|infection|cough',
    'run|ran|running|go|went|going over ~2 chapter|chapters|notes|lines|script|plan|plans|details|numbers|figures|points|agenda|material|budget|time|schedule|limit|again|it|this|that', 'kick|kicked off|back|in|out ~1 the|a|this ~1 game|match|season|year|habit|bucket|tyres|tires|football|ball', 'kick|kicked the habit|bucket|ball|can',
    'kick off|back', 'burn|burned|burnt ~2 calories|fat|rubber|bridges|cd|cds|dvd|toast|dinner|rice|cake', 'burn out|burnout|burned out|burnt out', 'lock|locked up ~1 the|a|my|your|our|their ~1 house|shop|office|car|bike|bikes|door|doors|daughters|kids|children|valuables|wallets|stuff|things|garage|shed|early|tonight|tins|tin|biscuits|fridge|cupboard|cupboards|cellar|pets|cats', 'sink|sinks|sank|sinking in', 'let ~1 it|that|this sink', 'kick|kicked|kicking ~2 out', 'put down ~1 as|for|on|the|a|my|your|roots|deposit|money|phone|book|pen|tools|name|names',
    'knock|knocked out ~1 of|the|a|cup|tournament|round|competition', 'knock|knocked out ~1 this|next|last|in|of ~2 season|round|cup|tournament|competition|stage|stages|final|semis', 'run|ran ~2 over ~1 budget|time|schedule|limit', 'to death of|about', 'bored|scared|worried|tickled|loved|laughed to death', 'hang|hanging on|out|up|around|about|over|tight|loose|together|back|onto|with', 'hang of|together', 'hung up|out|over', 'kill|killing|killed ?some|the ~1 time|hours|minutes', 'dead tired|serious|wrong|right|end|heat|set|last', 'beat the|a heat|traffic|rush|odds|record|deadline|clock|system|crowds|queue|queues', 'booster|flu|vaccine|covid|first|second|third|1st|2nd|3rd|4th|jab ?19 shot|shots'),
  ...ws('harm', 0.3, {}, 'destroy|destroyed|attack|attacks|smash|bleed|dead|war'),
  ...ws('wish', 0.2, {},
    'hope|hopefully|wish|pray|praying', "can't|cant|cannot wait", 'would love to see', 'will rejoice|celebrate', 'rejoice', 'will be fun', 'deserve|deserves to',
    'should die|hang|burn', 'should be shot|killed|hanged', 'needs|need to die', 'must die', 'let them die|burn', 'start offing'),
  // A modal wish, which counts only before a strong harm word ("somebody should shoot you", "they should all be hanged",
  // "he deserves a bullet"; not "should launch attacks").
  ...ws('wish', 0.2, { modal: true }, 'should|must', 'ought to', 'deserve|deserves|deserved', 'let', 'need|needs', "should've|shouldve|shoulda", 'should have'),
  ...ws('wish', 0.2, {}, 'kindest|best thing would be|is', 'would be a mercy', 'had it coming'),
  // Pledges make a threat of what they follow or precede in the sentence ("that hotel will burn, I promise you").
  ...ws('intent', 0.25, { pledge: true }, 'i swear|promise', 'mark my words', 'i guarantee'),
  ...ws('intent', 0.25, {},
    'i will|shall', "i'll", "i'm|im going to|gonna", 'i am going to|gonna', 'we will|shall', "we'll", "we're|were going to|gonna", 'gonna',
    "i'd|i would love to", 'watch your back', 'you will pay', "you're|youre dead|next", 'you are dead|next', 'coming for you',
 "i'm|im ~1 stabbing|shooting|killing|glassing|bottling|hitting|punching|kicking|burning|torching|bombing|setting|battering|beating", 'next time i', 'with a|my|the bat|knife|gun|machete|crowbar|hammer|shotgun|blade|bottle|brick|petrol', 'going back|down|round|over ~3 to'),
];

export const CONTEXT: PhraseDef<Entry>[] = [
  ...ws('you', 0, {}, "you|your|you're|youre|ya|u|ur|yourself|yourselves|y'all|yall|ye|thee", 'you guys|lot|all', 'you people'),
  ...ws('person', 0, {}, 'he|she|him|her|they|them|his|their|dude|man|author|writer|commenter', 'this guy'),
  ...ws('insult', 0.6, {}, 'shut up', 'get lost', 'go to hell', 'shut your mouth|face'),
  ...ws('hostility', 0.55, {}, 'go back to where you came from', 'hate|hates you|your', 'nobody likes you', 'the whole planet|world hates', 'everyone hates you', 'you make me sick'),
  ...ws('negator', 0, {}, 'no reason|need|excuse|way', 'nothing wrong with', 'is it even possible', 'is it possible',
    "not|no|never|nobody|none|nothing|neither|nor|hardly|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|weren't|werent|ain't|aint|won't|wont|cannot|can't|cant|shouldn't|shouldnt|wouldn't|wouldnt"),
  ...ws('meta', 0, {}, 'calling|call|called|calls|saying|say|said|says|wrote|word|words|term|label|labelling|labeling|quote|quoted|quoting|named',
    'treating|comparing|describing|depicting|portraying|casting|painting|branding|claiming|suggesting|implying|pretending|insisting|assuming|believing'),
  // Directives against a speech act count only at the start of a clause ("Don't call them ...", not "I don't blame her").
  ...ws('counter', 0, { directive: true }, "don't|dont|never ~1 call|say|compare|treat|blame|generalise|generalize|stereotype|lump", 'do not ~1 call|say|compare|treat|blame|generalise|generalize|stereotype|lump'),
  // Counter-speech: an act of speech denounced ("calling X rats is vile"), a directive against it ("stop calling"), a
  // rejection ("it's wrong to say", "that's racist"), disbelief that people say it. Each names the act, so a hateful
  // sentence never counters itself ("X are disgusting" is no counter-speech; "saying X are disgusting is wrong" is).
  ...ws('counter', 0, {}, 'is wrong', 'is not okay|ok', 'never okay|ok', 'unkind|disrespectful',
    'stop|quit ~1 calling|saying|treating|comparing|blaming|attacking|hating|targeting|spreading|demonising|demonizing|dehumanising|dehumanizing|insulting|harassing|abusing|bullying|mocking|smearing|stereotyping|scapegoating|generalising|generalizing',

    "it's|its|that's|thats ~1 wrong|racist|sexist|bigoted|hateful|hurtful|offensive|unacceptable|dehumanising|dehumanizing|ignorant|shameful|disgraceful|appalling|antisemitic|islamophobic|homophobic|transphobic|xenophobic|misogynistic|antisemitism|racism|bigotry|islamophobia|homophobia|transphobia|misogyny|xenophobia|sexism|hatred",
    'it|that|this is|was ~1 wrong|racist|sexist|bigoted|hateful|hurtful|offensive|unacceptable|dehumanising|dehumanizing|ignorant|shameful|disgraceful|appalling|antisemitic|islamophobic|homophobic|transphobic|xenophobic|misogynistic|antisemitism|racism|bigotry|islamophobia|homophobia|transphobia|misogyny|xenophobia|sexism|hatred',
    "it's|its|that's|thats ~1 not okay|ok|acceptable|alright|fine", 'it|that|this is ~1 not okay|ok|acceptable|alright|fine', "that's|thats hate speech", 'that is hate speech',
    'saying|calling|claiming|suggesting|implying|comparing|labelling|labeling|describing|statements|statement|comments|comment|remarks|remark|words|language|rhetoric|tweets|tweet|posts|post|jokes|joke|slurs|slur|stereotypes|stereotype|idea|claim|notion|myth|lie|trope|tropes|narrative|rant|attitudes|attitude|views|messages|signs|graffiti|chants|chant|insults|insult|memes|meme ~8 is|are|was|were|remains|remain ~2 wrong|false|untrue|nonsense|rubbish|racist|sexist|bigoted|hateful|hurtful|harmful|offensive|unacceptable|disgusting|vile|dehumanising|dehumanizing|ignorant|dangerous|shameful|disgraceful|appalling|horrible|awful|absurd|ridiculous|baseless|lies|myths|bullshit|cruel|sickening|abhorrent|inexcusable|antisemitic|islamophobic|homophobic|transphobic|xenophobic|misogynistic|evil|gross|vicious|poisonous|toxic|damaging|pathetic|stupid|idiotic|junk|garbage|tosh|drivel|debunked|discredited|bogus|unfounded|pseudoscience|not|never',
    'saying|calling|claiming|suggesting|statements|statement|comments|comment|remarks|words|language|jokes|joke|slurs|stereotypes|stereotype|idea|claim|notion ~8 is|are|was|were ~2 a|an lie|myth|disgrace|insult|slur|smear|stereotype|trope',
    "can't|cant|cannot believe ~5 say|says|said|think|thinks|call|calls|called|claim|claims|believe|believes|write|wrote|post|posted|still",
    'what|such a|an ~2 racist|sexist|hateful|disgusting|vile|horrible|ignorant|stupid|awful|bigoted|nasty|ugly|hurtful|cruel thing ~1 to|say|write|post',
    "there's|theres nothing wrong with being", 'there is nothing wrong with being', 'no place for|in ~2 hate|racism|bigotry|hatred|antisemitism|islamophobia|homophobia|transphobia|sexism|misogyny|xenophobia',
    'condemn|condemns|condemned|condemning|denounce|denounces|denounced|denouncing|reject|rejects|rejected|rejecting|oppose|opposes|opposed|challenge|challenged|called|calling|call out ~3 hate|racism|slur|slurs|abuse|comments|remarks|statements|bigotry|hatred|harassment|him|her|them|this|it',
    'how dare', 'shame on', 'ashamed of', 'a call|calls for murder|violence|genocide|killing', "isn't|is not a policy", 'the ~1 myth|lie|fiction|canard|falsehood|trope|stereotype that', 'moral panic|panics', 'scaremongering|fearmongering|propaganda', "don't|dont|can't|cant|cannot ~1 understand|get|see why ~1 people|anyone|someone|they|he|she ~2 still|would|keep",
    'do|can not ~1 understand|get|see why ~1 people|anyone|someone|they|he|she ~2 still|would|keep'),
  ...ws('intensifier', 0.06, {}, 'real|total|complete|utter|absolute|such|fucking|bloody|stupid|damn|freaking|biggest|pathetic'),
  ...ws('copula', 0, {}, 'is|are|was|were|be|being|been|am', 'look|looks|sound|sounds|act|acts|acting like', 'such a|an', 'what a|an'),
  ...ws('thing', 0, {}, 'thing|that|this|it|which|idea|plan|policy|policies|movie|film|game|weather|traffic|system|article|story|song|show',
    'regime|government|council|state|party|law|laws|bill|club|company|firm|media|press|industry|leadership|ruling|verdict|decision|scheme'),
];
