// validate's list of bad values: one sentence per file, column, value and reason, with its rows' count and lines
// (new-user trial F9: BL Administration's SIE file printed the same 250-character sentence for 30 rows).
import { describe, expect, it } from 'vitest';
import { groupIssues, linesText } from '../../src/report/repeated-issues.js';

const issue = (line: number, value = '9999', column = 'category', file = 'a.se', reason = 'in no range') => ({ file, line, column, value, reason });

describe('groupIssues', () => {
  it('one group per file, column, value and reason, in the order of their first row', () => {
    const groups = groupIssues([issue(5), issue(6, '8888'), issue(7), issue(8, '9999', 'amount'), issue(9, '9999', 'category', 'b.se'), issue(10), issue(11, '9999', 'category', 'a.se', 'other')]);
    expect(groups.map((g) => [g.file, g.column, g.value, g.reason, g.lines])).toEqual([
      ['a.se', 'category', '9999', 'in no range', [5, 7, 10]],
      ['a.se', 'category', '8888', 'in no range', [6]],
      ['a.se', 'amount', '9999', 'in no range', [8]],
      ['b.se', 'category', '9999', 'in no range', [9]],
      ['a.se', 'category', '9999', 'other', [11]],
    ]);
  });
  it('a value that differs only in a character the key could confuse is its own group', () => {
    expect(groupIssues([issue(1, 'a","b'), issue(2, 'a', 'b"," category')]).length).toBe(2);
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
