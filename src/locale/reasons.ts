// A result's `reason` in the locale's words, where a person reads it (README "Language and number format"). The
// report model keeps the reason in English — JSON, CSV and junit carry it as scripts match it — and the formats for
// people translate the reasons kpi itself writes: the coverage of a period (report/coverage.ts), a KPI that cannot
// be computed, rows dated after --as-of, a window a KPI reads that the data does not cover (report/build-report.ts).
// Each is an English template the report's text is matched against (test/locale/reasons.test.ts holds the templates
// to the texts those modules write); its values are put into the language's template, dates in the locale's
// format. A reason that matches none (a currency problem, a reader's words) is shown as the model has it.
import type { Language } from './locales.js';

/** How a value of a template is matched and shown. */
type Slot =
  /** A day, `2026-10-20`: shown in the locale's date format. */
  | 'date'
  /** One day or two, `2026-11-06 – 2026-11-09`. */
  | 'dates'
  /** A whole number. */
  | 'n'
  /** `3 days` / `1 day`. */
  | 'days'
  /** A reason of its own, which must be one of these templates (else the whole does not match). */
  | 'reason'
  /** A reason of its own, translated when it is one of these templates, else shown as it is. */
  | 'why'
  /** A source's name (no colon: kpi.yaml's names are identifiers), shown as it is. */
  | 'name'
  /** Any text, shown as it is (a period id, a file). */
  | 'text';

interface Template {
  en: string;
  slots: Record<string, Slot>;
}

/** The reasons kpi writes: the frames first (`cannot be computed: …`), `{source}: {reason}` last; the first that matches is taken. */
const TEMPLATES = {
  cannotCompute: { en: 'cannot be computed: {why}', slots: { why: 'why' } },
  noDates: { en: 'no row has a date', slots: {} },
  endsBefore: { en: 'the data ends on {date}, before {period} begins', slots: { date: 'date', period: 'text' } },
  beginsAfterRunning: { en: 'the data begins on {date}, after {end}, the day before --as-of in {period}', slots: { date: 'date', end: 'date', period: 'text' } },
  beginsAfterEnd: { en: 'the data begins on {date}, after {period} ends', slots: { date: 'date', period: 'text' } },
  endsShortRunning: { en: 'the data ends on {date}, {days} before {end}, the day before --as-of in {period}', slots: { date: 'date', days: 'days', end: 'date', period: 'text' } },
  endsShort: { en: 'the data ends on {date}, {days} before the end of {period} ({end})', slots: { date: 'date', days: 'days', period: 'text', end: 'date' } },
  beginsLate: { en: 'the data begins on {date}, {days} after the start of {period} ({start})', slots: { date: 'date', days: 'days', period: 'text', start: 'date' } },
  noRows: { en: '{source} has no data rows ({files})', slots: { source: 'name', files: 'text' } },
  unreadable: { en: '{source}: none of its {n} rows could be read (kpi validate lists them)', slots: { source: 'name', n: 'n' } },
  unreadableShort: { en: '{source}: none of its {n} rows could be read', slots: { source: 'name', n: 'n' } },
  datedAfter: {
    en: "{source}: rows dated {dates} lie after --as-of {asOf} inside {period}, so the period is not running in this data and is not projected; give the export's date as --as-of (or a later one), or --period mtd/qtd/ytd for the part up to --as-of",
    slots: { source: 'name', dates: 'dates', asOf: 'date', period: 'text' },
  },
  missingColumnFix: {
    en: "field '{field}' of {source}: no column is named {name} or a synonym ({synonyms}); map the column that holds it under sources: {under}: in kpi.yaml, e.g. {example}",
    slots: { field: 'text', source: 'text', name: 'text', synonyms: 'text', under: 'text', example: 'text' },
  },
  missingColumn: { en: "field '{field}' of {source}: no column is named {name} or a synonym ({synonyms})", slots: { field: 'text', source: 'text', name: 'text', synonyms: 'text' } },
  reads: { en: '{ref} reads {period}: {reason}', slots: { ref: 'text', period: 'text', reason: 'reason' } },
  // How a target was found (the xlsx Definitions sheet, kpi explain's Target line): the plain cases.
  generalTarget: { en: 'general target', slots: {} },
  periodOverride: { en: "period override '{key}'", slots: { key: 'text' } },
  noTargetInFile: { en: 'no target in the targets file', slots: {} },
  noTargetsFile: { en: 'no targets file', slots: {} },
  groupTarget: { en: 'group {pairs}: {reason}', slots: { pairs: 'text', reason: 'reason' } },
  // Last: a source's name before any of the above.
  sourced: { en: '{source}: {reason}', slots: { source: 'name', reason: 'reason' } },
} satisfies Record<string, Template>;

