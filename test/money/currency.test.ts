// Currencies are never mixed: a currency column found by name (or mapped) keeps NOK and EUR apart in every
// command; fx: converts; --by currency shows each group in its own currency. Expected figures are by hand.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const PERIOD = ['--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'none'];

interface Result {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  status: string;
  reason: string | null;
  currency?: string;
}
const report = (args: string[], cwd?: string) => {
  const run = runKpi(['report', ...args, ...PERIOD, '-f', 'json'], { cwd });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Result[]; data_quality: { currency?: { column: string; currencies: { currency: string; rows: number }[]; empty: number } }[] };
};

describe('HubSpot deals in two currencies', () => {
  // Closed in October: won 12 000 NOK (1001) and 1 000 EUR (1002, 11 705 NOK in company currency), lost 8 000 NOK
  // and 500 EUR; 1005 closes in November. Win rate 2 / 4 whatever the currency.
  it('reads Amount in company currency over Amount when the export has both', () => {
    const json = report(['--source', 'deals=fixtures/systems/hubspot/deals-currencies.csv', '--kpi', 'win_rate,avg_deal_size']);
    // (12 000 + 11 705) / 2 = 11 852.50, in the company currency: no currency problem.
    expect(json.results.map((r) => [r.kpi, r.value, r.status])).toEqual([
      ['win_rate', 0.5, 'no_target'],
      ['avg_deal_size', 11852.5, 'no_target'],
    ]);
  });

  it('Salesforce: Amount (converted) over Amount, beside Opportunity Currency', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sf-'));
    writeFileSync(
      join(dir, 'opps.csv'),
      'Opportunity Name,Stage,Opportunity Currency,Amount,Amount (converted),Close Date,Created Date\nA,Closed Won,NOK,12000,12000,10/2/2026,8/20/2026\nB,Closed Won,EUR,1000,11705,10/5/2026,9/1/2026\n',
    );
    // (12 000 + 11 705) / 2 = 11 852.50, already in the company currency.
    expect(report(['--source', `deals=${join(dir, 'opps.csv')}`, '--kpi', 'avg_deal_size'], dir).results[0]).toMatchObject({ value: 11852.5, status: 'no_target' });
  });

  it('with only the amount in the deal currency (deal_currency_code), money KPIs are errors and counts are not', () => {
    const json = report(['--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'win_rate,avg_deal_size']);
    expect(json.results[0]).toMatchObject({ kpi: 'win_rate', value: 0.5 });
    expect(json.results[1]).toMatchObject({ kpi: 'avg_deal_size', value: null, status: 'error' });
    expect(json.results[1].reason).toContain("column 'deal_currency_code') has EUR in 2 rows (first fixtures/systems/hubspot/deals-api-currencies.csv:3) and NOK in 2 rows (first fixtures/systems/hubspot/deals-api-currencies.csv:2)");
    expect(json.data_quality[0].currency).toMatchObject({ column: 'deal_currency_code', currencies: [{ currency: 'NOK', rows: 3 }, { currency: 'EUR', rows: 2 }], empty: 0 });
    const check = runKpi(['check', '--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'avg_deal_size', ...PERIOD]);
    expect(check.code).toBe(3);
  });

  it('--by currency gives each currency its own figure, in its own currency', () => {
    const json = report(['--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'avg_deal_size', '--by', 'currency']);
    // Won NOK: 12 000 alone; won EUR: 1 000 alone. No total across currencies.
    expect(json.results.map((r) => [r.group.currency ?? 'total', r.value, r.status, r.currency ?? null])).toEqual([
      ['total', null, 'no_data', null],
      ['NOK', 12000, 'no_target', 'NOK'],
      ['EUR', 1000, 'no_target', 'EUR'],
    ]);
    // The currency column by its own header's name groups the same way.
    const byHeader = report(['--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'avg_deal_size', '--by', 'deal_currency_code']);
    expect(byHeader.results.map((r) => [r.value, r.status])).toEqual([
      [null, 'no_data'],
      [12000, 'no_target'],
      [1000, 'no_target'],
    ]);
    // Without currency: in kpi.yaml each group is shown in its own code in the table too.
    const table = runKpi(['report', '--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'avg_deal_size', '--by', 'currency', ...PERIOD]);
    expect(table.stdout).toContain('12,000.00 NOK');
    expect(table.stdout).toContain('1,000.00 EUR');
    for (const format of ['md', 'html', 'xlsx']) {
      const run = runKpi(['report', '--source', 'deals=fixtures/systems/hubspot/deals-api-currencies.csv', '--kpi', 'avg_deal_size', '--by', 'currency', ...PERIOD, '-f', format]);
      expect(run.code).toBe(0);
      if (format !== 'xlsx') expect(run.stdout).toContain('1,000.00 EUR');
    }
  });
});

describe('the currency column by mapping', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-cur-'));
  writeFileSync(join(dir, 'sales.csv'), 'date,revenue,Myntslag\n2026-10-01,100.00,NOK\n2026-10-02,50.00,sek\n2026-10-03,25.00,NOK\n');
  const config = (columns: string) => {
    const path = join(dir, `kpi-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, `currency: NOK\nsources:\n  sales: { file: sales.csv, columns: ${columns} }\n`);
    return path;
  };

  it('columns: { currency: Myntslag } names it; values are compared in upper case', () => {
    const json = report(['-c', config('{ currency: Myntslag }'), '--kpi', 'revenue']);
    expect(json.results.find((r) => r.kpi === 'revenue')).toMatchObject({ value: null, status: 'error' });
    expect(json.results.find((r) => r.kpi === 'revenue')!.reason).toContain('SEK in 1 row (first');
  });

  it('columns: { currency: ~ } unmaps it (the amounts are then taken as they are)', () => {
    // 100 + 50 + 25 = 175: the user said there is no currency column.
    const json = report(['-c', config('{ currency: ~ }'), '--kpi', 'revenue']);
    expect(json.results[0]).toMatchObject({ value: 175, status: 'no_target' });
  });

  it('one currency that is not the project currency is an error saying to set currency:', () => {
    writeFileSync(join(dir, 'eur.csv'), 'date,revenue,currency\n2026-10-01,100.00,EUR\n');
    writeFileSync(join(dir, 'eur.yaml'), 'currency: NOK\nsources:\n  sales: { file: eur.csv }\n');
    const json = report(['-c', join(dir, 'eur.yaml'), '--kpi', 'revenue']);
    expect(json.results[0].status).toBe('error');
    expect(json.results[0].reason).toContain('are in EUR, not the project currency NOK');
    expect(json.results[0].reason).toContain('set currency: EUR in kpi.yaml');
    // Without currency: in kpi.yaml the figure is in the currency the rows carry.
    const bare = report(['--source', `sales=${join(dir, 'eur.csv')}`, '--kpi', 'revenue'], dir);
    expect(bare.results[0]).toMatchObject({ value: 100, currency: 'EUR' });
  });
});

describe('kpi init', () => {
  it('writes the currency mapping, currency: and a note when the export holds several', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-cur-'));
    const run = runKpi(['init', join(process.cwd(), 'fixtures/systems/hubspot/deals-api-currencies.csv'), '-c', join(dir, 'kpi.yaml'), '-t', join(dir, 'targets.yaml')]);
    expect(run.code, run.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'kpi.yaml'), 'utf8');
    // The sample holds NOK 3 times and EUR twice: NOK is the project currency.
    expect(yaml).toContain('currency: "NOK"');
    expect(yaml).toContain('currency: "deal_currency_code"');
    expect(yaml).toContain('# note: the sampled rows hold NOK (3), EUR (2)');
    expect(yaml).toContain('# fx: rates.csv');
  });
});

describe('VAT-exclusive over VAT-inclusive amounts', () => {
  it('kpi init writes the VAT-exclusive column and a note naming the one passed over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-vat-'));
    const run = runKpi(['init', join(process.cwd(), 'fixtures/systems/fiken/invoices.csv'), '-c', join(dir, 'kpi.yaml'), '-t', join(dir, 'targets.yaml')]);
    expect(run.code, run.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'kpi.yaml'), 'utf8');
    expect(yaml).toContain('amount: "Beløp eks. mva"');
    expect(yaml).toContain("# note: amount ← 'Beløp eks. mva' (VAT excluded), over 'Beløp inkl. mva' (VAT included)");
  });

  it('Net amount wins over Gross amount and over a bare Amount beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-vat-'));
    writeFileSync(join(dir, 'a.csv'), 'date,Gross amount,Net amount\n2026-10-01,125.00,100.00\n2026-10-02,250.00,200.00\n');
    writeFileSync(join(dir, 'b.csv'), 'date,Amount,Net amount\n2026-10-01,125.00,100.00\n2026-10-02,250.00,200.00\n');
    writeFileSync(join(dir, 'c.csv'), 'date,Amount incl. VAT,Amount excl. VAT\n2026-10-01,125.00,100.00\n2026-10-02,250.00,200.00\n');
    // 100 + 200 = 300 each time (the VAT-inclusive figures would give 375).
    for (const f of ['a.csv', 'b.csv', 'c.csv']) expect(report(['--source', `sales=${join(dir, f)}`, '--kpi', 'revenue'], dir).results[0].value).toBe(300);
  });
});

describe('the currency column by name', () => {
  // Headers as real exports write them: generic, Norwegian (Fiken, Tripletex, Visma), HubSpot (label and internal
  // name), Salesforce (report label and API name), Pipedrive.
  const headers = ['Currency', 'Valuta', 'Currency Code', 'CurrencyCode', 'currency_code', 'Deal currency code', 'deal_currency_code', 'Opportunity Currency', 'CurrencyIsoCode', 'Valutakode', 'Valuta kode', 'Deal - Currency'];
  it.each(headers)('%s is the currency of the amounts', (header) => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-cur-name-'));
    writeFileSync(join(dir, 'deals.csv'), `created,closed,status,amount,${JSON.stringify(header)}\n2026-09-01,2026-10-02,won,100,NOK\n2026-09-01,2026-10-03,won,300,EUR\n`);
    const run = runKpi(['validate', '--source', `deals=${join(dir, 'deals.csv')}`, '--format', 'json'], { cwd: dir });
    const v = JSON.parse(run.stdout) as { sources: { columns: { field: string; header: string }[]; currency?: { column: string } }[] };
    expect(v.sources[0].columns).toContainEqual(expect.objectContaining({ field: 'currency', header }));
    expect(v.sources[0].currency?.column).toBe(header);
    // Two currencies and no fx: validate says so (exit 3).
    expect(run.code).toBe(3);
  });
});
