// How the signs of a ledger's lines tell its sign convention: the first rows' (sources/sign-convention.ts, before
// reading) and the whole source's (counted by the engine in its one pass) are judged alike, so that a sample that
// cannot tell — one invoice and one credit note, or a hovedbok in account order whose first rows are all
// balance-sheet accounts — never decides a confident negative revenue.
import type { SignConvention } from './data-quality.js';

/** The three settings, as validate and the doubt's fix print them. */
export const SIGN_CHOICES = [
  '  sign: credit_negative   # income negative, costs positive (double-entry general ledger)',
  '  sign: costs_negative    # income positive, costs negative',
  '  sign: as_is             # every amount as written',
];

/** How many income and cost lines (amount not zero) were written negative and positive. */
export interface SignEvidence {
  income: { negative: number; positive: number };
  costs: { negative: number; positive: number };
}

export function emptyEvidence(): SignEvidence {
  return { income: { negative: 0, positive: 0 }, costs: { negative: 0, positive: 0 } };
}

export function countLine(evidence: SignEvidence, isIncome: boolean, amount: number): void {
  if (amount === 0 || amount !== amount) return;
  const counts = isIncome ? evidence.income : evidence.costs;
  if (amount < 0) counts.negative++;
  else counts.positive++;
}

export function addEvidence(into: SignEvidence, more: SignEvidence): void {
  into.income.negative += more.income.negative;
  into.income.positive += more.income.positive;
  into.costs.negative += more.costs.negative;
  into.costs.positive += more.costs.positive;
}

export function evidenceText(e: SignEvidence): string {
  return `${e.income.negative} of ${e.income.negative + e.income.positive} income lines negative, ${e.costs.negative} of ${e.costs.negative + e.costs.positive} cost lines negative`;
}

/**
 * The convention the lines' majority signs say. `tie`: they cannot tell it — the income lines are as many negative
 * as positive (none at all is a tie too, unless the cost lines alone settle every figure: with no income line,
 * as_is and credit_negative read the costs alike), or the cost lines are, beside income that is not negative.
 * `both`: most income lines and most cost lines negative, which no convention writes.
 */
export function judge(e: SignEvidence): { convention: SignConvention; tie: boolean; both: boolean } {
  const incomeNegative = e.income.negative > e.income.positive;
  const costsNegative = e.costs.negative > e.costs.positive;
  const incomeLines = e.income.negative + e.income.positive;
  const costLines = e.costs.negative + e.costs.positive;
  const convention: SignConvention = incomeNegative ? 'credit_negative' : costsNegative ? 'costs_negative' : 'as_is';
  const incomeTie = e.income.negative === e.income.positive && (incomeLines > 0 || costLines === 0 || costsNegative);
  const costsTie = costLines > 0 && e.costs.negative === e.costs.positive && !incomeNegative;
  return { convention, tie: incomeTie || costsTie, both: incomeNegative && costsNegative };
}

/**
 * Why a detected convention is in doubt after the whole source was read, with the exact YAML that settles it;
 * undefined when the lines of the whole source agree with it. `evidence` is undefined for an engine that does not
 * count the lines (SQL): then a provisional convention, or income that adds up below zero, is a doubt.
 * `rawIncome`: the income lines' sum as written (before the convention), which says the likelier setting on a tie.
 */
export function signDoubt(
  source: string,
  decision: { convention: SignConvention; detected: boolean; tentative?: boolean },
  evidence: SignEvidence | undefined,
  rawIncome: number | undefined,
): string | undefined {
  if (!decision.detected) return undefined;
  let why: string;
  let likely: SignConvention;
  const byIncome: SignConvention = rawIncome !== undefined && rawIncome < 0 ? 'credit_negative' : 'as_is';
  if (evidence) {
    const whole = judge(evidence);
    if (whole.both) {
      why = `most income lines and most cost lines are negative (${evidenceText(evidence)} in the whole source)`;
      likely = byIncome;
    } else if (whole.tie) {
      why = `its lines do not tell (${evidenceText(evidence)} in the whole source)`;
      likely = whole.convention === 'costs_negative' ? 'costs_negative' : byIncome;
    } else if (whole.convention !== decision.convention) {
      why = `it was read as sign: ${decision.convention} from the first rows, but the whole source says ${whole.convention} (${evidenceText(evidence)})`;
      likely = whole.convention;
    } else return undefined;
  } else if (decision.tentative) {
    why = 'the rows it was detected from do not tell';
    likely = byIncome;
  } else if (rawIncome !== undefined && (decision.convention === 'credit_negative' ? -rawIncome : rawIncome) < 0) {
    why = `the income lines add up below zero read as sign: ${decision.convention}`;
    likely = decision.convention === 'credit_negative' ? 'as_is' : 'credit_negative';
  } else return undefined;
  const others = SIGN_CHOICES.filter((c) => !c.includes(`sign: ${likely} `)).map((c) => c.trim().replace(/\s+#.*$/, ''));
  return `${source}: the ledger's sign convention is in doubt: ${why}; its amounts are in no figure until kpi.yaml says how the export writes them: under sources: ${source}: set sign: ${likely} (${others.map((o) => `or ${o}`).join(', ')})`;
}

