// Ledger sign conventions: which lines an export writes negative, from the setting or from its rows.
//
// Formulas see income and costs as positive amounts (revenue 100,000, COGS 40,000: EBITDA 60,000). Exports write
// them one of three ways:
//   as_is            income positive, costs positive (a P&L report, a management export)
//   costs_negative   income positive, costs negative (a cash-book style export)
//   credit_negative  income negative, costs positive (the double-entry convention of a general-ledger export:
//                    Tripletex, Fiken, Visma, SAP and SAF-T write credits, and income is a credit, as negative)
// A line of the other sign in its category (a credit note on COGS, a refund on revenue) keeps its meaning: its
// sign is flipped with the rest of its category, so it reduces the category's total.
import { ConfigError } from '../errors.js';
import type { SourceSchema } from './source-schema.js';
import { parseNumber } from './parse-number.js';
import { countLine, emptyEvidence, evidenceText, judge, SIGN_CHOICES } from '../model/sign-evidence.js';

export { SIGN_CONVENTIONS, type SignConvention } from '../model/data-quality.js';
import type { SignConvention } from '../model/data-quality.js';

export interface SignDecision {
  convention: SignConvention;
  /** Negate the amount of income lines (credit_negative) or of cost lines (costs_negative); nothing for as_is. */
  negate: 'income' | 'costs' | null;
  /** `sign:` / `costs_sign:` in kpi.yaml, or detected from the rows. */
  detected: boolean;
  /** How it was decided, for explain and validate: "detected: 3 of 3 income lines negative, …". */
  why: string;
  /** Detected from rows that do not tell (a tie, or no income line): provisional until the whole source is read. */
  tentative?: boolean;
}

const NEGATE: Record<SignConvention, SignDecision['negate']> = { credit_negative: 'income', costs_negative: 'costs', as_is: null };

/**
 * The sign convention of a ledger-kind source: `sign:` in kpi.yaml; else `costs_sign:` (the old spelling: negative
 * is costs_negative, positive leaves the income lines to decide); else the majority sign of the income lines and
 * of the cost lines in the first file's sample. Undefined for kinds without signs or without the two columns.
 */
export function signConvention(schema: SourceSchema): SignDecision | undefined {
  const signs = schema.kind?.signs;
  if (!signs) return undefined;
  const config = schema.config;
  const amount = schema.field(signs.amount, false);
  const category = schema.field(signs.category, false);
  if (!amount || !category) return undefined;
  if (config.sign) return decided(config.sign, false, `sign: ${config.sign} in kpi.yaml`);
  if (config.costs_sign === 'negative') return decided('costs_negative', false, 'costs_sign: negative in kpi.yaml');
  const file = schema.files[0];
  // A format that defines the signs (SIE, SAF-T) is not second-guessed from a sample that may hold no income line.
  if (file.signConvention && !config.costs_sign) return decided(file.signConvention.convention, false, `${file.signConvention.why}, in ${file.label}`);
  const a = file.headers.indexOf(amount.header);
  const c = file.headers.indexOf(category.header);
  const evidence = emptyEvidence();
  for (const row of file.sample) {
    const cat = row[c];
    const text = typeof cat === 'string' ? (category.values?.get(cat.trim().toLowerCase()) ?? cat.trim()).toLowerCase() : '';
    // A known line in no P&L figure (a balance-sheet account under a chart) says nothing about income or costs.
    if (text === '' || category.ignored?.has(text)) continue;
    const v = row[a];
    const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v, config.decimal) : NaN;
    if (typeof n !== 'number' || n === 0 || n !== n) continue;
    countLine(evidence, signs.income.includes(text), n);
  }
  const seen = `${evidenceText(evidence)} in the first ${file.sample.length} rows of ${file.label}`;
  const judged = judge(evidence);
  if (config.costs_sign === 'positive') {
    // The old setting said only that costs are positive: the income lines still tell as_is from credit_negative.
    const incomeNegative = evidence.income.negative > evidence.income.positive;
    return { ...decided(incomeNegative ? 'credit_negative' : 'as_is', true, `costs_sign: positive in kpi.yaml; income lines detected (${seen})`), tentative: evidence.income.negative === evidence.income.positive };
  }
  if (judged.both) {
    throw new ConfigError(
      `source '${schema.name}': cannot tell the ledger's sign convention: most income lines and most cost lines are negative (${seen})`,
      [`say how ${file.label} writes amounts, under sources: ${schema.name}: in kpi.yaml:`, ...SIGN_CHOICES],
      { code: 'KPI_AMBIGUOUS_SIGN', file: file.label, column: amount.header },
    );
  }
  // A sample that cannot tell (no income line in it, or as many negative as positive) gives a provisional
  // convention: the engine counts the lines of the whole source as it reads them, and a source whose lines do not
  // settle it either has its ledger figures in doubt (noteSigns), never a confident negative revenue.
  return { ...decided(judged.convention, true, `detected: ${seen}`), ...(judged.tie ? { tentative: true } : {}) };
}

function decided(convention: SignConvention, detected: boolean, why: string): SignDecision {
  return { convention, negate: NEGATE[convention], detected, why };
}
