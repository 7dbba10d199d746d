// SAF-T Financial read as it comes: `sources: { ledger: { file: company.xml } }` and nothing else. Expected figures
// are derived from the raw XML independently of kpi: by hand below, and by scripts/saft-check.py (Python's
// ElementTree and Decimal: each line's DebitAmount minus CreditAmount, summed by the NS 4102 class of the
// account's StandardAccountID or GroupingCode), which prints the same numbers.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSaft } from '../../src/sources/saft/saft-reader.js';
import type { Cell } from '../../src/sources/table.js';
import { runKpi } from '../helpers/run-kpi.js';

const EXAMPLE = 'fixtures/saf-t/skatteetaten/kpi.yaml';
const TRIPLETEX = 'fixtures/saf-t/tripletex-style/kpi.yaml';
const FINANCE = ['ledger_revenue', 'ebitda', 'ebit', 'net_income', 'net_margin', 'operating_margin', 'opex_ratio'];

interface Json {
  results: { kpi: string; value: number | null; group: Record<string, string> }[];
}

function report(config: string, period: string, extra: string[] = []): { values: Record<string, number | null>; json: Json; stderr: string; code: number } {
  const run = runKpi(['report', '-c', config, '--period', period, '--compare', 'none', '--as-of', '2026-01-15', '-f', 'json', '--kpi', FINANCE.join(','), ...extra]);
  const json = JSON.parse(run.stdout) as Json;
  const values = Object.fromEntries(json.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
  return { values, json, stderr: run.stderr, code: run.code };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'kpi-saft-'));
function variant(from: string, edit: (xml: string) => string, yaml = 'sources:\n  ledger: { file: company.xml }\n'): string {
  const dir = tmp();
  writeFileSync(join(dir, 'company.xml'), edit(readFileSync(from, 'utf8')));
  writeFileSync(join(dir, 'kpi.yaml'), yaml);
  return join(dir, 'kpi.yaml');
}

describe("Skatteetaten's example file (v1.0, prefixed namespace, BOM, CRLF)", () => {
  it('gives the finance KPIs to the cent with no settings', () => {
    // The file's P&L lines (all in transaction 4567, 2015-10-31): account 4000 (StandardAccountID 43, NS 4102
    // class 4: cost of goods) DebitAmount 10000. Every other line is on 1925 (19), 2400 (24) or 2740 (27):
    // balance sheet. Revenue 0; EBITDA = EBIT = net income = 0 − 10,000 = −10,000; margins: no revenue, no data.
    const { values, code, stderr } = report(EXAMPLE, '2015-10');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(values).toMatchObject({ ledger_revenue: 0, ebitda: -10000, ebit: -10000, net_income: -10000, net_margin: null, operating_margin: null });
  });

  it("validate states the header's facts, how categories were found, receivables and cash", () => {
    const run = runKpi(['validate', '-c', EXAMPLE]);
    expect(run.code).toBe(0);
    const first = run.stdout.split('\n')[1];
    expect(first).toContain('SAF-T Financial v1.0 (NO)');
    expect(first).toContain('company Selskapet AS (999999999)');
    expect(first).toContain('period 2015-01 – 2015-12');
    expect(first).toContain('currency NOK');
    expect(first).toContain('software Regnskapssystemet 3.14 (Sluttbrukersystemet AS)');
    expect(first).toContain('categories NS 4102: 4 by StandardAccountID');
    // Kunden AS: OpeningDebitBalance 1234.56, ClosingDebitBalance 12345.67; bank 1925 (StandardAccountID 19) the same.
    expect(first).toContain("receivables opening 1234.56, closing 12345.67 (customers' balances)");
    expect(first).toContain('cash opening 1234.56, closing 12345.67 (accounts 19xx)');
    expect(run.stdout).toContain('amounts: sign credit_negative (SAF-T writes debits positive and credits negative');
  });
});

