import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from './pg-placeholders.ts';

describe('numberPlaceholders', () => {
  it('numbers every ? outside quotes and comments, in order', () => {
    expect(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?)')).toEqual({ text: 'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)', count: 3 });
    expect(numberPlaceholders('SELECT 1')).toEqual({ text: 'SELECT 1', count: 0 });
    expect(numberPlaceholders('?')).toEqual({ text: '$1', count: 1 });
  });

  it('leaves a ? in strings, quoted names, comments and dollar quotes alone', () => {
    const sql = `SELECT '?', 'it''s ?', "col?", E'\\'?', ? -- why?
      /* a ? /* nested ? */ still ? */ $$ ? $$, $tag$ ? $ ? $tag$, ?`;
    const { text, count } = numberPlaceholders(sql);
    expect(count).toBe(2);
    expect(text).toContain("E'\\'?', $1 -- why?");
    expect(text.endsWith('$tag$ ? $ ? $tag$, $2')).toBe(true);
  });

  it('does not take a $ inside a name or a positional $1 for a dollar quote', () => {
    expect(numberPlaceholders('SELECT a$b, ? FROM t$ WHERE x = ?').text).toBe('SELECT a$b, $1 FROM t$ WHERE x = $2');
    expect(numberPlaceholders("SELECT where'?', ?").text).toBe("SELECT where'?', $1");
  });

  it('a string left open swallows the rest (the server then reports the syntax error)', () => {
    expect(numberPlaceholders("SELECT '? , ?")).toEqual({ text: "SELECT '? , ?", count: 0 });
  });
});
