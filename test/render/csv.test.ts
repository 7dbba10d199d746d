// CSV renderer: RFC 4180 quoting, formula-injection neutralising, raw numbers, one tidy row per result.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, plainNumber, renderCsv } from '../../src/render/csv.js';
import { sampleReport } from './helpers.js';
import { renderedText } from '../../src/render/stream.js';

const text = (r: ReturnType<typeof renderCsv>) => {
  if (r instanceof Promise) throw new Error('csv renders at once');
  return renderedText(r);
};

describe('csvField', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+47 555')).toBe("'+47 555");
    expect(csvField('-12.5')).toBe("'-12.5");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes numbers raw: negatives stay numbers, no grouping, no rounding', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(1234567.89)).toBe('1234567.89');
    expect(csvField(0.59998064516129)).toBe('0.59998064516129');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });
});

describe('plainNumber', () => {
  it('never uses exponent notation', () => {
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-3.25e-8)).toBe('-0.0000000325');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.2345e22)).toBe('12345000000000000000000');
    expect(plainNumber(0)).toBe('0');
    expect(plainNumber(-0.5)).toBe('-0.5');
  });

  it('reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const s = plainNumber(n);
        expect(s).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(s)).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('renderCsv', () => {
  it('writes a header, one CRLF-terminated row per result and a column per --by field', () => {
    const { report, context } = sampleReport();
    const out = text(renderCsv(report, context, { color: false }));
    expect(out.endsWith('\r\n')).toBe(true);
    // Outside quoted fields every line ends with CRLF.
    expect(out.replace(/"(?:[^"]|"")*"/g, '""')).not.toMatch(/[^\r]\n/);
    const lines = out.split('\r\n');
    expect(lines[0]).toBe(
      'kpi,label,unit,better,rep,value,target,variance,variance_pct,status,previous,change,change_pct,projected,pace,share,baseline,benchmark,period,compare_period,unknown_values,coverage_last,complete,reason,bad_values,bad_values_accepted,level',
    );
    const rows = parse(out, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(rows).toHaveLength(report.results.length);
    expect(rows[0]).toMatchObject({ kpi: 'revenue', rep: '', value: '1234.5', target: '1000', status: 'met', period: '2026-10', compare_period: '2026-09' });
    // With --by, `level` tells the total from a group: an empty group value is empty too (a new-user trial).
    expect(rows.map((r) => r.level)).toEqual(report.results.map((r) => (Object.keys(r.group).length ? 'group' : 'total')));
    expect(rows[1]).toMatchObject({ rep: '\'=HYPERLINK("x")', value: '-12.5', variance: '-112.5', variance_pct: '-1.125' });
    expect(rows[2].label).toBe('Margin, "gross" <b>&</b>');
    expect(rows[3]).toMatchObject({ projected: '7', pace: 'true' });
    expect(rows[4].value).toBe('0.0000001');
    expect(rows[5]).toMatchObject({ value: '', baseline: '35', benchmark: '41' });
  });

  it('prefixes a --by field that has the name of a fixed column', () => {
    const { report, context } = sampleReport();
    context.by = ['status'];
    report.results = [{ ...report.results[1], group: { status: 'won' } }];
    const rows = parse(text(renderCsv(report, context, { color: false })), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ by_status: 'won', status: 'missed' });
  });

  it('keeps only missed and at-risk results for kpi check', () => {
    const { report, context } = sampleReport();
    const rows = parse(text(renderCsv(report, context, { color: false, onlyProblems: true })), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.status)).toEqual(['missed', 'at_risk']);
  });
});
