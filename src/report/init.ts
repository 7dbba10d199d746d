// `kpi init`: sniffs exports, guesses each one's source kind and column mapping, and writes a starter kpi.yaml and targets.yaml.
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { SOURCE_KINDS, type CanonicalField, type SourceKind } from '../sources/kinds.js';
import { buildValueMaps, openFile } from '../sources/source-schema.js';
import { sniffOf } from '../sources/formats.js';
import type { SourceFile } from '../sources/table.js';
import { snakeCase } from '../util/text.js';
import { headerNames, matchField } from '../sources/auto-map.js';
import { recognise, type Recognised } from '../sources/presets.js';
import { unitFromHeader } from '../sources/parse-duration.js';
import { sampleFit, type SampleFit } from '../sources/sample-fit.js';
import { prepare } from './build-report.js';
import { addsUpOverTime } from '../registry/types.js';

export interface InitOptions {
  files: string[];
  config: string;
  targets: string;
  force: boolean;
}

interface Guess {
  name: string;
  kind?: SourceKind;
  files: SourceFile[];
  columns: Record<string, string>;
  /** Columns that looked right by name but were not taken (said on stderr and in kpi.yaml). */
  notes: string[];
  /** The system whose export this is, when its headers say so. */
  system?: Recognised;
  /** Why the file is this kind, or why it is none: said on stderr and in kpi.yaml. */
  why: string[];
  /** The workbook's other sheets, and why this one was taken. */
  sheets?: string;
}

export interface KindGuess {
  kind?: SourceKind;
  columns: Record<string, string>;
  notes: string[];
  system?: Recognised;
  why: string[];
}

/** One kind tried on a file's headers: the columns its fields take and the required ones it lacks. */
interface Trial {
  kind: SourceKind;
  columns: Record<string, string>;
  notes: string[];
  missing: string[];
  score: number;
}

/**
 * The kind whose required fields all appear among the headers, with the most fields matched; the kind of the
 * system whose export the headers are, when they are one (presets.ts) and its required fields are there. Fields are
 * matched as a source maps them (auto-map.ts): a column whose sample does not read as the field's type is not taken.
 */
