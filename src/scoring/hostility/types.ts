/**
 * The vocabulary of the hostility reader (docs/scoring.md, "Group-directed hostility"): who can be a target, what
 * kinds of hostility it knows, and on which side of its words a predicate looks for its target. Types only, so the
 * lexicon's entry type can name them without importing code.
 */

/** Protected groups the reader names in explanations (and `nationality` for nationalities, weighted lower). */
export type GroupId =
  | 'jews'
  | 'muslims'
  | 'black'
  | 'women'
  | 'trans'
  | 'gay'
  | 'immigrants'
  | 'disabled'
  | 'roma'
  | 'asians'
  | 'arabs'
  | 'latinos'
  | 'white'
  | 'christians'
  | 'hindus'
  | 'sikhs'
  | 'nationality';

/**
 * Kinds of hostility (the list): expressed hate or disgust, negative attributes, dehumanising comparisons,
 * harm (threats, direct and normative), exclusion, denial of existence or rights, stereotypes and insinuation,
 * profanity aimed at a group.
 */
export type Family = 'emotion' | 'attribute' | 'dehumanise' | 'harm' | 'exclude' | 'deny' | 'stereotype' | 'profane';

/**
 * Where a predicate's target sits: `after` it (the object: "I hate X", "deport X"), `before` it (the subject: "X
 * are vermin", "X should be deported"), either, or `attr`: right after it as an attributive ("filthy X"), or before it
 * as the subject; `near`: any group in its sentence or the next ("lock your bikes, the Roma are in town").
 */
export type Dir = 'before' | 'after' | 'either' | 'attr' | 'near';

/** How a group word refers: a plural or collective noun, a singular noun, or an adjective that needs a person noun. */
export type GroupForm = 'noun' | 'sing' | 'adj';