export type ReasonKey = keyof typeof TEMPLATES;

/** A language's templates (with the English placeholders), and its words for one day and for several. */
export interface ReasonWords {
  templates: Record<ReasonKey, string>;
  dayOne: string;
  dayMany: string;
}

const nb: ReasonWords = {
  templates: {
    noDates: 'ingen rad har en dato',
    endsBefore: 'dataene slutter {date}, før {period} begynner',
    beginsAfterRunning: 'dataene begynner {date}, etter {end}, dagen før --as-of i {period}',
    beginsAfterEnd: 'dataene begynner {date}, etter at {period} er slutt',
    endsShortRunning: 'dataene slutter {date}, {days} før {end}, dagen før --as-of i {period}',
    endsShort: 'dataene slutter {date}, {days} før slutten av {period} ({end})',
    beginsLate: 'dataene begynner {date}, {days} etter starten av {period} ({start})',
    noRows: '{source} har ingen datarader ({files})',
    unreadable: '{source}: ingen av de {n} radene kunne leses (kpi validate viser dem)',
    unreadableShort: '{source}: ingen av de {n} radene kunne leses',
    datedAfter:
      '{source}: rader datert {dates} ligger etter --as-of {asOf} innenfor {period}, så perioden løper ikke i disse dataene og fremskrives ikke; oppgi eksportens dato som --as-of (eller en senere), eller --period mtd/qtd/ytd for delen frem til --as-of',
    missingColumnFix: "feltet '{field}' i {source}: ingen kolonne heter {name} eller et synonym ({synonyms}); angi kolonnen som har det under sources: {under}: i kpi.yaml, f.eks. {example}",
    missingColumn: "feltet '{field}' i {source}: ingen kolonne heter {name} eller et synonym ({synonyms})",
    cannotCompute: 'kan ikke beregnes: {why}',
    reads: '{ref} leser {period}: {reason}',
    sourced: '{source}: {reason}',
    generalTarget: 'generelt mål',
    periodOverride: "eget mål for perioden '{key}'",
    noTargetInFile: 'ikke noe mål i målfilen',
    noTargetsFile: 'ingen målfil',
    groupTarget: 'gruppe {pairs}: {reason}',
  },
  dayOne: '{n} dag',
  dayMany: '{n} dager',
};

const sv: ReasonWords = {
  templates: {
    noDates: 'ingen rad har ett datum',
    endsBefore: 'underlaget slutar {date}, innan {period} börjar',
    beginsAfterRunning: 'underlaget börjar {date}, efter {end}, dagen före --as-of i {period}',
    beginsAfterEnd: 'underlaget börjar {date}, efter att {period} har slutat',
    endsShortRunning: 'underlaget slutar {date}, {days} före {end}, dagen före --as-of i {period}',
    endsShort: 'underlaget slutar {date}, {days} före slutet av {period} ({end})',
    beginsLate: 'underlaget börjar {date}, {days} efter början av {period} ({start})',
    noRows: '{source} har inga datarader ({files})',
    unreadable: '{source}: ingen av dess {n} rader kunde läsas (kpi validate listar dem)',
    unreadableShort: '{source}: ingen av dess {n} rader kunde läsas',
    datedAfter:
      '{source}: rader daterade {dates} ligger efter --as-of {asOf} inom {period}, så perioden pågår inte i detta underlag och skrivs inte fram; ange exportens datum som --as-of (eller ett senare), eller --period mtd/qtd/ytd för delen fram till --as-of',
    missingColumnFix: "fältet '{field}' i {source}: ingen kolumn heter {name} eller en synonym ({synonyms}); ange kolumnen som innehåller det under sources: {under}: i kpi.yaml, t.ex. {example}",
    missingColumn: "fältet '{field}' i {source}: ingen kolumn heter {name} eller en synonym ({synonyms})",
    cannotCompute: 'kan inte beräknas: {why}',
    reads: '{ref} läser {period}: {reason}',
    sourced: '{source}: {reason}',
    generalTarget: 'generellt mål',
    periodOverride: "eget mål för perioden '{key}'",
    noTargetInFile: 'inget mål i målfilen',
    noTargetsFile: 'ingen målfil',
    groupTarget: 'grupp {pairs}: {reason}',
  },
  dayOne: '{n} dag',
  dayMany: '{n} dagar',
};