describe('the XMLSpy v1.30 sample (elements in no namespace, placeholder values)', () => {
  it('is recognised, and its account "a" is a located value in no category', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'company.xml'), readFileSync('fixtures/saf-t/skatteetaten/xmlspy-v1.30.xml'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  ledger: { file: company.xml }\n');
    const run = runKpi(['validate', '-c', join(dir, 'kpi.yaml')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('SAF-T Financial');
    // The one <Line> starts on line 357 of the file.
    expect(run.stdout).toMatch(/company\.xml:357: column 'category': "a": account a \(a\) has no P&L category: GroupingCategory a \/ GroupingCode a/);
  });
});

describe('a Tripletex-shaped v1.30 file (fixtures/saf-t/tripletex-style, scripts/saft-fixture.py)', () => {
  // By month (DebitAmount +, CreditAmount −; revenue is the credit of 3000/3010/3100, GroupingCode 3000/3100):
  //   Jan: revenue 40,000 + 4,000 = 44,000; cogs 6,000 (4300); opex 8,000 + 1,128 (5000, 5400) + 3,000 (6300) =
  //        12,128; depreciation 500 (6010) → EBITDA 25,872, EBIT 25,372, net 25,372.
  //   Feb: revenue 60,000 − 1,000 (credit note on 3100) = 59,000; cogs 9,000; opex 9,128 + 750.25 (9999, GroupingCode
  //        6800) = 9,878.25; marketing 2,000 (7320); interest 300 − 45.50 = 254.50 → EBITDA 38,121.75, net 37,867.25.
  //   Mar: revenue 30,000 (3010, GroupingCode 3000); cogs 2,500.75; opex 9,128; depreciation 500; tax 2,000 (8300)
  //        → EBITDA 18,371.25, EBIT 17,871.25, net 15,871.25.
  //   Q1: revenue 133,000; EBITDA 82,365; EBIT 81,365; net 79,110.50; opex ratio (31,134.25 + 2,000) / 133,000.
  it.each([
    ['2025-01', { ledger_revenue: 44000, ebitda: 25872, ebit: 25372, net_income: 25372 }],
    ['2025-02', { ledger_revenue: 59000, ebitda: 38121.75, ebit: 38121.75, net_income: 37867.25 }],
    ['2025-03', { ledger_revenue: 30000, ebitda: 18371.25, ebit: 17871.25, net_income: 15871.25 }],
    ['2025-Q1', { ledger_revenue: 133000, ebitda: 82365, ebit: 81365, net_income: 79110.5 }],
  ])('%s to the cent', (period, want) => {
    const { values, code, stderr } = report(TRIPLETEX, period);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(values).toMatchObject(want);
  });

  it('margins and the opex ratio of the quarter', () => {
    const { values } = report(TRIPLETEX, '2025-Q1');
    expect(values.opex_ratio).toBeCloseTo(33134.25 / 133000, 12);
    expect(values.operating_margin).toBeCloseTo(81365 / 133000, 12);
    expect(values.net_margin).toBeCloseTo(79110.5 / 133000, 12);
  });

  it('--by customer names the customers of the master files; --by department reads the analysis dimension', () => {
    const byCustomer = report(TRIPLETEX, '2025-Q1', ['--by', 'customer']).json.results.filter((r) => r.kpi === 'ledger_revenue' && r.group.customer);
    // Kunde Nord AS (K1): 40,000 + 60,000 + 30,000; Fjord Handel AS (K2): 4,000 − 1,000.
    expect(Object.fromEntries(byCustomer.map((r) => [r.group.customer, r.value]))).toMatchObject({ 'Kunde Nord AS': 130000, 'Fjord Handel AS': 3000 });
    const byDept = report(TRIPLETEX, '2025-Q1', ['--by', 'department']).json.results.filter((r) => r.kpi === 'ebitda' && r.group.department);
    // Avdeling 10: payroll 3 × (8,000 + 1,128) and the 2,000 advertisement; 20: rent 3,000 — both costs, so negative.
    expect(Object.fromEntries(byDept.map((r) => [r.group.department, r.value]))).toMatchObject({ '10': -29384, '20': -3000 });
  });
});

describe('what a SAF-T file can get wrong, located', () => {
  it('an amount that is not a decimal is a bad value with its XML line and column; check fails', () => {
    const config = variant('fixtures/saf-t/tripletex-style/company.xml', (x) => x.replace('<Amount>6000.00</Amount>', '<Amount>6 000,00</Amount>'));
    const run = runKpi(['report', '-c', config, '--period', '2025-01', '--as-of', '2025-04-15', '--kpi', 'ebitda']);
    const line = readFileSync('fixtures/saf-t/tripletex-style/company.xml', 'utf8').split('\n').findIndex((l) => l.includes('<Amount>6000.00</Amount>')) + 1;
    expect(run.stderr).toMatch(new RegExp(`"6 000,00"( is)?:? not an amount \\(line ${line}, column 21 of \\S*company\\.xml\\)`));
    expect(runKpi(['check', '-c', config, '--period', '2025-01', '--as-of', '2025-04-15', '--kpi', 'ebitda']).code).not.toBe(0);
  });

  it('a date that is not xs:date is a bad value with its line', () => {
    const config = variant('fixtures/saf-t/tripletex-style/company.xml', (x) => x.replace('<TransactionDate>2025-01-10</TransactionDate>', '<TransactionDate>10.01.2025</TransactionDate>'));
    const run = runKpi(['validate', '-c', config]);
    expect(run.code).toBe(3);
    // The transaction's three lines all carry its date: three bad values, each located.
    expect(run.stdout).toContain('44 rows, 3 bad');
    expect(run.stdout).toMatch(/"10\.01\.2025"( is)?:? not a date \(line \d+, column 26 of \S*company\.xml\): SAF-T writes TransactionDate as YYYY-MM-DD/);
  });

  it('a file cut short is exit 3 with where it stops, not the figures of part of it', () => {
    const config = variant('fixtures/saf-t/tripletex-style/company.xml', (x) => x.slice(0, x.indexOf('<TransactionID>1010')));
    const run = runKpi(['report', '-c', config, '--period', '2025-Q1', '--as-of', '2025-04-15']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/company\.xml:\d+:\d+: the SAF-T XML is cut short/);
  });

  it("lines that do not add up to the header's TotalDebit are exit 3", () => {
    const config = variant('fixtures/saf-t/tripletex-style/company.xml', (x) => x.replace('<TotalDebit>221480.50</TotalDebit>', '<TotalDebit>221480.00</TotalDebit>'));
    const run = runKpi(['report', '-c', config, '--period', '2025-Q1', '--as-of', '2025-04-15']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("the lines' debit amounts add up to 221480.5, but the file's header says TotalDebit 221480.00");
  });

  it("a transaction whose lines do not balance, in a file whose header was made to match them: each amount a bad value (trial F15)", () => {
    // The trial's edit of Skatteetaten's example: account 4000's DebitAmount 10000 → 10500 and the header's
    // TotalDebit 25000 → 25500 (TotalCredit stays 25000). Transaction 4567 then debits 10500 + 2500 = 13000 against
    // 2400's credit of 12500: its three lines are bad values; 4568 (12500 both sides) is read. Its P&L line was
    // 4000's, so EBITDA has nothing left to read in 2015-10: 0, flagged, where it read −10,500 before.
    const config = variant('fixtures/saf-t/skatteetaten/example-v1.0.xml', (x) =>
      x.replace('<n1:Amount>10000</n1:Amount>', '<n1:Amount>10500</n1:Amount>').replace('<n1:TotalDebit>25000</n1:TotalDebit>', '<n1:TotalDebit>25500</n1:TotalDebit>'),
    );
    const v = runKpi(['validate', '-c', config]);
    expect(v.code).toBe(3);
    expect(v.stdout).toContain('5 rows, 3 bad');
    expect(v.stdout).toContain('entries 2 (TotalDebit 25500, TotalCredit 25000, 500 apart: the books do not balance)');
    expect(v.stdout).toContain('transactions not balancing 1 (first: transaction 4567, line 314); their amounts are bad values');
    // The transaction's three lines, each with its value: 4000 D 10500 on line 326, 2740 D 2500 on 361, 2400 C 12500 on 376.
    const lines = [...v.stdout.matchAll(/company\.xml:(\d+): column 'amount': "(-?\d+)": transaction 4567 of journal A \(line 314 of \S*company\.xml\) does not balance: its lines debit 13000 and credit 12500, 500 apart/g)].map((m) => [Number(m[1]), m[2]]);
    expect(lines).toEqual([[326, '10500'], [361, '2500'], [376, '-12500']]);
    const json = JSON.parse(runKpi(['validate', '-c', config, '-f', 'json']).stdout) as { sources: { issues: { line: number; column: string; value: string; reason: string }[] }[] };
    expect(json.sources[0].issues.map((i) => [i.line, i.column, i.value])).toEqual([[326, 'amount', '10500'], [361, 'amount', '2500'], [376, 'amount', '-12500']]);
    const r = report(config, '2015-10');
    expect(r.values.ebitda).toBe(0);
    expect(r.json.results.find((x) => x.kpi === 'ebitda' && Object.keys(x.group).length === 0)).toMatchObject({ bad_values: { count: 3 } });
    expect(runKpi(['check', '-c', config, '--period', '2015-10', '--as-of', '2016-01-15', '--kpi', 'ebitda']).code).toBe(3);
  });

  it('validate says the lines of a long unbalanced transaction once, with their lines and values', () => {
    // fixtures/saf-t/unbalanced: transaction 2003's one credit line of 2000.00 split into four of 500.00 (still
    // 3000.00 debited against 2000.00 credited; the header's totals stay right): five bad values, one line of output.
    const xml = readFileSync('fixtures/saf-t/unbalanced/company.xml', 'utf8');
    const credit = /( *<Line>\n(?:(?!<\/Line>)[\s\S])*?<Amount>)2000\.00(<\/Amount>[\s\S]*?<\/Line>\n)/.exec(xml)!;
    const config = variant('fixtures/saf-t/unbalanced/company.xml', (x) => x.replace(credit[0], `${credit[1]}500.00${credit[2]}`.repeat(4)));
    const v = runKpi(['validate', '-c', config]);
    expect(v.code).toBe(3);
    expect(v.stdout).toContain('13 rows, 5 bad');
    expect(v.stdout).toMatch(/company\.xml:176, 184, 192, 200, 208 \(5 rows\): column 'amount': 2 values \("3000", "-500"\): transaction 2003 of journal GL \(line 168 of \S*company\.xml\) does not balance: its lines debit 3000 and credit 2000, 1000 apart/);
    expect(v.stdout.match(/does not balance/g)).toHaveLength(1);
  });

  it('an XML file that is not SAF-T is not read as one', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'other.xml'), '<?xml version="1.0"?>\n<Invoices><Invoice/></Invoices>\n');
    const run = runKpi(['validate', '--source', `ledger=${join(dir, 'other.xml')}`]);
    expect(run.code).toBe(3);
    expect(run.stdout + run.stderr).not.toContain('SAF-T Financial');
  });
});

