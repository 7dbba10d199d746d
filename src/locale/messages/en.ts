// English: the words every renderer writes, and the built-in KPIs' labels. The other languages (nb.ts, sv.ts, da.ts)
// have the same shape (the type checker holds them to it); test/locale/translations.test.ts checks that every
// built-in KPI has a label in each. `{name}` marks a value filled in (Messages are data, no code).
import type { Status, Unit } from '../../model/vocabulary.js';

export interface Messages {
  /** A status in a status column, after its mark: `✔ met`. */
  status: Record<Status, string>;
  /** A status in the summary and its headings: `8 without target`. */
  statusName: Record<Status, string>;
  head: {
    kpi: string;
    label: string;
    actual: string;
    projected: string;
    target: string;
    variance: string;
    variancePct: string;
    /** The long form of variancePct, where there is room (the workbook). */
    variancePctLong: string;
    status: string;
    /** The status for machines and filters (`at_risk`), in the workbook. */
    statusCode: string;
    /** `report: sections:`'s section of a KPI, in the workbook. */
    section: string;
    baseline: string;
    benchmark: string;
    previous: string;
    change: string;
    changePct: string;
    unit: string;
    better: string;
    pace: string;
    period: string;
    comparedWith: string;
    unknownValues: string;
    dataUntil: string;
    reason: string;
    badValues: string;
    formula: string;
    definition: string;
    source: string;
    files: string;
    file: string;
    rows: string;
    skipped: string;
    noPeriod: string;
    totalRows: string;
    line: string;
    column: string;
    value: string;
  };
  text: {
    /** The ungrouped result in a --by column. */
    total: string;
    /** The group of rows whose grouping cell is empty (`--by rep`), as people read it; JSON and CSV carry `""`. */
    blank: string;
    /** `KPI report` before the period in a title (`report: title:` replaces it). */
    reportName: string;
    /** ` (2026-10-01 – 2026-10-31)` after the title */
    range: string;
    /** `, compared with 2026-09` after the title */
    comparedWith: string;
    /** The mark of a paced status: `✔ met (pace)`. */
    pace: string;
    paceNote: string;
    /** After the pace note, the KPIs whose pace follows another shape than days (`pace:` of the target). */
    pacedBy: { weights: string; workdays: string; last_year: string; months: string };
    noProblems: string;
    noResults: string;
    summary: string;
    generatedBy: string;
    issues: string;
    issuesNone: string;
    higher: string;
    lower: string;
    yes: string;
    no: string;
    /** Sheet names of the workbook (Excel: at most 31 characters, none of : \ / ? * [ ]). */
    sheetReport: string;
    sheetQuality: string;
    sheetDefinitions: string;
    /** The print footer: `Page &P of &N` (Excel's codes for the page and the pages). */
    pageOf: string;
    /** Said under the workbook's title: the numbers of percent KPIs' differences are percentage points. */
    ppNote: string;
    locale: string;
  };
  /** Unit words written after numbers. */
  units: {
    /** Percentage points, the difference of two percentages: `+3.0 pp`. */
    pp: string;
    day: string;
    hour: string;
    /** `scale: thousands` / `millions` of a number that is not money: `1,463k`. */
    thousands: string;
    millions: string;
    /** The same of money in the locale's own currency (`tusen kr`); `{code}` for any other (`kNOK`). */
    thousandsOwn: string;
    millionsOwn: string;
    thousandsCode: string;
    millionsCode: string;
  };
  /** `kpi scorecard` (render/scorecard/): its heads, title and notes. */
  scorecard: {
    /** `Scorecard 2026`. */
    title: string;
    /** `2026-01 – 2026-10, year to date 2026-01-01 – 2026-10-31`. */
    span: string;
    ytd: string;
    lastYearYtd: string;
    fullYearTarget: string;
    remaining: string;
    /** The short heads on a narrow terminal. */
    lastYearYtdShort: string;
    fullYearTargetShort: string;
    ytdStatus: string;
    /** `Year to date: 5 met · 1 missed …`. */
    yearToDate: string;
    noteYtd: string;
    noteMarks: string;
    /** After noteMarks: `Amounts in NOK` / `k thousand, M million`. */
    noteAmounts: string;
    noteCompact: string;
    noteFlagged: string;
    colours: string;
    /** `Jan–Aug left out to fit 120 columns (…)`. */
    leftOut: string;
    /** The html on a phone: `On a narrow screen only Oct is shown of the months: …`. */
    narrow: string;
    noKpi: string;
    sheetScorecard: string;
    sheetCells: string;
    month: string;
    lastYear: string;
  };
  /** The HTML report's summary, legend and print footer (render/html.ts); `{name}` values filled in. */
  html: {
    needsAttention: string;
    onTrack: string;
    allOnTrack: string;
    appendix: string;
    withoutTarget: string;
    withoutTargetOrData: string;
    everyResult: string;
    howToRead: string;
    againstTarget: string;
    lastPeriods: string;
    months: string;
    quarters: string;
    halves: string;
    years: string;
    weeks: string;
    days: string;
    periods: string;
    changeVs: string;
    prev: string;
    projectedValue: string;
    better: string;
    worse: string;
    kpiCount: string;
    kpiCountOne: string;
    groupCount: string;
    groupCountOne: string;
    moreGroups: string;
    legendBullet: string;
    legendProjected: string;
    legendTarget: string;
    legendPrevious: string;
    legendScale: string;
    legendSpark: string;
    legendChange: string;
    legendStatus: string;
    page: string;
    sparkLabel: string;
    noValues: string;
  };
  /** The terminal report's fitted layouts (render/table.ts) and `kpi trend`'s chart; `{name}` values filled in. */
  terminal: {
    /** `51 without target not shown (--hide no-target)`: what --hide left out. */
    hiddenByOption: string;
    /** Above a fitted table or the compact lines when every amount is in one currency: `Amounts in NOK.` */
    amountsIn: string;
    /** Between the value and the target on a compact line: `25.0% vs 30.0%`. */
    versus: string;
    /** Before the previous period's value on a compact line: `prev 18.2%`. */
    previous: string;
    /** A paced result's projection on a compact line: `(proj. 1,500.00)`. */
    projected: string;
    /** Under a fitted table: the columns left out. */
    notShownToFit: string;
    /** Under the compact lines without a known width (--layout compact, piped): the fields a line never holds. */
    notShownCompact: string;
    /** Above the wide layout: what its cells leave out and where to find it. */
    notShownWide: string;
    /** Above the wide layout: what the status marks in its cells mean. */
    marks: string;
    /** Above each page of columns of the wide layout. */
    kpisOf: string;
    /** `kpi trend`'s title: `Revenue, by month`. */
    trendBy: string;
    /** After the title when a target is drawn. */
    trendTarget: string;
    /** `kpi trend --cumulative`'s title: `Revenue, cumulative from January each year, by month`. */
    trendCumulative: string;
    /** Where a cumulative trend's years start: `January each year`; `the start of the year` without points. */
    eachYear: string;
    yearStart: string;
    /** After a cumulative trend's title when a target is drawn. */
    trendTargetToDate: string;
    /** The grains of a trend. */
    week: string;
    month: string;
    quarter: string;
    half: string;
    year: string;
    /** Why points of a trend are errors. */
    trendError: string;
  };
  /** `kpi diff`'s headings and items (history/diff-text.ts); `{name}` values filled in. */
  diff: {
    restated: string;
    changed: string;
    statuses: string;
    newlyMissed: string;
    definitions: string;
    definitionsNotCompared: string;
    added: string;
    removed: string;
    inputs: string;
    value: string;
    target: string;
    status: string;
    /** `met in 2026-10`. */
    statusIn: string;
    was: string;
    notInOld: string;
    definition: string;
    none: string;
    bytes: string;
    stream: string;
    table: string;
    query: string;
    verdict: string;
    nothing: string;
    /** After a run's period: `as of 2026-11-05`. */
    asOf: string;
    /** A history file's entry: `kpi-history.jsonl entry 2`. */
    entry: string;
  };
  /**
   * `kpi explain`'s trace under its verdict (cli/commands/explain.ts): the heads of its lines (padded to one width)
   * and its phrases; formulas, files, settings, column headers and exact values stay as written.
   */
  explain: {
    formula: string;
    period: string;
    source: string;
    aggregates: string;
    uses: string;
    value: string;
    projected: string;
    previous: string;
    target: string;
    status: string;
    why: string;
    coverage: string;
    allRows: string;
    kind: string;
    rowPeriod: string;
    noPeriodField: string;
    engineStreaming: string;
    engineSql: string;
    howBuckets: string;
    howFilter: string;
    queryOne: string;
    queryMany: string;
    columns: string;
    amounts: string;
    warning: string;
    note: string;
    rows: string;
    rowsCompare: string;
    allRowsTag: string;
    usesIn: string;
    noPeriod: string;
    exact: string;
    atPace: string;
    change: string;
    none: string;
    variance: string;
    notSplit: string;
    datesIn: string;
    noDates: string;
    coverageLine: string;
    complete: string;
    incomplete: string;
    notJudged: string;
  };
  /** `kpi list`'s heads and lines (cli/commands/list-run.ts). */
  list: {
    needsHead: string;
    availableHead: string;
    footer: string;
    /** A KPI's line on a narrow terminal: `(currency, higher is better)`. */
    unitBetter: string;
    needs: string;
    notAvailable: string;
  };
  /** A KPI's unit in words (the workbook's Definitions sheet, `kpi list`, `kpi explain`). */
  unitName: Record<Unit, string>;
  /**
   * The built-in sources' fields a report is grouped or split by (`--by rep`, `--drivers channel`), as a column head
   * or in `variance by rep`; a field not here (a column of your own) is shown as written.
   */
  fields: Record<string, string>;
  /** The built-in KPIs' labels, by KPI id. */
  kpis: Record<string, string>;
}

