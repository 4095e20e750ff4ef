import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize.ts';
import { mayNotBeEnglish } from './language.ts';

const doubt = (text: string): boolean => mayNotBeEnglish(text, tokenize(text).tokens);

describe('mayNotBeEnglish', () => {
  it('never doubts texts of fewer than four words', () => {
    expect(doubt('Guten Tag, Herr!')).toBe(false);
    expect(doubt('👍 Привет 👍 мир')).toBe(false);
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