describe('the Danish variant', () => {
  const danish = (x: string) =>
    x
      .replace('urn:StandardAuditFile-Taxation-Financial:NO', 'urn:StandardAuditFile-Taxation-Financial:DK')
      .replace('<AuditFileCountry>NO</AuditFileCountry>', '<AuditFileCountry>DK</AuditFileCountry>')
      .replace('<DefaultCurrencyCode>NOK</DefaultCurrencyCode>', '<DefaultCurrencyCode>DKK</DefaultCurrencyCode>');
  it('is read, and without a chart its accounts are said to need one (no Norwegian chart guessed)', () => {
    const run = runKpi(['validate', '-c', variant('fixtures/saf-t/tripletex-style/company.xml', danish)]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('SAF-T Financial v1.30 (DK)');
    expect(run.stdout).toContain('kpi has no built-in chart for Danish SAF-T standard accounts; give the categories with chart: my-chart.yaml');
  });
  it('with chart: the same figures', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'company.xml'), danish(readFileSync('fixtures/saf-t/tripletex-style/company.xml', 'utf8')));
    // The fixture's own numbers, as a company's chart: the same ranges as NS 4102 for these accounts; 9999 opex.
    writeFileSync(join(dir, 'chart.yaml'), 'base: ns4102\nranges:\n  "9999": opex\n');
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  ledger: { file: company.xml, chart: chart.yaml }\n');
    const { values } = report(join(dir, 'kpi.yaml'), '2025-Q1');
    expect(values).toMatchObject({ ledger_revenue: 133000, ebitda: 82365, net_income: 79110.5 });
  });
});

