// Telling from a ledger's account numbers which known chart it is written in.
import { accountDigits } from './chart.js';
import { CHART_NAMES, CHARTS, type ChartName } from './builtin.js';

// Accounts that one of the two charts uses and the other does not (or uses for something else), as a ledger's
// everyday lines hit them: bank, receivables, payables, VAT, payroll, rent. Both charts put the same classes in the
// same places (3 revenue, 4 goods), so the class alone cannot tell them apart.
const MARKERS: Record<ChartName, ReadonlySet<string>> = {
  // NS 4102: 1500 kundefordringer, 1900/1920 kontanter/bank, 2400 leverandørgjeld, 2600 skattetrekk, 2700–2740
  // mva, 2770/2780 arbeidsgiveravgift, 2940 feriepenger, 5000 lønn, 5180 feriepenger, 5400 arbeidsgiveravgift,
  // 6300 leie lokale, 6800 kontorrekvisita, 6900 telefon, 7140 reisekostnad, 8050/8150 renter, 8300 skatt.
  ns4102: new Set(['1500', '1900', '1920', '2400', '2600', '2700', '2710', '2740', '2770', '2780', '2940', '5000', '5180', '5400', '6300', '6800', '6900', '7140', '8050', '8150', '8300']),
  // BAS: 1510 kundfordringar, 1910/1930 kassa/företagskonto, 2440 leverantörsskulder, 2610–2650 moms, 2710
  // personalskatt, 2731 sociala avgifter, 3001/3041 försäljning, 5010 lokalhyra, 6212 mobiltelefon, 6570
  // bankkostnader, 7010/7210 löner, 7510 arbetsgivaravgifter, 8310 ränteintäkter, 8410 räntekostnader, 8910 skatt,
  // 8999 årets resultat.
  bas: new Set(['1510', '1910', '1930', '2440', '2610', '2640', '2650', '2731', '3001', '3041', '5010', '6212', '6570', '7010', '7210', '7510', '8310', '8410', '8910', '8999']),
};

export interface ChartGuess {
  /** The chart the numbers fit, when one does and the other does not. */
  chart?: ChartName;
  /** What was seen, for explain/validate: "112 of 120 sampled accounts are 4-digit numbers; 9 NS 4102 accounts, 0 BAS". */
  why: string;
}

/**
 * Which known chart a ledger's account numbers are written in, from a sample of its account column: they must be
 * numbers of four or more digits in classes 1–8 (nine in ten of the non-empty values), and more of them must be
 * accounts typical of one chart than of the other. `hint` tips an even count (the export's currency NOK or SEK).
 * Undefined when the column does not look like account numbers at all.
 */
export function detectChart(accounts: readonly (string | number | undefined)[], hint?: ChartName): ChartGuess | undefined {
  let values = 0;
  let fits = 0;
  const score: Record<ChartName, number> = { ns4102: 0, bas: 0 };
  for (const a of accounts) {
    if (a === undefined || (typeof a === 'string' && a.trim() === '')) continue;
    values++;
    const digits = accountDigits(a);
    if (!digits || digits.length < 4 || digits[0] < '1' || digits[0] > '8') continue;
    fits++;
    const head = digits.slice(0, 4);
    for (const name of CHART_NAMES) if (MARKERS[name].has(head)) score[name]++;
  }
  if (values === 0 || fits * 10 < values * 9) return undefined;
  const seen = `${fits} of ${values} sampled accounts are account numbers; ${score.ns4102} typical of NS 4102, ${score.bas} of BAS`;
  const best = score.ns4102 > score.bas ? 'ns4102' : score.bas > score.ns4102 ? 'bas' : hint;
  if (!best) return { why: `${seen}: cannot tell which chart` };
  return { chart: best, why: score.ns4102 === score.bas ? `${seen}, the currency says ${CHARTS[best].label}` : seen };
}