export function guessKind(file: SourceFile): KindGuess {
  const raw = file.rawHeaders ?? file.headers;
  const names = headerNames(raw);
  const system = recognise(raw);
  const fits = new Map<string, SampleFit>();
  const fit = (column: number, field: CanonicalField, kind: SourceKind) => {
    const key = `${column}:${kind.name}:${field.name}`;
    if (!fits.has(key)) {
      const { maps, ignored } = buildValueMaps({}, kind);
      fits.set(key, sampleFit(file, column, field.type, {}, { values: maps.get(field.name), ignored: ignored.get(field.name), duration: field.duration }));
    }
    return fits.get(key)!;
  };
  const trials: Trial[] = Object.values(SOURCE_KINDS).map((kind) => {
    const columns: Record<string, string> = {};
    const notes: string[] = [];
    const used = new Set<number>();
    for (const field of kind.fields) {
      const match = matchField(field, { names, headers: file.headers, taken: (c) => used.has(c), fit: (c, f) => fit(c, f, kind) });
      notes.push(...match.notes, ...(match.chosen ?? []));
      if (match.column !== undefined) {
        columns[field.name] = file.headers[match.column];
        used.add(match.column);
      }
    }
    // A column passed over by one field (a `First response time` of durations is not the date first_response)
    // and taken by another is no news.
    const taken = new Set(Object.values(columns));
    const kept = notes.filter((n) => !/^column '([^']*)' looks like/.test(n) || !taken.has(/^column '([^']*)'/.exec(n)![1]));
    const missing = kind.fields.filter((f) => f.required && columns[f.name] === undefined).map((f) => f.name);
    // Required fields weigh most; then the kind that explains more of the headers.
    const score = kind.fields.reduce((n, f) => n + (columns[f.name] ? (f.required ? 3 : 1) : 0), 0);
    return { kind, columns, notes: kept, missing, score };
  });
  const complete = trials.filter((t) => t.missing.length === 0);
  const own = system && complete.find((t) => t.kind.name === system.preset.kind);
  // A recognised export whose own kind lacks a field is no other kind: a Tripletex ledger without categories
  // read as sales would sum debits and credits into a revenue of 0.
  const best = own ?? (system ? undefined : complete.reduce<Trial | undefined>((b, t) => (!b || t.score > b.score ? t : b), undefined));
  const shown = system ? system.matched.slice(0, 5).map((h) => `'${h}'`).join(', ') + (system.matched.length > 5 ? ', …' : '') : '';
  const said = system ? `looks like a${/^[AEIOU]/i.test(system.preset.export) ? 'n' : ''} ${system.preset.export} (headers ${shown})` : undefined;
  if (best) {
    const required = best.kind.fields.filter((f) => f.required).map((f) => `${f.name} ← '${best.columns[f.name]}'`);
    const mapped = Object.keys(best.columns).length;
    const why = [
      ...(said ? [said] : []),
      `kind ${best.kind.name} (${best.kind.description}): its required ${required.join(', ')}; ${mapped} of its ${best.kind.fields.length} fields mapped`,
    ];
    return { kind: best.kind, columns: best.columns, notes: best.notes, system, why };
  }
  // No kind: the ones it came closest to, and what each lacks. A new user with a helpdesk export that has no
  // creation date sees why it is no tickets source, and what to map.
  const ranked = trials
    .map((t) => ({ ...t, found: t.kind.fields.filter((f) => t.columns[f.name] !== undefined).map((f) => f.name) }))
    .filter((t) => t.found.length > 0)
    .sort((a, b) => (system && a.kind.name === system.preset.kind ? -1 : system && b.kind.name === system.preset.kind ? 1 : b.found.length - a.found.length || a.missing.length - b.missing.length));
  const why = [
    ...(said ? [said] : []),
    ranked.length
      ? `no built-in kind: ${ranked
          .slice(0, 3)
          .map((t) =>
            t.missing.length
              ? `${t.kind.name} needs ${t.missing.join(' and ')} (found ${t.found.join(', ')})`
              : `${t.kind.name} would fit by name (${t.found.join(', ')}), but this export is not ${t.kind.description}`,
          )
          .join('; ')}`
      : `no built-in kind: no header is a field of any kind (e.g. sales needs a date and a revenue column, deals created and status, tickets created)`,
  ];
  const near = ranked.find((t) => t.missing.length <= 2 && (t.found.length >= 3 || (system && t.kind.name === system.preset.kind)));
  const notes: string[] = [];
  if (near) {
    const map = near.missing.map((f) => `${f}: <column>`).join(', ');
    notes.push(
      `closest kind: ${near.kind.name} (found ${near.found.join(', ')}; no column for the required ${near.missing.join(' and ')}); if the export has one, add kind: ${near.kind.name} and columns: { ${map} }`,
    );
  }
  return { columns: {}, notes, system, why };
}

/**
 * A source name kpi.yaml accepts (letters, digits and _, not starting with a digit) from a file name:
 * `01 Call-Center-Dataset.xlsx` is `call_center_dataset`, not `01_call_center_dataset`, which the loader refuses.
 */
export function sourceNameOf(path: string): string {
  const stem = basename(path).replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
  const name = snakeCase(stem).replace(/^[\p{N}_]+/u, '');
  return name || 'source';
}

/**
 * For a workbook: the sheet with the most data rows (a first sheet that is a one-cell disclaimer or a cover page is
 * passed over), and a sentence naming the others. A workbook of one sheet is opened as it is.
 */