describe('the reader (property): amounts signed and summed exactly', () => {
  // Transactions of 1–4 P&L lines, each balanced by a line on bank account 1920 for the difference (computed in
  // BigInt cents from the text written), unless `lose` drops that line: then the transaction does not balance.
  const amount = fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `${a}.${String(c).padStart(2, '0')}`);
  const pnl = fc.tuple(fc.constantFrom('3000', '4300', '6300', '8150'), fc.boolean(), amount);
  const transaction = fc.record({ lines: fc.array(pnl, { minLength: 1, maxLength: 4 }), lose: fc.boolean() });
  const cents = (x: string) => BigInt(x.replace('.', ''));
  const text = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
  const xmlLine = (acc: string, debit: boolean, x: string) => `<Line><AccountID>${acc}</AccountID><${debit ? 'DebitAmount' : 'CreditAmount'}><Amount>${x}</Amount></${debit ? 'DebitAmount' : 'CreditAmount'}></Line>`;

  it('debits positive, credits negative, each line one record; every amount of an unbalanced transaction a bad value, none of a balanced one', async () => {
    const dir = tmp();
    await fc.assert(
      fc.asyncProperty(fc.array(transaction, { minLength: 1, maxLength: 12 }), async (txs) => {
        const want: { account: string; cents: bigint; balanced: boolean }[] = [];
        const body = txs
          .map((tx, i) => {
            const net = tx.lines.reduce((n, [, debit, x]) => n + (debit ? cents(x) : -cents(x)), 0n);
            const lines: [string, boolean, string][] = [...tx.lines];
            if (net !== 0n && !tx.lose) lines.push(['1920', net < 0n, text(net < 0n ? -net : net)]);
            const balanced = net === 0n || !tx.lose;
            for (const [acc, debit, x] of lines) want.push({ account: acc, cents: debit ? cents(x) : -cents(x), balanced });
            return `<Transaction><TransactionID>${i}</TransactionID><TransactionDate>2025-01-${String((i % 28) + 1).padStart(2, '0')}</TransactionDate>${lines.map((l) => xmlLine(...l)).join('')}</Transaction>`;
          })
          .join('\n');
        const path = join(dir, 'p.xml');
        writeFileSync(path, `<?xml version="1.0"?>\n<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO"><Header><DefaultCurrencyCode>NOK</DefaultCurrencyCode></Header><GeneralLedgerEntries><Journal><JournalID>A</JournalID>\n${body}\n</Journal></GeneralLedgerEntries></AuditFile>\n`);
        const table = await openSaft(path);
        const got: Cell[][] = [];
        await table.eachRecord((cells) => got.push(cells));
        expect(got.length).toBe(want.length);
        got.forEach((cells, i) => {
          const cell = cells[table.headers.indexOf('amount')];
          expect(cells[table.headers.indexOf('category')]).toBe({ '3000': 'revenue', '4300': 'cogs', '6300': 'opex', '8150': 'interest', '1920': 'balance sheet' }[want[i].account]);
          if (want[i].balanced) expect(BigInt(Math.round((cell as number) * 100))).toBe(want[i].cents);
          else expect(cell).toMatchObject({ error: expect.any(String), message: expect.stringMatching(/^transaction \d+ of journal A \(line \d+ of \S*p\.xml\) does not balance/) });
        });
      }),
      { numRuns: 40 },
    );
  });
});