const da: ReasonWords = {
  templates: {
    noDates: 'ingen række har en dato',
    endsBefore: 'dataene slutter {date}, før {period} begynder',
    beginsAfterRunning: 'dataene begynder {date}, efter {end}, dagen før --as-of i {period}',
    beginsAfterEnd: 'dataene begynder {date}, efter at {period} er slut',
    endsShortRunning: 'dataene slutter {date}, {days} før {end}, dagen før --as-of i {period}',
    endsShort: 'dataene slutter {date}, {days} før slutningen af {period} ({end})',
    beginsLate: 'dataene begynder {date}, {days} efter starten af {period} ({start})',
    noRows: '{source} har ingen datarækker ({files})',
    unreadable: '{source}: ingen af dens {n} rækker kunne læses (kpi validate viser dem)',
    unreadableShort: '{source}: ingen af dens {n} rækker kunne læses',
    datedAfter:
      '{source}: rækker dateret {dates} ligger efter --as-of {asOf} inden for {period}, så perioden løber ikke i disse data og fremskrives ikke; angiv eksportens dato som --as-of (eller en senere), eller --period mtd/qtd/ytd for delen frem til --as-of',
    missingColumnFix: "feltet '{field}' i {source}: ingen kolonne hedder {name} eller et synonym ({synonyms}); angiv kolonnen, der indeholder det, under sources: {under}: i kpi.yaml, f.eks. {example}",
    missingColumn: "feltet '{field}' i {source}: ingen kolonne hedder {name} eller et synonym ({synonyms})",
    cannotCompute: 'kan ikke beregnes: {why}',
    reads: '{ref} læser {period}: {reason}',
    sourced: '{source}: {reason}',
    generalTarget: 'generelt mål',
    periodOverride: "eget mål for perioden '{key}'",
    noTargetInFile: 'intet mål i målfilen',
    noTargetsFile: 'ingen målfil',
    groupTarget: 'gruppe {pairs}: {reason}',
  },
  dayOne: '{n} dag',
  dayMany: '{n} dage',
};

const en: ReasonWords = {
  templates: Object.fromEntries(Object.entries(TEMPLATES).map(([k, t]) => [k, t.en])) as Record<ReasonKey, string>,
  dayOne: '{n} day',
  dayMany: '{n} days',
};

export const REASON_WORDS: Record<Language, ReasonWords> = { en, nb, sv, da };

/** The English templates, for the test that holds them to what the report writes. */
export const REASON_TEMPLATES: Readonly<Record<ReasonKey, string>> = en.templates;

const SLOT_PATTERN: Record<Slot, string> = {
  date: '(\\d{4}-\\d{2}-\\d{2})',
  dates: '(\\d{4}-\\d{2}-\\d{2}(?: – \\d{4}-\\d{2}-\\d{2})?)',
  n: '(\\d+)',
  days: '(\\d+) days?',
  reason: '(.+)',
  why: '(.+)',
  name: '([^:]+?)',
  text: '(.+?)',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each template as an anchored expression, with its slots' names in the order they are captured. */
const MATCHERS = Object.entries(TEMPLATES).map(([key, t]) => {
  const names: string[] = [];
  const source = t.en
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (m === null) return escape(part);
      names.push(m[1]);
      return SLOT_PATTERN[(t.slots as Record<string, Slot>)[m[1]]];
    })
    .join('');
  return { key: key as ReasonKey, slots: t.slots as Record<string, Slot>, names, re: new RegExp(`^${source}$`) };
});

/** What a translation needs of the locale: its language and its way of writing a day and a count. */
export interface ReasonLocale {
  language: Language;
  date(iso: string): string;
  integer(n: number): string;
}

/** The reason in the locale's words, or undefined when it is none of kpi's templates. */
function translate(text: string, l: ReasonLocale, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const words = REASON_WORDS[l.language];
  for (const m of MATCHERS) {
    const found = m.re.exec(text);
    if (found === null) continue;
    const values: Record<string, string> = {};
    let ok = true;
    m.names.forEach((name, i) => {
      const v = found[i + 1];
      switch (m.slots[name]) {
        case 'date':
          values[name] = l.date(v);
          break;
        case 'dates':
          values[name] = v.split(' – ').map((d) => l.date(d)).join(' – ');
          break;
        case 'n':
          values[name] = l.integer(Number(v));
          break;
        case 'days':
          values[name] = (Number(v) === 1 ? words.dayOne : words.dayMany).replace('{n}', l.integer(Number(v)));
          break;
        case 'reason': {
          const inner = translate(v, l, depth + 1);
          if (inner === undefined) ok = false;
          else values[name] = inner;
          break;
        }
        case 'why':
          values[name] = translate(v, l, depth + 1) ?? v;
          break;
        case 'name':
        case 'text':
          values[name] = v;
          break;
      }
    });
    if (!ok) continue;
    return words.templates[m.key].replace(/\{(\w+)\}/g, (all, k: string) => values[k] ?? all);
  }
  return undefined;
}

/** A result's reason as a person of this locale reads it; in English (and for unknown reasons) as it is. */
export function reasonText(text: string, l: ReasonLocale): string {
  if (l.language === 'en') return text;
  return translate(text, l) ?? text;
}