async function openWorkbook(path: string, label: string): Promise<{ file: SourceFile; sheets?: string }> {
  let tabs: { name: string; visible: boolean; worksheet: boolean }[];
  try {
    // Loaded here, not with init: the workbook reader brings exceljs (some 300 ms of loading), which a CSV never needs.
    const { workbookTabs } = await import('../sources/xlsx/xlsx-reader.js');
    tabs = await workbookTabs(path);
  } catch {
    return { file: await openFile(path, {} as never, label) };
  }
  const sheets = tabs.filter((t) => t.worksheet);
  if (sheets.length <= 1) return { file: await openFile(path, {} as never, label) };
  const tried: { name: string; file?: SourceFile; rows: number; why?: string; hidden: boolean }[] = [];
  for (const t of sheets) {
    try {
      const file = await openFile(path, { sheet: t.name } as never, label);
      let rows = 0;
      await file.eachRecord((record) => {
        if (record.some((c) => c !== '' && c !== undefined)) rows++;
      });
      tried.push({ name: t.name, file, rows, hidden: !t.visible });
    } catch (err) {
      tried.push({ name: t.name, rows: 0, why: err instanceof Error ? err.message.replace(/^.*?: /, '') : String(err), hidden: !t.visible });
    }
  }
  // Visible sheets first: a hidden sheet of lookups is not what the user exported, unless it is all there is.
  const pick = [...tried].filter((t) => t.file).sort((a, b) => Number(a.hidden) - Number(b.hidden) || b.rows - a.rows)[0];
  if (!pick) return { file: await openFile(path, {} as never, label) };
  const rowsOf = (t: (typeof tried)[number]) => (t.file ? `${t.rows} data row${t.rows === 1 ? '' : 's'}` : `unreadable: ${t.why}`);
  const others = tried.filter((t) => t !== pick).map((t) => `'${t.name}' (${rowsOf(t)}${t.hidden ? ', hidden' : ''})`);
  return { file: pick.file!, sheets: `sheet '${pick.name}' (${rowsOf(pick)}), the one with the most data rows; other sheets: ${others.join(', ')}` };
}

/**
 * `currency:` from the currency columns of the exports (their sampled rows), the most common code; and when the
 * samples hold several, a note that amounts of different currencies are never added, with the settings that help.
 */
function currencyLines(guesses: readonly Guess[]): string[] {
  const counts = new Map<string, number>();
  const columns: string[] = [];
  for (const g of guesses) {
    const header = g.columns.currency;
    if (header === undefined) continue;
    columns.push(`${g.name}.${header}`);
    for (const file of g.files) {
      const col = file.headers.indexOf(header);
      for (const row of file.sample) {
        const v = row[col];
        if (typeof v === 'string' && v.trim() !== '') counts.set(v.trim().toUpperCase(), (counts.get(v.trim().toUpperCase()) ?? 0) + 1);
      }
    }
  }
  if (counts.size === 0) return [];
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const lines = [`currency: ${JSON.stringify(ranked[0][0])}             # from the currency column${columns.length > 1 ? 's' : ''} ${columns.join(', ')}`];
  if (ranked.length > 1) {
    lines.push(
      `# note: the sampled rows hold ${ranked.map(([code, n]) => `${code} (${n})`).join(', ')}: kpi never adds amounts of different currencies,`,
      `# so money KPIs are errors until you add exchange rates into ${ranked[0][0]} (a CSV of date or month, currency, rate),`,
      '# or report them per currency with --by currency:',
      '# fx: rates.csv',
    );
  }
  return lines;
}

/** Does a duration column's sample hold plain numbers (whose unit must be said)? */
function plainNumbers(file: SourceFile, header: string): boolean {
  const col = file.headers.indexOf(header);
  return file.sample.some((row) => {
    const v = row[col];
    return typeof v === 'number' || (typeof v === 'string' && /^[-+]?\d+(?:[.,]\d+)?$/.test(v.trim()));
  });
}

/** A date_format that reads every sampled value of a column, when one format does. */
function dateFormatOf(file: SourceFile, header: string): string | undefined {
  const col = file.headers.indexOf(header);
  const sniff = sniffOf(file, header);
  if (!sniff.dateOrder) return undefined;
  const shapes = new Set<string>();
  for (const row of file.sample) {
    const v = row[col];
    if (typeof v !== 'string' || v.trim() === '') continue;
    const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(:\d{2})?)?$/.exec(v.trim());
    // Other values (a total line, a stray note) say nothing about the format; they are reported as bad rows.
    if (!m) continue;
    const [first, second] = sniff.dateOrder === 'dmy' ? ['dd', 'MM'] : ['MM', 'dd'];
    const time = m[5] ? (m[7] ? ' HH:mm:ss' : ' HH:mm') : '';
    shapes.add(`${first}${m[2]}${second}${m[2]}${m[4].length === 2 ? 'yy' : 'yyyy'}${time}`);
  }
  return shapes.size === 1 ? [...shapes][0] : undefined;
}

