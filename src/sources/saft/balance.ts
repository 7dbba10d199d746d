// A SAF-T Transaction is a voucher of double-entry books: the Amounts of its lines' DebitAmount add up to those of
// its CreditAmount. Both are in the header's default currency (the schema's AmountStructure: "Amount in the
// header's default currency"); a line's CurrencyAmount in another currency is not part of it, since one
// transaction may hold lines in several currencies. A transaction that does not balance lost a line, or had one
// changed, on its way out of the accounting system: each of its amounts is a bad value saying so, as a SIE voucher
// whose rows do not sum to zero is (sie/parse.ts). The file's own TotalDebit and TotalCredit, when they agree with
// the lines, do not catch it: a header computed from what was written adds up whatever was lost.
import { decAbs, decAdd, decSub, decText, type Dec } from '../../util/exact.js';
import { decimal } from './decimal.js';
import type { SaftLine, SaftTransaction } from './scan.js';

const ZERO: Dec = { units: 0n, scale: 0 };

/**
 * The transaction's debit and credit sums when they differ; undefined when they agree, and when a line's amount
 * cannot be read (that line is a bad value of its own, and a balance is not judged without it).
 */
export function unbalanced(lines: readonly SaftLine[]): { debit: Dec; credit: Dec } | undefined {
  let debit = ZERO;
  let credit = ZERO;
  for (const l of lines) {
    if ((l.debit === undefined) === (l.credit === undefined)) return undefined;
    const d = decimal((l.debit ?? l.credit)!);
    if (!d) return undefined;
    if (l.debit !== undefined) debit = decAdd(debit, d);
    else credit = decAdd(credit, d);
  }
  return decSub(debit, credit).units === 0n ? undefined : { debit, credit };
}

/** What each amount of an unbalanced transaction says: which transaction, where, its two sums, and what to do. */
export function unbalancedMessage(tx: SaftTransaction, sums: { debit: Dec; credit: Dec }, label: string): string {
  const name = `transaction ${tx.id || '(no TransactionID)'}${tx.journal ? ` of journal ${tx.journal}` : ''}`;
  const at = tx.line ? `line ${tx.line} of ${label}` : label;
  return `${name} (${at}) does not balance: its lines debit ${decText(sums.debit)} and credit ${decText(sums.credit)}, ${decText(decAbs(decSub(sums.debit, sums.credit)))} apart (a line lost or changed in the export?); none of its amounts is read: export the file again from the accounting system`;
}

/** The header's TotalDebit and TotalCredit, when they differ: books whose debits are not their credits. */
export function headerImbalance(totalDebit: string | undefined, totalCredit: string | undefined): string | undefined {
  const d = totalDebit === undefined ? undefined : decimal(totalDebit);
  const c = totalCredit === undefined ? undefined : decimal(totalCredit);
  if (!d || !c || decSub(d, c).units === 0n) return undefined;
  return `${decText(decAbs(decSub(d, c)))} apart: the books do not balance`;
}
