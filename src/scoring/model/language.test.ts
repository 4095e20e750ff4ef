import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize.ts';
import { languageOfFunctionWords, mayNotBeEnglish } from './language.ts';

const doubt = (text: string): boolean => mayNotBeEnglish(text, tokenize(text).tokens);

describe('mayNotBeEnglish', () => {
  it('doubts a short text only on evidence of another language, never one of English words', () => {
    for (const text of ['die', 'Die!', 'Hang in there', 'you idiot', 'bite me bitch', "he's trash", 'k bitch', '👍👍']) expect(doubt(text), text).toBe(false);
    for (const text of ['Danke!', 'Super Beitrag 👍', 'Merci !', '👍 Привет 👍 мир']) expect(doubt(text), text).toBe(true);
  });

  it('doubts German full of English look-alike words by one German function word', () => {
    expect(doubt('Ich war so fast in Panik, also die Kinder waren weg.')).toBe(true);
    expect(doubt('I went to Los Angeles with de Gaulle and la familia.')).toBe(false);
  });

  it('names the language of a text by its function words when it has no English one', () => {
    const of = (text: string): string | null => languageOfFunctionWords(tokenize(text).tokens);
    expect(of('Danke!')).toBe('de');
    expect(of('Merci !')).toBe('fr');
    expect(of('Dzięki bardzo')).toBe('pl');
    expect(of('Danke, you are great')).toBeNull();
    expect(of('die')).toBeNull();
  });

  it('leaves English alone, also with a few accented letters and emoji', () => {
    expect(doubt('The council meeting is on Tuesday, bring your questions.')).toBe(false);
    expect(doubt('I loved the café and the naïve crêpe stand near the station 😀')).toBe(false);
  });

  it('doubts text with too few English function words', () => {
    expect(doubt('Die Sitzung findet am Dienstag statt, bringen Sie Ihre Fragen mit.')).toBe(true);
  });

  it('doubts text whose letters are mostly outside ASCII even with English function words', () => {
    expect(doubt('the and of it Привет как дела у тебя сегодня мой друг')).toBe(true);
  });
});
