// Every word a renderer writes and every built-in KPI's label exists in every language kpi speaks: a new built-in
// KPI (or a new UI string) without a translation fails here.
import { describe, expect, it } from 'vitest';
import { BUILTIN_KPIS } from '../../src/registry/index.js';
import { MESSAGES } from '../../src/locale/format.js';
import { en, type Messages } from '../../src/locale/messages/en.js';
import { SOURCE_KINDS } from '../../src/sources/kinds.js';

const LANGUAGES = Object.keys(MESSAGES) as (keyof typeof MESSAGES)[];

/** Every leaf of a messages object as `group.key` → text. */
function leaves(m: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(m)) {
    if (prefix === '' && (k === 'kpis' || k === 'fields')) continue;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

describe('translations', () => {
  it('speaks the four languages', () => {
    expect(LANGUAGES.sort()).toEqual(['da', 'en', 'nb', 'sv']);
  });

  it('the English labels are the registry\'s: a KPI renamed in the registry is renamed here', () => {
    for (const k of BUILTIN_KPIS) expect(en.kpis[k.id], k.id).toBe(k.label);
    expect(Object.keys(en.kpis).sort()).toEqual(BUILTIN_KPIS.map((k) => k.id).sort());
  });

  it.each(LANGUAGES)('%s has a label for every built-in KPI, and none for a KPI that does not exist', (lang) => {
    const m: Messages = MESSAGES[lang];
    const missing = BUILTIN_KPIS.filter((k) => typeof m.kpis[k.id] !== 'string' || m.kpis[k.id].trim() === '').map((k) => k.id);
    expect(missing, `built-in KPIs without a ${lang} label (add them to src/locale/messages/${lang}.ts)`).toEqual([]);
    const ids = new Set(BUILTIN_KPIS.map((k) => k.id));
    expect(Object.keys(m.kpis).filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(LANGUAGES)('%s has every UI string of the English, non-empty, with the English placeholders and Excel codes', (lang) => {
    const ref = leaves(en);
    const got = leaves(MESSAGES[lang]);
    expect([...got.keys()].sort()).toEqual([...ref.keys()].sort());
    for (const [key, text] of ref) {
      const t = got.get(key);
      expect(typeof t, key).toBe('string');
      expect((t as string).trim(), key).not.toBe('');
      const marks = (s: string) => (s.match(/\{\w+\}|&[PN]/g) ?? []).sort();
      // A placeholder the English lacks would print raw; one left out is the language's choice (`tusen kr`, no code).
      const own = marks(text as string);
      for (const m of marks(t as string)) expect(own, `${key}: ${m}`).toContain(m);
      if (key !== 'units.thousandsOwn' && key !== 'units.millionsOwn') expect(marks(t as string), key).toEqual(own);
    }
  });

  it.each(LANGUAGES)('%s sheet names are ones Excel accepts', (lang) => {
    const t = MESSAGES[lang].text;
    for (const name of [t.sheetReport, t.sheetQuality, t.sheetDefinitions]) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[:\\/?*[\]]/);
    }
  });

  it.each(LANGUAGES)('%s translates the statuses to different words (a reader tells them apart)', (lang) => {
    const words = Object.values(MESSAGES[lang].status);
    // `missed` and `error` differ in word though they share a mark.
    expect(new Set(words).size).toBe(words.length);
  });

  it('names the same grouping fields in each Nordic language, each a field of a built-in source', () => {
    // English shows a field as kpi.yaml writes it (`rep`): its table is empty on purpose.
    expect(en.fields).toEqual({});
    const known = new Set(Object.values(SOURCE_KINDS).flatMap((k) => k.fields.map((f) => f.name)));
    const keys = Object.keys(MESSAGES.nb.fields).sort();
    expect(keys.length).toBeGreaterThan(10);
    for (const lang of ['nb', 'sv', 'da'] as const) {
      expect(Object.keys(MESSAGES[lang].fields).sort(), lang).toEqual(keys);
      for (const [field, word] of Object.entries(MESSAGES[lang].fields)) expect(word.trim(), `${lang} ${field}`).not.toBe('');
    }
    expect(keys.filter((k) => !known.has(k))).toEqual([]);
    // The sales rep, the field most reports are split by, as each language's sales teams say it.
    expect([MESSAGES.nb.fields.rep, MESSAGES.sv.fields.rep, MESSAGES.da.fields.rep]).toEqual(['selger', 'säljare', 'sælger']);
  });

  it.each(['nb', 'sv', 'da'] as const)('%s has its own word for the empty group, unlike English', (lang) => {
    expect(MESSAGES[lang].text.blank).not.toBe(en.text.blank);
    expect(MESSAGES[lang].text.blank).toBe('(tom)');
  });
});