/** The ledger kind's names of an account column (`Konto`, `Account No` …). */
const LEDGER_ACCOUNT: readonly string[] = SOURCE_KINDS.ledger.fields.find((f) => f.name === 'account')?.synonyms ?? [];

export async function initProject(options: InitOptions): Promise<{ config: string; targets: string; sources: Guess[]; kpis: string[] }> {
  if (options.files.length === 0) throw new ConfigError('kpi init needs at least one export, e.g. kpi init exports/*.csv', [], 'KPI_USAGE');
  for (const path of [options.config, options.targets]) {
    if (existsSync(path) && !options.force) throw new ConfigError(`${path} exists; kpi init does not overwrite it without --force`, [], { code: 'KPI_INIT_EXISTS', file: path });
  }
  const guesses: Guess[] = [];
  for (const path of options.files) {
    const opened = /\.xlsx$/i.test(path) ? await openWorkbook(resolve(path), basename(path)) : { file: await openFile(resolve(path), {} as never, basename(path)) };
    let file = opened.file;
    let guess = guessKind(file);
    // A general ledger with account numbers but no category (most accounting systems' hovedbok / huvudbok): opened
    // as a ledger, its accounts get their categories from the chart they fit (src/charts), and it is a ledger.
    // Also a file first taken for sales lines that has an account column (`Dato;Konto;Beløp`): its debits and
    // credits summed as sales would be a revenue of about 0; it is a ledger when its accounts fit a chart.
    const accountColumn = file.headers.some((h) => LEDGER_ACCOUNT.includes(snakeCase(h)));
    if ((!guess.kind || (guess.kind.name === 'sales' && accountColumn)) && (guess.system?.preset.kind === 'ledger' || guess.notes.some((n) => n.startsWith('closest kind: ledger ')) || accountColumn)) {
      const asLedger = /\.xlsx$/i.test(path) && file.format === 'xlsx' && typeof file.settings.sheet === 'string'
        ? await openFile(resolve(path), { kind: 'ledger', sheet: String(file.settings.sheet).replace(/ \(.*\)$/, '') } as never, basename(path))
        : await openFile(resolve(path), { kind: 'ledger' } as never, basename(path));
      const again = guessKind(asLedger);
      if (again.kind?.name === 'ledger' && asLedger.settings.chart !== undefined && !String(asLedger.settings.chart).startsWith('none')) {
        file = asLedger;
        guess = { ...again, why: [...again.why.slice(0, -1), `kind ledger (${again.kind.description}): its category from the accounts of column '${again.columns.account}' by the chart ${String(asLedger.settings.chart).replace(/, category from .*$/, '')} (${String(asLedger.settings.chart).replace(/^.*\((detected: .*)\)$/, '$1')})`] };
        // The chart column is the reader's, not the export's: the category is not mapped from a header.
        delete guess.columns.category;
      } else if (asLedger.settings.chart !== undefined) {
        guess = { ...guess, why: [...guess.why, `no chart of accounts: ${String(asLedger.settings.chart).replace(/^none: /, '')}`] };
      }
    }
    const same = guesses.find((g) => g.kind && g.kind === guess.kind && g.files[0].headers.join('\u0000') === file.headers.join('\u0000'));
    if (same) {
      same.files.push(file);
      continue;
    }
    let name = guess.kind?.name ?? sourceNameOf(path);
    // A file named like a kind (tickets.csv) that is not one: named so, the source would be read as that kind and
    // fail on the fields it lacks (init itself exited 3).
    if (!guess.kind && Object.hasOwn(SOURCE_KINDS, name)) name = `${name}_export`;
    if (guesses.some((g) => g.name === name)) {
      let n = 2;
      while (guesses.some((g) => g.name === `${name}_${n}`)) n++;
      name = `${name}_${n}`;
    }
    guesses.push({ name, kind: guess.kind, files: [file], columns: guess.columns, notes: guess.notes, system: guess.system, why: guess.why, sheets: opened.sheets });
  }

  const configDir = dirname(resolve(options.config));
  const yaml: string[] = [
    '# kpi project written by `kpi init`: every setting below was sniffed from the files; check and edit freely.',
    '# Reference: README.md (sources, formula language, targets). Run `kpi validate` to check every row.',
    ...currencyLines(guesses),
    'sources:',
  ];
  for (const g of guesses) {
    const f = g.files[0];
    const paths = g.files.map((x) => relative(configDir, x.path) || basename(x.path));
    const what = g.system && g.kind?.name === g.system.preset.kind ? `a${/^[AEIOU]/i.test(g.system.preset.export) ? 'n' : ''} ${g.system.preset.export}: ` : '';
    yaml.push(`  ${g.name}:${g.kind ? `  # looks like ${what}${g.kind.description} (kind ${g.kind.name})` : '  # no built-in kind matched: use its columns in your own KPIs'}`);
    for (const line of g.why) yaml.push(`    # why: ${line}`);
    if (g.sheets) yaml.push(`    # ${g.sheets}`);
    yaml.push(paths.length === 1 ? `    file: ${JSON.stringify(paths[0])}` : `    file: [${paths.map((p) => JSON.stringify(p)).join(', ')}]`);
    const settings = f.settings;
    // The settings a CSV reader (plain or compressed) sniffed: what the YAML spells out when it is not the default.
    if (settings.encoding !== undefined && settings.delimiter !== undefined) {
      const encoding = String(settings.encoding).replace(/ \(sniffed\)$/, '');
      if (encoding !== 'utf-8') yaml.push(`    encoding: ${encoding}`);
      const delimiter = String(settings.delimiter).replace(/ \(sniffed\)$/, '');
      if (delimiter !== ',') yaml.push(`    delimiter: ${delimiter === 'tab' ? '"\\t"' : JSON.stringify(delimiter)}`);
    }
    const headerLine = Number(String(settings['header line'] ?? settings['header row'] ?? '1').replace(/ .*$/, ''));
    if (headerLine > 1) yaml.push(`    skip_rows: ${headerLine - 1}          # title lines above the header`);
    if (f.format === 'xlsx' && settings.sheet !== undefined) yaml.push(`    sheet: ${JSON.stringify(String(settings.sheet).replace(/ \(.*\)$/, ''))}`);
    // A chart detected from the account numbers is written out: the figures then never depend on a guess.
    const chart = typeof settings.chart === 'string' ? /^(NS 4102|BAS),/.exec(settings.chart) : null;
    if (g.kind?.name === 'ledger' && chart) yaml.push(`    chart: ${chart[1] === 'BAS' ? 'bas' : 'ns4102'}          # ${settings.chart}`);
    // Numbers that fit both charts: the choice is the user's, said where it is written.
    else if (typeof settings.chart === 'string' && settings.chart.startsWith('none:')) yaml.push(`    # chart: ns4102 or bas  # ${settings.chart.slice(6)}`);
    const numberDecimals = new Set(f.headers.map((h) => sniffOf(f, h).decimal).filter(Boolean));
    if (numberDecimals.size === 1 && numberDecimals.has(',')) yaml.push(`    decimal: ","`);
    const formats = new Set<string>();
    for (const [field, header] of Object.entries(g.columns)) {
      if (g.kind?.fields.find((x) => x.name === field)?.type === 'date') {
        const fmt = dateFormatOf(f, header);
        if (fmt) formats.add(fmt);
      }
    }
    if (formats.size === 1) yaml.push(`    date_format: ${[...formats][0]}`);
    if (Object.keys(g.columns).length) {
      yaml.push('    columns:                # canonical field: header in the export');
      for (const [field, header] of Object.entries(g.columns)) yaml.push(`      ${field}: ${JSON.stringify(header)}`);
    }
    const durations = (g.kind?.fields ?? []).filter((x) => x.duration && g.columns[x.name] !== undefined && !unitFromHeader(snakeCase(g.columns[x.name])) && plainNumbers(f, g.columns[x.name]));
    if (durations.length) {
      g.notes.push(`${durations.map((x) => `${x.name} ← '${g.columns[x.name]}'`).join(', ')} hold${durations.length === 1 ? 's' : ''} plain numbers, and the header does not say their unit: every value is a bad value until you say it, e.g. units: { ${durations.map((x) => `${x.name}: minutes`).join(', ')} }`);
    }
    for (const note of g.notes) yaml.push(`    # note: ${note}`);
  }
  yaml.push(`targets: ${JSON.stringify(relative(configDir, resolve(options.targets)) || basename(options.targets))}`, '');
  writeFileSync(options.config, yaml.join('\n'));

  // The KPIs this configuration can compute, for the targets skeleton: planning reads only the headers.
  const workspace = await prepare({ config: options.config, noTargets: true });
  const kpis = workspace.plan.order;
  // The report's layout: a section per source kind, holding the KPIs this configuration can compute.
  writeFileSync(options.config, [...yaml.slice(0, -1), ...layoutLines(guesses, workspace), ''].join('\n'));
  const targets: string[] = [
    '# Targets for the KPIs your sources support (written by `kpi init`). Uncomment and set the ones you track.',
    '# Forms: a number (target), { target, per: month, tolerance: 5% }, { min: 40% }, { max: 2%, warn: 1.5% }; see README.md.',
  ];
  for (const id of kpis) {
    const def = workspace.plan.kpis.get(id)!.def;
    // `per: month` only where a quarter's figure is three months' (revenue, orders): an average order value or a
    // backlog is not scaled, and a skeleton saying `per: month` for them suggested it would be.
    const example = addsUpOverTime(def) ? '{ target: 0, per: month, tolerance: 5% }' : def.unit === 'currency' || def.unit === 'count' ? '{ target: 0, tolerance: 5% }' : def.unit === 'percent' ? `{ ${def.better === 'higher' ? 'min' : 'max'}: 0% }` : `{ target: 0, better: ${def.better} }`;
    targets.push(`# ${id}: ${example}`.padEnd(64) + `# ${def.label} (${def.unit})`);
  }
  writeFileSync(options.targets, `${targets.join('\n')}\n`);
  return { config: options.config, targets: options.targets, sources: guesses, kpis };
}

/** The heading of the section of KPIs read from a source of each kind (two kinds may share one). */
const SECTION_OF_KIND: Record<string, string> = {
  sales: 'Sales',
  deals: 'Pipeline',
  activities: 'Sales activities',
  invoices: 'Invoices and cash',
  tickets: 'Support',
  surveys: 'Customers',
  customers: 'Customers',
  ledger: 'Finance',
  timesheets: 'People and operations',
  employees: 'People and operations',
  employee_surveys: 'People and operations',
  web: 'Website',
};

/**
 * `report:` for kpi.yaml (README "The report layout"): one section per source kind, in the order of the sources,
 * each with the KPIs the sources support that read it (a KPI reading several sources is in the section of the
 * first). A source of no built-in kind gets a section named after it. `hide:` is left commented: with a targets
 * file still to fill in, every KPI is without a target and the report would show nothing.
 */
export function layoutLines(guesses: readonly Pick<Guess, 'name' | 'kind'>[], workspace: { plan: { order: string[]; kpis: ReadonlyMap<string, { sources: ReadonlySet<string> }> } }): string[] {
  const sections = new Map<string, string[]>();
  for (const id of workspace.plan.order) {
    const sources = workspace.plan.kpis.get(id)!.sources;
    const home = guesses.find((g) => sources.has(g.name));
    if (!home) continue; // a KPI of constants reads no source: it goes to Other
    const name = home.kind ? (SECTION_OF_KIND[home.kind.name] ?? home.kind.name) : home.name;
    let list = sections.get(name);
    if (!list) sections.set(name, (list = []));
    list.push(id);
  }
  if (sections.size === 0) return [];
  return [
    '# How the reports are laid out (every format): a section per source kind; edit, reorder or regroup freely.',
    '# KPIs in no section are shown last, under Other.',
    'report:',
    '  # title: Monthly report',
    '  # company: Your Company AS',
    '  # hide: [no_target]      # leave out the KPIs without a target (once targets.yaml has some)',
    '  sections:',
    ...[...sections].flatMap(([name, ids]) => [`    - name: ${JSON.stringify(name)}`, `      kpis: [${ids.join(', ')}]`]),
  ];
}
