// A SAF-T transaction balances when its lines' DebitAmount/Amount and CreditAmount/Amount add up alike, compared as
// exact decimals (trial F15). Expected sums are the text's digits added by hand.
import { describe, expect, it } from 'vitest';
import { headerImbalance, unbalanced, unbalancedMessage } from '../../src/sources/saft/balance.js';
import type { SaftLine } from '../../src/sources/saft/scan.js';
import { decText } from '../../src/util/exact.js';

let n = 0;
const debit = (amount: string): SaftLine => ({ line: ++n, debit: amount, analysis: [] });
const credit = (amount: string): SaftLine => ({ line: ++n, credit: amount, analysis: [] });
const sums = (lines: SaftLine[]) => {
  const u = unbalanced(lines);
  return u && { debit: decText(u.debit), credit: decText(u.credit) };
};

describe('unbalanced', () => {
  it('a balanced transaction is none, whatever the amounts are written like', () => {
    expect(sums([debit('12500.00'), credit('10000'), credit('2500.0')])).toBeUndefined();
    // In doubles 0.1 + 0.2 is 0.30000000000000004, not 0.3: the sums are exact decimals.
    expect(sums([debit('0.1'), debit('0.2'), credit('0.3')])).toBeUndefined();
    // Beyond a double's 15–17 digits: 12345678901234567.89 + 0.01 = 12345678901234567.90.
    expect(sums([debit('12345678901234567.89'), debit('0.01'), credit('12345678901234567.9')])).toBeUndefined();
    // A reversal written as negative amounts: debit −500 + 500 = 0, credit 0.
    expect(sums([debit('-500'), debit('500')])).toBeUndefined();
  });
  it('a transaction whose debits are not its credits gives both sums', () => {
    // The trial's edit: 4000 D 10500 + 2740 D 2500 = 13000 against 2400 C 12500.
    expect(sums([debit('10500'), debit('2500'), credit('12500')])).toEqual({ debit: '13000', credit: '12500' });
    // One öre apart is apart: 0.1 + 0.2 = 0.3 against 0.31.
    expect(sums([debit('0.1'), debit('0.2'), credit('0.31')])).toEqual({ debit: '0.3', credit: '0.31' });
    // A transaction of one line (its other side lost).
    expect(sums([debit('+7')])).toEqual({ debit: '7', credit: '0' });
  });
  it('is not judged when a line has no readable amount (that line is a bad value of its own)', () => {
    expect(sums([debit('6 000,00'), credit('1')])).toBeUndefined();
    expect(sums([{ line: 1, analysis: [] }, credit('1')])).toBeUndefined();
    expect(sums([{ line: 1, debit: '1', credit: '1', analysis: [] }, credit('5')])).toBeUndefined();
    // Two Amounts in one DebitAmount (the scanner joins them with '+'): not an amount.
    expect(sums([debit('1+2'), credit('5')])).toBeUndefined();
  });
});

describe('messages', () => {
  it('names the transaction, its journal and line, both sums and how far apart', () => {
    const u = unbalanced([debit('10500'), debit('2500'), credit('12500')])!;
    expect(unbalancedMessage({ id: '4567', journal: 'A', line: 314 }, u, 'ex.xml')).toBe(
      'transaction 4567 of journal A (line 314 of ex.xml) does not balance: its lines debit 13000 and credit 12500, 500 apart (a line lost or changed in the export?); none of its amounts is read: export the file again from the accounting system',
    );
    expect(unbalancedMessage({}, u, 'ex.xml')).toMatch(/^transaction \(no TransactionID\) \(ex\.xml\) does not balance/);
  });
  it("the header's TotalDebit and TotalCredit: said when they differ", () => {
    expect(headerImbalance('25500', '25000')).toBe('500 apart: the books do not balance');
    expect(headerImbalance('221480.50', '221480.5')).toBeUndefined();
    expect(headerImbalance(undefined, '1')).toBeUndefined();
    expect(headerImbalance('a', '1')).toBeUndefined();
  });
});
