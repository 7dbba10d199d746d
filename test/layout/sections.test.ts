// `report:` in kpi.yaml as the renderers see it: sections in the order written, KPIs no section names under Other
// (never lost), hidden statuses counted and said.
import { describe, expect, it } from 'vitest';
import { hiddenNote, layoutRows, sectionOfKpi, sectionsOf } from '../../src/render/sections.js';
import type { ReportLayout } from '../../src/report/model.js';
import { row } from '../render/helpers.js';

const rows = [
  row({ kpi: 'revenue', status: 'met' }),
  row({ kpi: 'revenue', group: { rep: 'Ann' }, status: 'missed' }),
  row({ kpi: 'orders', status: 'no_target' }),
  row({ kpi: 'win_rate', status: 'missed' }),
  row({ kpi: 'csat', status: 'met' }),
];
const layout = (over: Partial<ReportLayout> = {}): ReportLayout => ({ sections: [], other: 'Other', hide: [], ...over });

describe('sectionsOf', () => {
  it('without a layout: one unnamed section with every row in the report order', () => {
    expect(sectionsOf(rows, undefined)).toEqual({ sections: [{ rows }], hidden: [] });
  });

  it('sections in the order written, KPIs in the order listed, groups after their total, the rest under Other', () => {
    const { sections } = sectionsOf(rows, layout({ sections: [{ name: 'Support', kpis: ['csat'] }, { name: 'Sales', kpis: ['win_rate', 'revenue'] }] }));
    expect(sections.map((s) => [s.name, s.rows.map((r) => `${r.kpi}${r.group.rep ? `/${r.group.rep}` : ''}`)])).toEqual([
      ['Support', ['csat']],
      ['Sales', ['win_rate', 'revenue', 'revenue/Ann']],
      ['Other', ['orders']],
    ]);
  });

  it('a section whose KPIs have no result (not computable, or all hidden) is left out; Other too when empty', () => {
    const { sections } = sectionsOf(rows, layout({ other: 'Øvrige', hide: ['no_target'], sections: [{ name: 'Web', kpis: ['visits'] }, { name: 'All', kpis: ['revenue', 'win_rate', 'csat'] }] }));
    expect(sections.map((s) => s.name)).toEqual(['All']);
  });

  it('hide: leaves the rows of those statuses out and counts them (group rows too)', () => {
    const r = sectionsOf([...rows, row({ kpi: 'orders', group: { rep: 'Ann' }, status: 'no_target' })], layout({ hide: ['no_target'] }));
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0].rows.map((x) => x.kpi)).toEqual(['revenue', 'revenue', 'win_rate', 'csat']);
    expect(r.hidden).toEqual([{ status: 'no_target', count: 2 }]);
    expect(hiddenNote(r.hidden)).toBe('Not shown: 2 results without target (report: hide: in kpi.yaml; the summary counts them)');
    expect(hiddenNote([])).toBe('');
  });

  it('layoutRows and sectionOfKpi agree with the sections', () => {
    const l = layout({ sections: [{ name: 'Sales', kpis: ['win_rate'] }] });
    expect(layoutRows(rows, l).map((r) => r.kpi)).toEqual(['win_rate', 'revenue', 'revenue', 'orders', 'csat']);
    expect([...sectionOfKpi(l, ['revenue', 'win_rate'])]).toEqual([['win_rate', 'Sales'], ['revenue', 'Other']]);
    expect(sectionOfKpi(undefined, ['revenue']).size).toBe(0);
  });
});
