// One reproducer per user error: the exact first line on stderr, the exit code, and never a stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';
import type { ErrorCode } from '../../src/errors.js';

const FIX = join(ROOT, 'fixtures', 'kpis');

interface Case {
  name: string;
  files?: Record<string, string | Buffer>;
  args: string[];
  code: number;
  /** The first line of stderr, exactly (`<dir>` stands for the case's folder). */
  message: string;
  /** The stable error code, printed with `--format json` (README "Error codes"). */
  error: ErrorCode;
}

const SALES = `sales: { file: ${JSON.stringify(join(FIX, 'sales.csv'))} }`;
const DEALS = `deals: { file: ${JSON.stringify(join(FIX, 'deals.csv'))} }`;

const CASES: Case[] = [
  {
    name: 'missing config file',
    error: 'KPI_FILE_NOT_FOUND',
    args: ['report', '-c', 'nope.yaml'],
    code: 3,
    message: 'kpi: config file not found: nope.yaml',
  },
  {
    name: 'YAML alias bomb',
    // Each alias level repeats the one below nine times: 9^4 nodes from a few lines, stopped at 100 per alias.
    files: {
      'kpi.yaml': 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_CONFIG_YAML',
    message: 'kpi: kpi.yaml: invalid YAML: its aliases (*name) expand to too many nodes (more than 100 per alias); write the values out instead of nesting aliases',
  },
  {
    name: 'duplicate key in a nested map (our own check, not the library\'s quadratic one)',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: a.csv }\n  deals: { file: b.csv }\n  sales: { file: c.csv }\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_CONFIG_YAML',
    message: "kpi: kpi.yaml:4:3: invalid YAML: Map keys must be unique: 'sales' is written twice in the same map (first at line 2); keep one",
  },
  {
    name: '-c naming a folder (EISDIR before)',
    args: ['report', '-c', '.'],
    code: 2,
    error: 'KPI_CONFIG_INVALID',
    message: 'kpi: config file . is a folder, not a file; name the file in it: -c ./kpi.yaml',
  },
  {
    name: '--compare with a word that is no keyword or period',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n` },
    args: ['report', '-c', 'kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'lastyear'],
    code: 2,
    error: 'KPI_PERIOD',
    message: 'kpi: --compare lastyear: expected prev, yoy, none or a period id (2026-09, 2025-Q4, FY2025 …)',
  },
  {
    name: 'a misspelt key in notes.yaml names the file, line and the key expected (0.note: … received undefined before)',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n`, 'notes.yaml': '- kpi: revenue\n  period: 2026-10\n  nte: Two deals slipped\n' },
    args: ['report', '-c', 'kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15'],
    code: 2,
    error: 'KPI_CONFIG_INVALID',
    message: "kpi: <dir>/notes.yaml:3: note 1: unknown key 'nte'; expected 'note' (write note: instead)",
  },
  {
    name: 'kpi.yaml in Latin-1',
    // 'Omsætning' with æ as the single byte 0xE6: line 4, column 6 (after "  Oms").
    files: { 'kpi.yaml': Buffer.concat([Buffer.from('sources:\n  sales: { file: s.csv }\nkpis:\n  Oms'), Buffer.from([0xe6]), Buffer.from('tning:\n    formula: sum(sales.revenue)\n')]) },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_CONFIG_NOT_UTF8',
    message: 'kpi: kpi.yaml:4:6: the config file is not UTF-8 text (byte 0xE6; Latin-1 or Windows-1252?); save it as UTF-8, e.g. iconv -f windows-1252 -t utf-8 "kpi.yaml" > fixed.yaml',
  },
  ...(
    [
      ['.nan', '.nan (not a number)'],
      ['.inf', '.inf (infinity: .inf, or a number too large to hold, like 1e400)'],
      ['1e400', '.inf (infinity: .inf, or a number too large to hold, like 1e400)'],
    ] as const
  ).map(([value, said]): Case => ({
    name: `target ${value} (JSON.stringify said "got null")`,
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n`, 'targets.yaml': `revenue:\n  target: ${value}\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_TARGETS',
    message: `kpi: <dir>/targets.yaml:2: revenue.target: expected a number or percent (e.g. 1200000, 1_200_000, 40%), got ${said}`,
  })),
  {
    name: 'negative month weight (said "the weights add up to 0")',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n`, 'targets.yaml': 'revenue:\n  target: 1200\n  per: year\n  weights:\n    jan: -1\n    feb: 1\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_TARGETS',
    message: "kpi: <dir>/targets.yaml:5: revenue.weights: 'jan' is -1; a month's weight is its share of the target and cannot be negative",
  },
  {
    name: 'a 1 MB unknown identifier is echoed cut, with its length',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  x:\n    formula: sum(sales.${'a'.repeat(1_000_000)})\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    error: 'KPI_FORMULA',
    message: `kpi: kpi.yaml:5: x: 1:11 unknown field '${'a'.repeat(80)}… (1000000 characters)' in sales`,
  },
  {
    name: 'missing revenue column is a data error like a missing date column (was exit 2)',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: s.csv }\n', 's.csv': 'date,foo\n2026-10-01,5\n' },
    args: ['report', '-c', 'kpi.yaml', '--kpi', 'revenue'],
    code: 3,
    error: 'KPI_COLUMN_NOT_FOUND',
    message:
      "kpi: KPI 'revenue' cannot be computed with this configuration: field 'revenue' of sales: no column is named revenue or a synonym (revenue, sales, amount, net_amount); map the column that holds it under sources: sales: in kpi.yaml, e.g. columns: { revenue: \"foo\" }",
  },
  {
    // The example YAML names a column of the field's type that no field took, the closest by name: of Dato (the
    // date), Kunde (text), Antall and Beløp totalt (numbers), the numbers qualify, and "beløp_totalt" holds the
    // revenue synonym "beløp" as a word while "antall" is far from every synonym.
    name: 'missing required column without a close name: the message ends with the YAML that maps the likeliest one',
    error: 'KPI_COLUMN_NOT_FOUND',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: s.csv }\n', 's.csv': 'Dato,Kunde,Antall,Beløp totalt\n2026-10-01,Ann,2,500\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 3,
    message: "kpi: source 'sales': required column 'revenue' not found in s.csv; map the column that holds it with columns: { revenue: \"Beløp totalt\" }",
  },
  {
    name: 'invalid YAML',
    error: 'KPI_CONFIG_YAML',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: x.csv\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: 'kpi: kpi.yaml:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
  },
  {
    name: 'unknown key in kpi.yaml',
    error: 'KPI_CONFIG_INVALID',
    files: { 'kpi.yaml': `sources:\n  sales:\n    file: ${JSON.stringify(join(FIX, 'sales.csv'))}\n    delimeter: ";"\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: kpi.yaml:4: sources.sales: unknown key 'delimeter'",
  },
  {
    name: 'missing data file',
    error: 'KPI_FILE_NOT_FOUND',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: exports/sales.csv }\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 3,
    message: "kpi: source 'sales': file not found: exports/sales.csv",
  },
  {
    name: 'glob matching nothing',
    error: 'KPI_NO_FILE_MATCHES',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: "exports/*.csv" }\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 3,
    message: "kpi: source 'sales': no file matches exports/*.csv (looked in .)",
  },
  {
    name: 'formula syntax error',
    error: 'KPI_FORMULA',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  big:\n    formula: sum(sales.revenue where revenue > )\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: `kpi: kpi.yaml:5: big: 1:35 expected a value ("text", number, 2026-01-31, period_start or period_end), found ')'`,
  },
  {
    name: 'unknown field with did-you-mean',
    error: 'KPI_FORMULA',
    files: { 'kpi.yaml': `sources:\n  ${DEALS}\nkpis:\n  my_win_rate:\n    formula: count(deals where stauts = "won") / count(deals)\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: kpi.yaml:5: my_win_rate: 1:19 unknown field 'stauts' in deals; did you mean 'status'?",
  },
  {
    name: 'unknown source',
    error: 'KPI_FORMULA',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  x:\n    formula: sum(sale.revenue)\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: kpi.yaml:5: x: 1:5 unknown source 'sale'; did you mean 'sales'?",
  },
  {
    name: 'unknown KPI reference',
    error: 'KPI_KPI_UNKNOWN',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  x:\n    formula: revenu / 2\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: kpi.yaml:5: x: 1:1 unknown KPI 'revenu'; did you mean 'revenue'?",
  },
  {
    name: 'KPI cycle',
    error: 'KPI_KPI_CYCLE',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  a:\n    formula: b + 1\n  b:\n    formula: a * 2\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: 'kpi: kpi.yaml:7: b: 1:1 KPIs refer to each other in a cycle: a → b → a',
  },
  {
    name: 'text field summed',
    error: 'KPI_FORMULA',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\nkpis:\n  x:\n    formula: sum(sales.rep)\n` },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: kpi.yaml:5: x: 1:11 field 'rep' of sales holds text; sum needs numbers",
  },
  {
    name: 'unknown KPI in targets',
    error: 'KPI_KPI_UNKNOWN',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n`, 'targets.yaml': 'revenue: 100\nrevenu_growth: 5%\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: "kpi: <dir>/targets.yaml:2: unknown KPI 'revenu_growth' in targets; did you mean 'revenue_growth'?",
  },
  {
    name: 'bad target value',
    error: 'KPI_TARGETS',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n`, 'targets.yaml': 'revenue:\n  target: lots\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 2,
    message: 'kpi: <dir>/targets.yaml:2: revenue.target: expected a number or percent (e.g. 1200000, 1_200_000, 40%), got "lots"',
  },
  {
    name: 'missing required column',
    error: 'KPI_COLUMN_NOT_FOUND',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: s.csv }\n', 's.csv': 'Day,Amount\n2026-10-01,5\n' },
    args: ['report', '-c', 'kpi.yaml', '--kpi', 'revenue'],
    code: 3,
    message: "kpi: source 'sales': required column 'date' not found in s.csv; did you mean 'day'? map it with columns: { date: \"Day\" }",
  },
  {
    name: 'mapped column not in the file',
    error: 'KPI_COLUMN_NOT_FOUND',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: s.csv, columns: { revenue: Belop } }\n', 's.csv': 'Dato,Beløp\n2026-10-01,5\n' },
    args: ['report', '-c', 'kpi.yaml'],
    code: 3,
    message: "kpi: kpi.yaml:2: source 'sales': column 'Belop' (mapped to revenue) not found in s.csv; did you mean 'Beløp'?",
  },
  {
    name: 'bad row under --strict',
    error: 'KPI_BAD_ROW',
    files: { 'kpi.yaml': 'sources:\n  sales: { file: s.csv }\n', 's.csv': 'date,revenue\n2026-10-01,5\n2026-10-02,abc\n' },
    args: ['report', '-c', 'kpi.yaml', '--period', '2026-10', '--strict'],
    code: 3,
    message: `kpi: s.csv:3: column 'revenue': "abc" is not a number (--strict stops at the first bad row)`,
  },
  {
    name: 'unknown period',
    error: 'KPI_PERIOD',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n` },
    args: ['report', '-c', 'kpi.yaml', '--period', '2026-13'],
    code: 2,
    message: "kpi: unknown period '2026-13'; use 2026-10, 2026-Q4, 2026-H2, 2026, 2026-W42, 2026-10-01..2026-10-15, 2025-11..2026-10, FY2026, FY2026-Q1, mtd, qtd, ytd, fytd, ltm, l3m, last-90d or all",
  },
  {
    name: 'unknown --kpi',
    error: 'KPI_KPI_UNKNOWN',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n` },
    args: ['report', '-c', 'kpi.yaml', '--kpi', 'revenu'],
    code: 2,
    message: "kpi: unknown KPI 'revenu'; did you mean 'revenue'?; `kpi list` shows them all",
  },
  {
    name: '--kpi whose source is not configured',
    error: 'KPI_KPI_UNAVAILABLE',
    files: { 'kpi.yaml': `sources:\n  ${SALES}\n` },
    args: ['report', '-c', 'kpi.yaml', '--kpi', 'win_rate'],
    code: 2,
    message: "kpi: KPI 'win_rate' cannot be computed with this configuration: unknown source 'deals'; configured sources: sales",
  },
  {
    name: 'unknown option',
    error: 'KPI_USAGE',
    args: ['report', '--perod', '2026-10'],
    code: 2,
    message: "kpi: unknown option '--perod'",
  },
  {
    name: 'bad --format',
    error: 'KPI_USAGE',
    args: ['report', '--format', 'docx'],
    code: 2,
    message: "kpi: option '-f, --format <format>' argument 'docx' is invalid. Allowed choices are table, json, csv, md, xlsx, html, junit, pptx, pdf.",
  },
  {
    name: 'no config and no --source',
    error: 'KPI_NO_CONFIG',
    args: ['report'],
    code: 2,
    message: 'kpi: no kpi.yaml here; pass -c <config> or --source <name>=<file> (e.g. --source sales=export.csv)',
  },
];

describe('user errors', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const dir = mkdtempSync(join(tmpdir(), 'kpi-err-'));
      for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
      const run = runKpi(c.args, { cwd: dir });
      const firstLine = run.stderr.split('\n')[0];
      expect(firstLine).toBe(c.message.replace('<dir>', dir));
      expect(run.code).toBe(c.code);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(run.stdout).toBe('');
      // The same error as JSON on stderr: its code, exit code and the same message (without the 'kpi: ' prefix).
      const json = runKpi([...c.args, '--format', 'json'], { cwd: dir });
      expect(json.code).toBe(c.code);
      expect(json.stdout).toBe('');
      const lines = json.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      const { error } = JSON.parse(lines[0]) as { error: { code: string; exit: number; message: string } };
      expect(error.code).toBe(c.error);
      expect(error.exit).toBe(c.code);
    });
  }
});