export const en: Messages = {
  status: {
    met: 'met',
    at_risk: 'at risk',
    missed: 'missed',
    early: 'early',
    no_target: 'no target',
    no_data: 'no data',
    incomplete: 'incomplete',
    error: 'error',
  },
  statusName: {
    met: 'met',
    at_risk: 'at risk',
    missed: 'missed',
    early: 'early',
    no_target: 'without target',
    no_data: 'without data',
    incomplete: 'incomplete',
    error: 'error',
  },
  head: {
    kpi: 'KPI',
    label: 'Label',
    actual: 'Actual',
    projected: 'Projected',
    target: 'Target',
    variance: 'Variance',
    variancePct: 'Var %',
    variancePctLong: 'Variance %',
    status: 'Status',
    statusCode: 'Status code',
    section: 'Section',
    baseline: 'Baseline',
    benchmark: 'Benchmark',
    previous: 'Previous',
    change: 'Change',
    changePct: 'Change %',
    unit: 'Unit',
    better: 'Better',
    pace: 'Pace',
    period: 'Period',
    comparedWith: 'Compared with',
    unknownValues: 'Unknown values',
    dataUntil: 'Data until',
    reason: 'Reason',
    badValues: 'Bad values',
    formula: 'Formula',
    definition: 'Definition',
    source: 'Source',
    files: 'Files',
    file: 'File',
    rows: 'Rows',
    skipped: 'Skipped',
    noPeriod: 'No period',
    totalRows: 'Total rows',
    line: 'Line',
    column: 'Column',
    value: 'Value',
  },
  text: {
    total: 'total',
    blank: '(blank)',
    reportName: 'KPI report',
    range: ' ({start} – {end})',
    comparedWith: ', compared with {id}',
    pace: '(pace)',
    paceNote: 'the period is still running; the projection to its end is compared with the target.',
    pacedBy: { weights: 'paced by month weights', workdays: 'paced by working days', last_year: "paced by last year's shape", months: "paced by the target's months" },
    noProblems: 'No KPI is missed or at risk.',
    noResults: 'No results.',
    summary: 'Summary',
    generatedBy: 'Generated by kpi.',
    issues: 'Issues',
    issuesNone: 'Issues: none',
    higher: 'higher',
    lower: 'lower',
    yes: 'yes',
    no: 'no',
    sheetReport: 'Report',
    sheetQuality: 'Data quality',
    sheetDefinitions: 'Definitions',
    pageOf: 'Page &P of &N',
    ppNote: 'Variances and changes of percentages are in percentage points (pp).',
    locale: 'Number format',
  },
  units: {
    pp: 'pp',
    day: 'd',
    hour: 'h',
    thousands: 'k',
    millions: 'M',
    thousandsOwn: 'k{code}',
    millionsOwn: 'M{code}',
    thousandsCode: 'k{code}',
    millionsCode: 'M{code}',
  },
  scorecard: {
    title: "Scorecard {year}",
    span: "{from} – {to}, year to date {ytdFrom} – {ytdTo}",
    ytd: "YTD",
    lastYearYtd: "Last year YTD",
    fullYearTarget: "Full-year target",
    remaining: "Remaining",
    lastYearYtdShort: "LY YTD",
    fullYearTargetShort: "FY target",
    ytdStatus: "YTD status",
    yearToDate: "Year to date",
    noteYtd: "YTD is each KPI computed over the year to date (a ratio or an average of all its rows, not a sum of the months); Remaining = full-year target − YTD.",
    noteMarks: "Marks: {marks}; (p) a running period's projection to its end.",
    noteAmounts: "Amounts in {currency}",
    noteCompact: "k thousand, M million",
    noteFlagged: "⚠ a figure read from values kpi does not know or could not read: kpi report --period <that month> says which (kpi check fails on it).",
    colours: "Colours: green met · yellow at risk · red missed or error · blue early · grey no data · purple incomplete; the Cells sheet has every status in words.",
    leftOut: "{months} left out to fit {width} columns (a wider terminal, COLUMNS={full}, or --format html shows every month)",
    narrow: "On a narrow screen only {last} is shown of the months: turn the phone or open the page on a wider screen for {first}–{before}.",
    noKpi: "No KPI to show.",
    sheetScorecard: "Scorecard",
    sheetCells: "Cells",
    month: "month",
    lastYear: "last year ytd",
  },
  /** The HTML report's summary, legend and print footer (render/html.ts). */
  html: {
    needsAttention: 'Needs attention',
    onTrack: 'On track',
    allOnTrack: 'Every KPI with a target is on track.',
    appendix: 'Appendix',
    withoutTarget: 'Without a target',
    withoutTargetOrData: 'Without a target or data',
    everyResult: 'Every result',
    howToRead: 'How to read this',
    againstTarget: 'Against target',
    lastPeriods: 'Last {n} {grain}',
    months: 'months',
    quarters: 'quarters',
    halves: 'halves',
    years: 'years',
    weeks: 'weeks',
    days: 'days',
    periods: 'periods',
    changeVs: 'Change vs {id}',
    prev: 'prev {value}',
    projectedValue: 'projected {value}',
    better: 'better',
    worse: 'worse',
    kpiCount: '{n} KPIs',
    kpiCountOne: '1 KPI',
    groupCount: '{n} groups',
    groupCountOne: '1 group',
    moreGroups: 'Each KPI shows its {shown} groups with the highest actual value here; {more} more are in the table of every result in the appendix.',
    legendBullet: 'Bar: the actual value, in its status colour',
    legendProjected: 'pale bar: projected to the end of the period',
    legendTarget: 'dark bar: the target',
    legendPrevious: 'grey triangle: the previous period',
    legendScale: 'Each KPI on its own scale, from zero.',
    legendSpark: '{head}: the line is the KPI, the dashed line its target, the dot this period (in its status colour).',
    legendChange: 'Change against the previous period: the arrow is its direction, the word says whether that is good for the KPI (lower is better for costs, churn, days).',
    legendStatus: 'The status: its mark and word as well as its colour.',
    page: 'page {page} of {pages}',
    sparkLabel: '{label}, {from} – {to}: lowest {low}, highest {high}, last {last}',
    noValues: '{label}: no values in {from} – {to}',
  },
  /** The terminal report's fitted layouts (render/table.ts) and `kpi trend`'s chart. */
  terminal: {
    hiddenByOption: '{counts} not shown ({option})',
    amountsIn: 'Amounts in {currency}.',
    versus: 'vs',
    previous: 'prev',
    projected: 'proj. {value}',
    notShownToFit: 'Not shown to fit {width} columns: {columns} (a wider terminal or COLUMNS=200 shows them; kpi report -f csv has every field).',
    notShownCompact: 'Not shown on these lines: {columns} (--layout table shows them; kpi report -f csv has every field).',
    notShownWide: 'Targets, variances and changes are not shown in the wide layout, only each status; --layout table or compact shows them.',
    marks: 'Marks: {marks}.',
    kpisOf: 'KPIs {from}–{to} of {n}:',
    trendBy: '{label}, by {grain}',
    trendTarget: '(┃ target)',
    trendCumulative: '{label}, cumulative from {start}, by {grain}',
    eachYear: '{month} each year',
    yearStart: 'the start of the year',
    trendTargetToDate: '(┃ target to date)',
    week: 'week',
    month: 'month',
    quarter: 'quarter',
    half: 'half-year',
    year: 'year',
    trendError: 'error ({periods}): {reason}',
  },
  diff: {
    restated: 'Restated past periods ({n})',
    changed: 'Changed figures of {period} ({n})',
    statuses: 'Status since {period} ({n})',
    newlyMissed: 'Newly missed ({n})',
    definitions: 'Changed definitions ({n})',
    definitionsNotCompared: 'Changed definitions (not compared: a report JSON carries no fingerprints; compare history entries)',
    added: 'KPIs added ({n})',
    removed: 'KPIs removed ({n})',
    inputs: 'Inputs that differ ({n})',
    value: 'value',
    target: 'target',
    status: 'status',
    statusIn: '{status} in {period}',
    was: 'was {was}',
    notInOld: 'not in the old run',
    definition: 'definition {old} → {new} (its formula, unit, better or period: none changed)',
    none: 'none',
    bytes: '{size} bytes, sha256 {sha}',
    stream: 'a stream (not hashed)',
    table: 'table {table}',
    query: 'query {sha}',
    verdict: '{restated} restated, {changed} changed, {moves} status moves, {missed} newly missed, {definitions} definitions changed, {added} added, {removed} removed',
    nothing: 'nothing changed',
    asOf: 'as of {date}',
    entry: 'entry {n}',
  },
  explain: {
    formula: 'Formula',
    period: 'Period',
    source: 'Source',
    aggregates: 'Aggregates',
    uses: 'Uses',
    value: 'Value',
    projected: 'Projected',
    previous: 'Previous',
    target: 'Target',
    status: 'Status',
    why: 'Why',
    coverage: 'Coverage',
    allRows: '(period: none — every row, period bounds in the conditions)',
    kind: ' (kind {kind})',
    rowPeriod: "a row's period: {field}",
    noPeriodField: 'none (every row; the formula uses the period bounds)',
    engineStreaming: 'engine: {name} (kpi read the files)',
    engineSql: 'engine: {name}, SQL run in the database ({how}): {queries} in {ms} ms (kpi sql prints them)',
    howBuckets: 'the windows as a group key',
    howFilter: 'a FILTER per window',
    queryOne: '{n} query',
    queryMany: '{n} queries',
    columns: 'columns: {columns}',
    amounts: 'amounts: sign {convention} ({why})',
    warning: 'warning: {text}',
    note: 'note: {text}',
    rows: 'rows read {rows} · in {period}: {inPeriod}{compare} · skipped (unreadable) {skipped} · without a period date {noPeriod}',
    rowsCompare: ' · in {period}: {n}',
    allRowsTag: ' [all rows]',
    usesIn: ' in {window}',
    noPeriod: 'no period',
    exact: '(exact: {value})',
    atPace: '{value} at the current pace (the period is still running)',
    change: 'change {delta} ({pct})',
    none: 'none',
    variance: 'variance {delta} ({pct})',
    notSplit: 'not split: {note}',
    datesIn: 'dates {first} – {last} in the period',
    noDates: 'no dated rows in the period',
    coverageLine: '{source}: {span}, {rows}; {judged}',
    complete: 'complete',
    incomplete: 'incomplete',
    notJudged: 'not judged (no period field, too few dates, a period not begun or all)',
  },
  list: {
    needsHead: 'Needs',
    availableHead: 'Available',
    footer: '{n} KPIs. `kpi explain <kpi>` shows a formula in full.',
    unitBetter: '{unit}, {better} is better',
    needs: 'needs {fields}',
    notAvailable: 'not available: {reason}',
  },
  // English names the units and fields as kpi.yaml writes them, as kpi always printed them.
  unitName: { number: 'number', currency: 'currency', percent: 'percent', count: 'count', days: 'days', hours: 'hours', score: 'score' },
  fields: {},
  kpis: {
    revenue: 'Revenue',
    gross_profit: 'Gross profit',
    gross_margin: 'Gross margin',
    orders: 'Orders',
    units: 'Units sold',
    avg_order_value: 'Average order value',
    revenue_growth: 'Revenue growth',
    revenue_growth_yoy: 'Revenue growth year on year',
    new_sales: 'New sales',
    upsell_sales: 'Upsell sales',
    upsell_share: 'Upsell share of revenue',
    win_rate: 'Win rate',
    avg_deal_size: 'Average deal size',
    sales_cycle_days: 'Sales cycle',
    deals_created: 'Deals created',
    open_deals: 'Open deals at period end',
    pipeline_value: 'Pipeline value at period end',
    lead_to_win: 'Lead-to-win conversion (cohort)',
    sales_velocity: 'Sales velocity (per day)',
    activities: 'Sales activities',
    meetings: 'Meetings',
    calls: 'Calls',
    demos: 'Demos',
    quotes_sent: 'Quotes sent',
    invoiced: 'Invoiced',
    outstanding: 'Outstanding receivables',
    overdue: 'Overdue receivables',
    overdue_share: 'Overdue share of receivables',
    dso: 'Days sales outstanding (DSO)',
    avg_days_to_pay: 'Average days to pay',
    paid_on_time_rate: 'Paid on time',
    tickets: 'Tickets',
    first_response_hours: 'First response time',
    handling_hours: 'Handling time',
    resolution_hours: 'Resolution time (median)',
    backlog: 'Ticket backlog at period end',
    fcr_rate: 'First-contact resolution',
    csat: 'Customer satisfaction (CSAT)',
    avg_csat: 'Average satisfaction score',
    sla_rate: 'Resolved within SLA',
    nps: 'Net Promoter Score',
    churn_rate: 'Customer churn rate',
    retention_rate: 'Customer retention rate',
    new_customers: 'New customers',
    active_customers: 'Active customers at period end',
    mrr: 'Monthly recurring revenue (MRR)',
    arpa: 'Average revenue per account (ARPA)',
    revenue_churn_rate: 'Revenue (MRR) churn rate',
    net_revenue_retention: 'Net revenue retention (NRR)',
    cac: 'Customer acquisition cost (CAC)',
    cltv: 'Customer lifetime value (CLTV)',
    ledger_revenue: 'Revenue (ledger)',
    ebitda: 'EBITDA',
    ebit: 'EBIT (operating profit)',
    net_income: 'Net income',
    net_margin: 'Net profit margin',
    operating_margin: 'Operating margin',
    opex_ratio: 'Operating expense ratio',
    roi: 'Marketing ROI',
    headcount: 'Headcount at period end',
    revenue_per_employee: 'Revenue per employee',
    capacity_utilization: 'Capacity utilization (billable)',
    enps: 'Employee Net Promoter Score (eNPS)',
    lead_time_days: 'Order lead time',
    cycle_time_days: 'Order cycle time (to shipping)',
    defect_rate: 'Defect rate',
    visits: 'Website visits',
    conversion_rate: 'Website conversion rate',
  },
};
