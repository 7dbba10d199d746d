// The system presets are data: each names fields its kind has, its fixture exists and is recognised as it, and no
// value word of any system means two canonical values once merged into the kind.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '../../src/sources/kinds.js';
import { recognise, SYSTEM_PRESETS } from '../../src/sources/presets.js';
import { ROOT } from '../helpers/run-kpi.js';

/** The header row of a fixture (first line; `;` or `,`). */
function headersOf(fixture: string): string[] {
  const first = readFileSync(join(ROOT, fixture), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  return first.split(first.includes(';') ? ';' : ',');
}

describe('system presets', () => {
  it.each(SYSTEM_PRESETS.map((p) => [p.id, p] as const))('%s: fields of its kind, a fixture recognised as it', (_, preset) => {
    const kind = SOURCE_KINDS[preset.kind];
    expect(kind, preset.kind).toBeDefined();
    const fields = new Set(kind.fields.map((f) => f.name));
    for (const field of [...Object.keys(preset.columns), ...Object.keys(preset.values ?? {}), ...Object.keys(preset.ignore ?? {})]) expect(fields, field).toContain(field);
    expect(preset.need).toBeGreaterThanOrEqual(2);
    expect(preset.source.length).toBeGreaterThan(20);
    expect(existsSync(join(ROOT, preset.fixture)), preset.fixture).toBe(true);
    expect(recognise(headersOf(preset.fixture))?.preset.id).toBe(preset.id);
  });

  it('no spelling means two canonical values, nor one and no answer, in any kind', () => {
    for (const kind of Object.values(SOURCE_KINDS)) {
      for (const field of kind.fields) {
        const seen = new Map<string, string>();
        for (const [canonical, spellings] of Object.entries(field.values ?? {})) {
          for (const s of spellings) {
            const before = seen.get(s.toLowerCase());
            expect(before === undefined || before === canonical, `${kind.name}.${field.name}: '${s}' is ${before} and ${canonical}`).toBe(true);
            seen.set(s.toLowerCase(), canonical);
          }
        }
        for (const s of field.ignore ?? []) expect(seen.has(s.toLowerCase()), `${kind.name}.${field.name}: '${s}' is ignored and a value`).toBe(false);
      }
    }
  });

  it('a file with a generic header row is no system', () => {
    expect(recognise(['Date', 'Amount', 'Status', 'Customer'])).toBeUndefined();
    expect(recognise(['Dato', 'Beløp'])).toBeUndefined();
    // Public data sets a new user tries (../shared/datasets): Kaggle's support tickets are no Zendesk Explore
    // report, and the Maven CRM pipeline no Salesforce report, though they share a few generic headers.
    const kaggle = 'Ticket ID,Customer Name,Customer Email,Customer Age,Customer Gender,Product Purchased,Date of Purchase,Ticket Type,Ticket Subject,Ticket Description,Ticket Status,Resolution,Ticket Priority,Ticket Channel,First Response Time,Time to Resolution,Customer Satisfaction Rating';
    expect(recognise(kaggle.split(','))).toBeUndefined();
    expect(recognise(['opportunity_id', 'sales_agent', 'product', 'account', 'deal_stage', 'engage_date', 'close_date', 'close_value'])).toBeUndefined();
  });
});
