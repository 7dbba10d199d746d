// validate's list of bad values: one sentence per file, column, value and reason, with its rows' count and lines
// (new-user trial F9: BL Administration's SIE file printed the same 250-character sentence for 30 rows).
import { describe, expect, it } from 'vitest';
import { groupIssues, linesText, valuesText } from '../../src/report/repeated-issues.js';

const issue = (line: number, value = '9999', column = 'category', file = 'a.se', reason = 'in no range') => ({ file, line, column, value, reason });

describe('groupIssues', () => {
  it('one group per file, column and reason, with its distinct values, in the order of their first row', () => {
    const groups = groupIssues([issue(5), issue(6, '8888'), issue(7), issue(8, '9999', 'amount'), issue(9, '9999', 'category', 'b.se'), issue(10), issue(11, '9999', 'category', 'a.se', 'other')]);
    expect(groups.map((g) => [g.file, g.column, g.values, g.reason, g.lines])).toEqual([
      ['a.se', 'category', ['9999', '8888'], 'in no range', [5, 6, 7, 10]],
      ['a.se', 'amount', ['9999'], 'in no range', [8]],
      ['b.se', 'category', ['9999'], 'in no range', [9]],
      ['a.se', 'category', ['9999'], 'other', [11]],
    ]);
  });
  it('a reason with several values in 3 rows or fewer is said per value, each with its own lines', () => {
    // "1,500" on line 602 and "1.500" on 603 (both read differently by locale): two lines, as before grouping.
    const groups = groupIssues([issue(602, '1,500', 'revenue', 'x.csv', 'locale'), issue(603, '1.500', 'revenue', 'x.csv', 'locale'), issue(604, '1,500', 'revenue', 'x.csv', 'locale')]);
    expect(groups.map((g) => [g.values, g.lines])).toEqual([
      [['1,500'], [602, 604]],
      [['1.500'], [603]],
    ]);
    // A fourth row: one group.
    expect(groupIssues([602, 603, 604, 605].map((l) => issue(l, String(l), 'revenue', 'x.csv', 'locale'))).map((g) => g.lines)).toEqual([[602, 603, 604, 605]]);
  });
  it('a reason that differs only in a character the key could confuse is its own group', () => {
    expect(groupIssues([issue(1, 'v', 'a","b'), issue(2, 'v', 'a', 'b"," category')]).length).toBe(2);
  });
});

describe('valuesText', () => {
  const describe1 = (i: { value: string; reason: string }) => `"${i.value}": ${i.reason}`;
  it('one value: as a single issue says it', () => {
    expect(valuesText(groupIssues([issue(1), issue(2)])[0], describe1)).toBe('"9999": in no range');
  });
  it('several: how many, the first five quoted, and the reason once', () => {
    // An unbalanced SAF-T transaction of four lines: their amounts, one reason.
    const tx = groupIssues(['10500', '2500', '-12500', '0'].map((v, i) => issue(i + 1, v, 'amount', 'ex.xml', 'transaction 4567 does not balance')))[0];
    expect(valuesText(tx, describe1)).toBe('4 values ("10500", "2500", "-12500", "0"): transaction 4567 does not balance');
    const many = groupIssues(['a', 'b', 'c', 'd', 'e', 'f'].map((v, i) => issue(i + 1, v)))[0];
    expect(valuesText(many, describe1)).toBe('6 values ("a", "b", "c", "d", "e", …): in no range');
  });
});

describe('linesText', () => {
  it('says runs of consecutive lines as ranges', () => {
    expect(linesText([624, 625, 626, 632, 640, 641])).toBe('624–626, 632, 640–641');
    expect(linesText([3, 1, 2, 2])).toBe('1–3');
  });
  it('with more runs than fit, the first ones and the last line', () => {
    // BL0001_typ4.SE: the 30 rows on account 9999 are lines 624–628, 632–637, 642, 646–649, 653–658, 662–665, 669–672.
    const bl = [624, 625, 626, 627, 628, 632, 633, 634, 635, 636, 637, 642, 646, 647, 648, 649, 653, 654, 655, 656, 657, 658, 662, 663, 664, 665, 669, 670, 671, 672];
    expect(bl.length).toBe(30);
    expect(linesText(bl)).toBe('624–628, 632–637, 642, 646–649, 653–658, … 672');
    expect(linesText(bl, 7)).toBe('624–628, 632–637, 642, 646–649, 653–658, 662–665, 669–672');
  });
});
