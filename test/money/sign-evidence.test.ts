// How the signs of a ledger's lines settle its convention (src/model/sign-evidence.ts; new-user trial F25).
import { describe, expect, it } from 'vitest';
import { judge, signDoubt, type SignEvidence } from '../../src/model/sign-evidence.js';

const e = (incomeNeg: number, incomePos: number, costsNeg: number, costsPos: number): SignEvidence => ({
  income: { negative: incomeNeg, positive: incomePos },
  costs: { negative: costsNeg, positive: costsPos },
});
const detected = (convention: 'as_is' | 'credit_negative' | 'costs_negative', tentative = false) => ({ convention, detected: true, tentative });

describe('judge', () => {
  it('takes the majority of the income lines, then of the cost lines', () => {
    expect(judge(e(3, 1, 0, 5))).toMatchObject({ convention: 'credit_negative', tie: false });
    expect(judge(e(0, 4, 3, 1))).toMatchObject({ convention: 'costs_negative', tie: false });
    expect(judge(e(0, 4, 0, 3))).toMatchObject({ convention: 'as_is', tie: false });
    expect(judge(e(3, 0, 3, 0)).both).toBe(true);
  });

  it('calls a tie of the income lines, or no line at all, a tie', () => {
    expect(judge(e(1, 1, 1, 7)).tie).toBe(true);
    expect(judge(e(0, 0, 0, 0)).tie).toBe(true);
    // Costs negative, no income line: costs_negative or a both-negative ledger — it cannot tell.
    expect(judge(e(0, 0, 2, 0)).tie).toBe(true);
  });

  it('does not call it a tie when no income line is there and the costs are positive: every reading agrees', () => {
    expect(judge(e(0, 0, 0, 4)).tie).toBe(false);
  });
});

describe('signDoubt', () => {
  it('never doubts a convention kpi.yaml sets', () => {
    expect(signDoubt('gl', { convention: 'as_is', detected: false }, e(1, 1, 0, 0), -5)).toBeUndefined();
  });

  it('doubts a tie, proposing credit_negative when the income lines add up below zero as written', () => {
    expect(signDoubt('gl', detected('as_is', true), e(1, 1, 1, 7), -90_000)).toContain('set sign: credit_negative (or sign: costs_negative, or sign: as_is)');
    expect(signDoubt('gl', detected('as_is', true), e(1, 1, 1, 7), 90_000)).toContain('set sign: as_is (or sign: credit_negative, or sign: costs_negative)');
  });

  it('doubts a sample whose convention the whole source contradicts, and lets one it bears out stand', () => {
    expect(signDoubt('gl', detected('as_is', true), e(100, 0, 0, 50), -100_000)).toContain('the whole source says credit_negative');
    expect(signDoubt('gl', detected('credit_negative'), e(100, 3, 1, 50), -97_000)).toBeUndefined();
  });

  it('without counts (the SQL engine) doubts a provisional convention and income below zero', () => {
    expect(signDoubt('gl', detected('as_is', true), undefined, 100)).toContain('do not tell');
    expect(signDoubt('gl', detected('as_is'), undefined, -100)).toContain('set sign: credit_negative');
    expect(signDoubt('gl', detected('credit_negative'), undefined, -100)).toBeUndefined();
  });
});
