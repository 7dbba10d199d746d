// Tokenizer for the formula language: turns text into tokens that carry their line:col.
import type { Pos } from './ast.js';
import { FormulaError } from './formula-error.js';
import { calendarDay } from '../calendar/days.js';

export type TokenKind =
  | 'number'
  | 'percent'
  | 'date'
  | 'string'
  | 'ident'
  | 'quoted'
  | 'op'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator or punctuation text, identifier, string contents. */
  text: string;
  /** For number, percent (already divided by 100) and date (days since epoch) tokens. */
  value: number;
  pos: Pos;
}

const TWO_CHAR_OPS = ['<=', '>=', '!=', '<>', '=='];
const ONE_CHAR_OPS = '+-*/()[],.=<>:';
/** An identifier starting exactly at lastIndex (sticky), without copying the rest of the source. */
const IDENT = /[\p{L}_][\p{L}\p{N}_]*/uy;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const pos = (at: number): Pos => ({ line, col: at - lineStart + 1 });

  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    // Date literal 2026-01-31: checked before numbers so it is not read as a subtraction.
    const dateMatch = c >= '0' && c <= '9' ? /^(\d{4})-(\d{2})-(\d{2})(?![\d\w])/.exec(source.slice(i, i + 11)) : null;
    if (dateMatch) {
      const [, y, m, d] = dateMatch;
      // Day arithmetic, not Date.UTC (which maps the years 0–99 to 1900–1999): the year is the one written.
      const day = calendarDay(Number(y), Number(m), Number(d));
      if (day === undefined) throw new FormulaError(`'${dateMatch[0]}' is not a calendar date`, pos(start));
      tokens.push({ kind: 'date', text: dateMatch[0], value: day, pos: pos(start) });
      i += 10;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(?:\d[\d_]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(source.slice(i));
      const text = m![0];
      i += text.length;
      const digits = text.replace(/_/g, '');
      const value = Number(digits);
      if (!Number.isFinite(value)) throw new FormulaError(`'${text}' is not a number`, pos(start));
      if (source[i] === '%') {
        i++;
        // Shift the decimal point in the text (1.1% is exactly 0.011); value / 100 would give 0.011000000000000001.
        const fraction = /e/i.test(digits) ? value / 100 : Number(`${digits}e-2`);
        tokens.push({ kind: 'percent', text: `${text}%`, value: fraction, pos: pos(start) });
      } else {
        tokens.push({ kind: 'number', text, value, pos: pos(start) });
      }
      continue;
    }
    if (/[\p{L}_]/u.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(source);
      tokens.push({ kind: 'ident', text: m![0], value: 0, pos: pos(start) });
      i += m![0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        if (source[j] === '\n') break;
        text += source[j];
        j++;
      }
      if (source[j] !== c) {
        throw new FormulaError(`unterminated ${c === '`' ? 'backtick name' : 'string'}; add the closing ${c}`, pos(start));
      }
      tokens.push({ kind: c === '`' ? 'quoted' : 'string', text, value: 0, pos: pos(start) });
      i = j + 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      const text = two === '<>' ? '!=' : two === '==' ? '=' : two;
      tokens.push({ kind: 'op', text, value: 0, pos: pos(start) });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      tokens.push({ kind: 'op', text: c, value: 0, pos: pos(start) });
      i++;
      continue;
    }
    throw new FormulaError(`unexpected character '${c}'`, pos(start));
  }
  tokens.push({ kind: 'eof', text: '', value: 0, pos: pos(i) });
  return tokens;
}
