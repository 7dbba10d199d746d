// The sentences the report formats write under their tables — why a figure moved, whether a miss is real, the notes
// and owners, what was left out and why a figure may be wrong — in each language of src/locale: data, beside the
// shared messages (column heads, status words, KPI labels). `{name}` marks a value filled in (locale/format.ts fill);
// the numbers in them are formatted by the report's Formatter. The English ones are what kpi always printed, so a
// report without a locale reads as before. Reasons that come with the data (a parser's `not a number`, a coverage
// reason in JSON's `reason`) stay as the report model has them.
import type { Formatter, Language } from '../locale/index.js';
import { DEFAULT_FORMATTER } from '../locale/index.js';

export interface ReportWords {
  /** The heading of the drivers' lines (html), the xlsx sheet's name. */
  why: string;
  /** `Why Revenue — variance by rep: …`. */
  whyLine: string;
  varianceBy: string;
  changeBy: string;
  /** A split's total with its rate and mix effects: `−5.0 pp = rate −3.1 pp + mix −1.9 pp`. */
  rateMix: string;
  /** A member with its effects: `Ann −3.0 pp (rate −2.0 pp, mix −1.0 pp)`. */
  memberRateMix: string;
  /** The members not named: `other (3)`. */
  otherMembers: string;
  noMember: string;
  /** Basis own_targets (README "Why it moved"): the head, and the tags of members not against their own target. */
  varianceByOwn: string;
  basisTag: { rest_share: string; no_target: string; total_target: string };
  /** The part of the target no member holds: `target not set per rep −250,000.00 NOK`. */
  unallocated: string;
  /** A ratio's part of the variance from the members' own targets weighed against the total's. */
  unallocatedRatio: string;
  /** The Why sheet's heads and the `Against` cells. */
  whyHead: { against: string; by: string; member: string; contribution: string; rate: string; mix: string; total: string };
  against: { target: string; previous: string };

  /** README "Is it real": a miss whose interval holds the target. */
  notSignificant: string;
  wilson: string;
  adjustedWald: string;
  /** A result on fewer rows than `min_n`. */
  notJudged: string;
  notJudgedMinN: string;

  /** README "Notes and owners". */
  note: string;
  noteNone: string;
  owner: string;
  action: string;
  notesSheet: string;
  notesHead: { group: string; note: string; owner: string; action: string };

  /** `51 without target not shown (--hide no-target)`. */
  hiddenByOption: string;
  /** `Not shown: 51 results without target (report: hide: in kpi.yaml; the summary counts them)`. */
  hiddenByLayout: string;
  resultOne: string;
  resultMany: string;
  /** An error, as a group of results in hiddenByLayout (`3 results with an error`). */
  withError: string;

  /** The note under a report with figures read from values kpi does not know. */
  unknownNote: string;
  rowOne: string;
  rowMany: string;

  /** A figure that left out values it could not read. */
  badValues: string;
  badValuesOne: string;
  /** Rows with an empty period date a figure would count: in no period, so left out of every period's figure. */
  badNoPeriod: string;
  badNoPeriodOne: string;
  /** Both, `{n}` in all: `{values}` unreadable values and `{rows}` rows with no period date. */
  badBoth: string;
  badWideRow: string;
  badEmptyPeriod: string;
  badAt: string;
  /** A figure that mixes rows with an empty amount with their other amounts (ResultBadValues.empty). */
  emptyMixed: string;
  emptyMixedOne: string;
  /** Before a reason that reads as a predicate (`not a number`): `"12,50,0" is not a number`. */
  is: string;
  /** The readers' most common reasons, said in the language (`"12,50,0" er ikke et tall`); others as they are. */
  reasons: { 'not a number': string; 'not a date': string };
  badValuesFix: string;
  /** After the first names of a status note. */
  andMore: string;

  /** A source's data quality, one line per cause (render/quality.ts). */
  wideRowsOne: string;
  wideRowsMany: string;
  emptyPeriodOne: string;
  emptyPeriodMany: string;
  unreadableOne: string;
  unreadableMany: string;
  rowsAre: string;
  leftOutOf: string;
  inNoGroup: string;
  and: string;
  shortRowsOne: string;
  shortRowsMany: string;
  /** The issue lists of html and xlsx. */
  notKnown: string;
  totalRow: string;

  /** The pace basis of a to-date target (issue 17: `pace:` of a target), in a column or a note. */
  paceBasis: { linear: string; weights: string; workdays: string; last_year: string; months: string };
  /** The head of the to-date target's column, the head of its basis, and the note that names each basis. */
  targetToDate: string;
  paceBasisHead: string;
  /** `to date 9,677.42 NOK, by working days` under a target (html). */
  toDateCell: string;
  targetToDateNote: string;
}

const en: ReportWords = {
  why: 'Why',
  whyLine: 'Why {kpi} — {what}: {text}',
  varianceBy: 'variance by {by}',
  changeBy: 'change by {by}',
  rateMix: '{total} = rate {rate} + mix {mix}',
  memberRateMix: '{name} {contribution} (rate {rate}, mix {mix})',
  otherMembers: 'other ({n})',
  noMember: 'no member material',
  varianceByOwn: 'variance by {by}, each against its own target',
  basisTag: { rest_share: 'share of the target not set per {by}', no_target: 'no target of its own', total_target: "against the total's target" },
  unallocated: 'target not set per {by} {contribution}',
  unallocatedRatio: "own targets against the total's {contribution}",
  whyHead: { against: 'Against', by: 'By', member: 'Member', contribution: 'Contribution', rate: 'Rate', mix: 'Mix', total: 'Total' },
  against: { target: 'target', previous: 'previous' },

  notSignificant: 'Not significant at {confidence}: {name} {value} (n {n}), interval {low} – {high} ({method}) holds the target {target}: at risk, not missed',
  wilson: 'Wilson',
  adjustedWald: 'adjusted Wald',
  notJudged: 'Not judged: {name} {value}: {reason}',
  notJudgedMinN: 'Not judged: {name} {value}: n = {n}, below min_n: {min}: shown, not judged',

  note: 'Note — {name}: {note}{who}',
  noteNone: 'Note — {name}: none yet ({who})',
  owner: 'owner {owner}',
  action: 'action: {action}',
  notesSheet: 'Notes',
  notesHead: { group: 'Group', note: 'Note', owner: 'Owner', action: 'Action' },

  hiddenByOption: '{parts} not shown (--hide {words})',
  hiddenByLayout: 'Not shown: {parts} (report: hide: in kpi.yaml; the summary counts them)',
  resultOne: '{n} result {status}',
  resultMany: '{n} results {status}',
  withError: 'with an error',

  unknownNote: '⚠ read from values kpi does not know: {columns}; the figure may be wrong: map them under values: in kpi.yaml or ignore them (kpi validate lists them)',
  rowOne: '{n} row',
  rowMany: '{n} rows',

  badValues: 'left out {n} values it could not read (first: {first})',
  badValuesOne: 'left out 1 value it could not read (first: {first})',
  badNoPeriod: 'left out {n} rows with no period date (first: {first})',
  badNoPeriodOne: 'left out 1 row with no period date (first: {first})',
  badBoth: 'left out {n} values and rows ({values} unreadable, {rows} with no period date; first: {first})',
  badWideRow: '{at}, a row wider than the header',
  badEmptyPeriod: "{at}, column '{column}' is empty, so the row is in no period",
  badAt: "{at}, column '{column}', {value}{why}",
  emptyMixed: "counts {n} rows with an empty '{column}' beside their other amounts (first: {at}; if an empty '{column}' is 0, write empty: { {key}: zero } under the source)",
  emptyMixedOne: "counts 1 row with an empty '{column}' beside its other amounts (first: {at}; if an empty '{column}' is 0, write empty: { {key}: zero } under the source)",
  is: ' is ',
  reasons: { 'not a number': 'is not a number', 'not a date': 'is not a date' },
  badValuesFix: 'kpi check fails on them: correct the export, or accept them with allow_bad_values: under the source in kpi.yaml (or --allow-bad-values)',
  andMore: ' and {n} more (the status column marks each)',

  wideRowsOne: "{source}: 1 row is wider than the header and left out of every figure (first: {at}, {fields} fields for the header's {header}; kpi validate says why)",
  wideRowsMany: "{source}: {n} rows are wider than the header and left out of every figure (first: {at}, {fields} fields for the header's {header}; kpi validate says why)",
  emptyPeriodOne: "{source}: 1 row has an empty '{column}' yet counts in {what} (first: {at}); it may belong to any period, so those figures are in doubt in every period: fill in the date in the export",
  emptyPeriodMany: "{source}: {n} rows have an empty '{column}' yet count in {what} (first: {at}); it may belong to any period, so those figures are in doubt in every period: fill in the date in the export",
  unreadableOne: "{source}: 1 unreadable value in column '{column}' (first: {first}){out}",
  unreadableMany: "{source}: {n} unreadable values in column '{column}' (first: {first}){out}",
  rowsAre: '; those rows are {what}',
  leftOutOf: 'left out of {what}',
  inNoGroup: 'in no --by group',
  and: ' and ',
  shortRowsOne: '{source}: 1 row has fewer fields than the header; the missing cells read as empty (first: {at} has {fields} of {header})',
  shortRowsMany: '{source}: {n} rows have fewer fields than the header; the missing cells read as empty (first: {at} has {fields} of {header})',
  notKnown: 'not a known {field} ({expected}), in {rows}',
  totalRow: 'total row, left out',

  paceBasis: { linear: 'by days', weights: 'by month weights', workdays: 'by working days', last_year: "by last year's shape", months: "by the target's months" },
  targetToDate: 'Target to date',
  paceBasisHead: 'Pace basis',
  toDateCell: 'to date {value}, {basis}',
  targetToDateNote: 'Target to date: the part of the target due by {date} — {list}.',
};

const nb: ReportWords = {
  why: 'Hvorfor',
  whyLine: 'Hvorfor {kpi} — {what}: {text}',
  varianceBy: 'avvik fordelt på {by}',
  changeBy: 'endring fordelt på {by}',
  rateMix: '{total} = rate {rate} + miks {mix}',
  memberRateMix: '{name} {contribution} (rate {rate}, miks {mix})',
  otherMembers: 'øvrige ({n})',
  noMember: 'ingen vesentlige bidrag',
  varianceByOwn: 'avvik fordelt på {by}, hver mot sitt eget mål',
  basisTag: { rest_share: 'andel av målet som ikke er fordelt på {by}', no_target: 'uten eget mål', total_target: 'mot totalens mål' },
  unallocated: 'mål ikke fordelt på {by} {contribution}',
  unallocatedRatio: 'egne mål mot totalens mål {contribution}',
  whyHead: { against: 'Mot', by: 'Fordelt på', member: 'Ledd', contribution: 'Bidrag', rate: 'Rate', mix: 'Miks', total: 'Totalt' },
  against: { target: 'mål', previous: 'forrige' },

  notSignificant: 'Ikke signifikant ved {confidence}: {name} {value} (n {n}), intervallet {low} – {high} ({method}) omfatter målet {target}: «i fare», ikke «ikke nådd»',
  wilson: 'Wilson',
  adjustedWald: 'justert Wald',
  notJudged: 'Ikke vurdert: {name} {value}: {reason}',
  notJudgedMinN: 'Ikke vurdert: {name} {value}: n = {n}, under min_n: {min}: vist, ikke vurdert',

  note: 'Merknad — {name}: {note}{who}',
  noteNone: 'Merknad — {name}: ingen ennå ({who})',
  owner: 'ansvarlig {owner}',
  action: 'tiltak: {action}',
  notesSheet: 'Merknader',
  notesHead: { group: 'Gruppe', note: 'Merknad', owner: 'Ansvarlig', action: 'Tiltak' },

  hiddenByOption: '{parts} ikke vist (--hide {words})',
  hiddenByLayout: 'Ikke vist: {parts} (report: hide: i kpi.yaml; sammendraget teller dem med)',
  resultOne: '{n} resultat {status}',
  resultMany: '{n} resultater {status}',
  withError: 'med feil',

  unknownNote: '⚠ bygger på verdier kpi ikke kjenner: {columns}; tallet kan være feil: legg dem under values: i kpi.yaml eller ignorer dem (kpi validate viser dem)',
  rowOne: '{n} rad',
  rowMany: '{n} rader',

  badValues: 'utelot {n} verdier som ikke kunne leses (første: {first})',
  badValuesOne: 'utelot 1 verdi som ikke kunne leses (første: {first})',
  badNoPeriod: 'utelot {n} rader uten periodedato (første: {first})',
  badNoPeriodOne: 'utelot 1 rad uten periodedato (første: {first})',
  badBoth: 'utelot {n} verdier og rader ({values} uleselige, {rows} uten periodedato; første: {first})',
  badWideRow: '{at}, en rad bredere enn overskriften',
  badEmptyPeriod: "{at}, kolonnen '{column}' er tom, så raden hører ikke til noen periode",
  badAt: "{at}, kolonnen '{column}', {value}{why}",
  emptyMixed: "teller {n} rader med tom '{column}' sammen med deres andre beløp (første: {at}; er en tom '{column}' 0, skriv empty: { {key}: zero } under kilden)",
  emptyMixedOne: "teller 1 rad med tom '{column}' sammen med dens andre beløp (første: {at}; er en tom '{column}' 0, skriv empty: { {key}: zero } under kilden)",
  is: ': ',
  reasons: { 'not a number': 'er ikke et tall', 'not a date': 'er ikke en dato' },
  badValuesFix: 'kpi check feiler på dem: rett eksporten, eller godta dem med allow_bad_values: under kilden i kpi.yaml (eller --allow-bad-values)',
  andMore: ' og {n} til (statuskolonnen markerer hver)',

  wideRowsOne: '{source}: 1 rad er bredere enn overskriften og utelatt fra alle tall (første: {at}, {fields} felt mot overskriftens {header}; kpi validate forklarer)',
  wideRowsMany: '{source}: {n} rader er bredere enn overskriften og utelatt fra alle tall (første: {at}, {fields} felt mot overskriftens {header}; kpi validate forklarer)',
  emptyPeriodOne: "{source}: 1 rad har tom '{column}', men telles i {what} (første: {at}); den kan høre til hvilken som helst periode, så disse tallene er usikre i alle perioder: fyll inn datoen i eksporten",
  emptyPeriodMany: "{source}: {n} rader har tom '{column}', men telles i {what} (første: {at}); de kan høre til hvilken som helst periode, så disse tallene er usikre i alle perioder: fyll inn datoen i eksporten",
  unreadableOne: "{source}: 1 uleselig verdi i kolonnen '{column}' (første: {first}){out}",
  unreadableMany: "{source}: {n} uleselige verdier i kolonnen '{column}' (første: {first}){out}",
  rowsAre: '; disse radene er {what}',
  leftOutOf: 'utelatt fra {what}',
  inNoGroup: 'i ingen --by-gruppe',
  and: ' og ',
  shortRowsOne: '{source}: 1 rad har færre felt enn overskriften; de manglende cellene leses som tomme (første: {at} har {fields} av {header})',
  shortRowsMany: '{source}: {n} rader har færre felt enn overskriften; de manglende cellene leses som tomme (første: {at} har {fields} av {header})',
  notKnown: 'ikke en kjent {field} ({expected}), i {rows}',
  totalRow: 'sumlinje, utelatt',

  paceBasis: { linear: 'etter dager', weights: 'etter månedsvekter', workdays: 'etter arbeidsdager', last_year: 'etter fjorårets forløp', months: 'etter målets måneder' },
  targetToDate: 'Mål hittil',
  paceBasisHead: 'Tempo beregnet',
  toDateCell: 'hittil {value}, {basis}',
  targetToDateNote: 'Mål hittil: den delen av målet som skal være nådd per {date} — {list}.',
};

const sv: ReportWords = {
  why: 'Varför',
  whyLine: 'Varför {kpi} — {what}: {text}',
  varianceBy: 'avvikelse fördelad på {by}',
  changeBy: 'förändring fördelad på {by}',
  rateMix: '{total} = andel {rate} + mix {mix}',
  memberRateMix: '{name} {contribution} (andel {rate}, mix {mix})',
  otherMembers: 'övriga ({n})',
  noMember: 'inga väsentliga bidrag',
  varianceByOwn: 'avvikelse fördelad på {by}, var och en mot sitt eget mål',
  basisTag: { rest_share: 'andel av målet som inte är fördelat på {by}', no_target: 'utan eget mål', total_target: 'mot totalens mål' },
  unallocated: 'mål inte fördelat på {by} {contribution}',
  unallocatedRatio: 'egna mål mot totalens mål {contribution}',
  whyHead: { against: 'Mot', by: 'Fördelat på', member: 'Del', contribution: 'Bidrag', rate: 'Andel', mix: 'Mix', total: 'Totalt' },
  against: { target: 'mål', previous: 'föregående' },

  notSignificant: 'Inte signifikant vid {confidence}: {name} {value} (n {n}), intervallet {low} – {high} ({method}) omfattar målet {target}: ”i riskzonen”, inte ”ej uppnått”',
  wilson: 'Wilson',
  adjustedWald: 'justerad Wald',
  notJudged: 'Inte bedömt: {name} {value}: {reason}',
  notJudgedMinN: 'Inte bedömt: {name} {value}: n = {n}, under min_n: {min}: visas, bedöms inte',

  note: 'Anmärkning — {name}: {note}{who}',
  noteNone: 'Anmärkning — {name}: ingen ännu ({who})',
  owner: 'ansvarig {owner}',
  action: 'åtgärd: {action}',
  notesSheet: 'Anmärkningar',
  notesHead: { group: 'Grupp', note: 'Anmärkning', owner: 'Ansvarig', action: 'Åtgärd' },

  hiddenByOption: '{parts} visas inte (--hide {words})',
  hiddenByLayout: 'Visas inte: {parts} (report: hide: i kpi.yaml; sammanfattningen räknar dem)',
  resultOne: '{n} resultat {status}',
  resultMany: '{n} resultat {status}',
  withError: 'med fel',

  unknownNote: '⚠ bygger på värden som kpi inte känner till: {columns}; siffran kan vara fel: lägg dem under values: i kpi.yaml eller ignorera dem (kpi validate listar dem)',
  rowOne: '{n} rad',
  rowMany: '{n} rader',

  badValues: 'utelämnade {n} värden som inte kunde läsas (första: {first})',
  badValuesOne: 'utelämnade 1 värde som inte kunde läsas (första: {first})',
  badNoPeriod: 'utelämnade {n} rader utan periodens datum (första: {first})',
  badNoPeriodOne: 'utelämnade 1 rad utan periodens datum (första: {first})',
  badBoth: 'utelämnade {n} värden och rader ({values} oläsliga, {rows} utan periodens datum; första: {first})',
  badWideRow: '{at}, en rad bredare än rubriken',
  badEmptyPeriod: "{at}, kolumnen '{column}' är tom, så raden hör inte till någon period",
  badAt: "{at}, kolumnen '{column}', {value}{why}",
  emptyMixed: "räknar {n} rader med tom '{column}' tillsammans med deras andra belopp (första: {at}; är en tom '{column}' 0, skriv empty: { {key}: zero } under källan)",
  emptyMixedOne: "räknar 1 rad med tom '{column}' tillsammans med dess andra belopp (första: {at}; är en tom '{column}' 0, skriv empty: { {key}: zero } under källan)",
  is: ': ',
  reasons: { 'not a number': 'är inte ett tal', 'not a date': 'är inte ett datum' },
  badValuesFix: 'kpi check misslyckas på dem: rätta exporten, eller godta dem med allow_bad_values: under källan i kpi.yaml (eller --allow-bad-values)',
  andMore: ' och {n} till (statuskolumnen markerar var och en)',

  wideRowsOne: '{source}: 1 rad är bredare än rubriken och utelämnas ur alla siffror (första: {at}, {fields} fält mot rubrikens {header}; kpi validate förklarar)',
  wideRowsMany: '{source}: {n} rader är bredare än rubriken och utelämnas ur alla siffror (första: {at}, {fields} fält mot rubrikens {header}; kpi validate förklarar)',
  emptyPeriodOne: "{source}: 1 rad har tom '{column}' men räknas i {what} (första: {at}); den kan höra till vilken period som helst, så de siffrorna är osäkra i alla perioder: fyll i datumet i exporten",
  emptyPeriodMany: "{source}: {n} rader har tom '{column}' men räknas i {what} (första: {at}); de kan höra till vilken period som helst, så de siffrorna är osäkra i alla perioder: fyll i datumet i exporten",
  unreadableOne: "{source}: 1 oläsligt värde i kolumnen '{column}' (första: {first}){out}",
  unreadableMany: "{source}: {n} oläsliga värden i kolumnen '{column}' (första: {first}){out}",
  rowsAre: '; de raderna är {what}',
  leftOutOf: 'utelämnade ur {what}',
  inNoGroup: 'i ingen --by-grupp',
  and: ' och ',
  shortRowsOne: '{source}: 1 rad har färre fält än rubriken; de saknade cellerna läses som tomma (första: {at} har {fields} av {header})',
  shortRowsMany: '{source}: {n} rader har färre fält än rubriken; de saknade cellerna läses som tomma (första: {at} har {fields} av {header})',
  notKnown: 'inte en känd {field} ({expected}), i {rows}',
  totalRow: 'summarad, utelämnad',

  paceBasis: { linear: 'efter dagar', weights: 'efter månadsvikter', workdays: 'efter arbetsdagar', last_year: 'efter fjolårets förlopp', months: 'efter målets månader' },
  targetToDate: 'Mål hittills',
  paceBasisHead: 'Takt beräknad',
  toDateCell: 'hittills {value}, {basis}',
  targetToDateNote: 'Mål hittills: den del av målet som ska vara nådd per {date} — {list}.',
};

const da: ReportWords = {
  why: 'Hvorfor',
  whyLine: 'Hvorfor {kpi} — {what}: {text}',
  varianceBy: 'afvigelse fordelt på {by}',
  changeBy: 'ændring fordelt på {by}',
  rateMix: '{total} = rate {rate} + mix {mix}',
  memberRateMix: '{name} {contribution} (rate {rate}, mix {mix})',
  otherMembers: 'øvrige ({n})',
  noMember: 'ingen væsentlige bidrag',
  varianceByOwn: 'afvigelse fordelt på {by}, hver mod sit eget mål',
  basisTag: { rest_share: 'andel af målet, der ikke er fordelt på {by}', no_target: 'uden eget mål', total_target: 'mod totalens mål' },
  unallocated: 'mål ikke fordelt på {by} {contribution}',
  unallocatedRatio: 'egne mål mod totalens mål {contribution}',
  whyHead: { against: 'Mod', by: 'Fordelt på', member: 'Led', contribution: 'Bidrag', rate: 'Rate', mix: 'Mix', total: 'I alt' },
  against: { target: 'mål', previous: 'forrige' },

  notSignificant: 'Ikke signifikant ved {confidence}: {name} {value} (n {n}), intervallet {low} – {high} ({method}) omfatter målet {target}: »i risiko«, ikke »ikke nået«',
  wilson: 'Wilson',
  adjustedWald: 'justeret Wald',
  notJudged: 'Ikke vurderet: {name} {value}: {reason}',
  notJudgedMinN: 'Ikke vurderet: {name} {value}: n = {n}, under min_n: {min}: vist, ikke vurderet',

  note: 'Bemærkning — {name}: {note}{who}',
  noteNone: 'Bemærkning — {name}: ingen endnu ({who})',
  owner: 'ansvarlig {owner}',
  action: 'handling: {action}',
  notesSheet: 'Bemærkninger',
  notesHead: { group: 'Gruppe', note: 'Bemærkning', owner: 'Ansvarlig', action: 'Handling' },

  hiddenByOption: '{parts} ikke vist (--hide {words})',
  hiddenByLayout: 'Ikke vist: {parts} (report: hide: i kpi.yaml; oversigten tæller dem med)',
  resultOne: '{n} resultat {status}',
  resultMany: '{n} resultater {status}',
  withError: 'med fejl',

  unknownNote: '⚠ bygger på værdier, kpi ikke kender: {columns}; tallet kan være forkert: angiv dem under values: i kpi.yaml eller ignorer dem (kpi validate viser dem)',
  rowOne: '{n} række',
  rowMany: '{n} rækker',

  badValues: 'udelod {n} værdier, der ikke kunne læses (første: {first})',
  badValuesOne: 'udelod 1 værdi, der ikke kunne læses (første: {first})',
  badNoPeriod: 'udelod {n} rækker uden periodedato (første: {first})',
  badNoPeriodOne: 'udelod 1 række uden periodedato (første: {first})',
  badBoth: 'udelod {n} værdier og rækker ({values} ulæselige, {rows} uden periodedato; første: {first})',
  badWideRow: '{at}, en række bredere end overskriften',
  badEmptyPeriod: "{at}, kolonnen '{column}' er tom, så rækken hører ikke til nogen periode",
  badAt: "{at}, kolonnen '{column}', {value}{why}",
  emptyMixed: "tæller {n} rækker med tom '{column}' sammen med deres andre beløb (første: {at}; er en tom '{column}' 0, skriv empty: { {key}: zero } under kilden)",
  emptyMixedOne: "tæller 1 række med tom '{column}' sammen med dens andre beløb (første: {at}; er en tom '{column}' 0, skriv empty: { {key}: zero } under kilden)",
  is: ': ',
  reasons: { 'not a number': 'er ikke et tal', 'not a date': 'er ikke en dato' },
  badValuesFix: 'kpi check fejler på dem: ret eksporten, eller godkend dem med allow_bad_values: under kilden i kpi.yaml (eller --allow-bad-values)',
  andMore: ' og {n} mere (statuskolonnen markerer hver)',

  wideRowsOne: '{source}: 1 række er bredere end overskriften og udeladt af alle tal (første: {at}, {fields} felter mod overskriftens {header}; kpi validate forklarer)',
  wideRowsMany: '{source}: {n} rækker er bredere end overskriften og udeladt af alle tal (første: {at}, {fields} felter mod overskriftens {header}; kpi validate forklarer)',
  emptyPeriodOne: "{source}: 1 række har tom '{column}', men tælles i {what} (første: {at}); den kan høre til enhver periode, så de tal er usikre i alle perioder: udfyld datoen i eksporten",
  emptyPeriodMany: "{source}: {n} rækker har tom '{column}', men tælles i {what} (første: {at}); de kan høre til enhver periode, så de tal er usikre i alle perioder: udfyld datoen i eksporten",
  unreadableOne: "{source}: 1 ulæselig værdi i kolonnen '{column}' (første: {first}){out}",
  unreadableMany: "{source}: {n} ulæselige værdier i kolonnen '{column}' (første: {first}){out}",
  rowsAre: '; de rækker er {what}',
  leftOutOf: 'udeladt af {what}',
  inNoGroup: 'i ingen --by-gruppe',
  and: ' og ',
  shortRowsOne: '{source}: 1 række har færre felter end overskriften; de manglende celler læses som tomme (første: {at} har {fields} af {header})',
  shortRowsMany: '{source}: {n} rækker har færre felter end overskriften; de manglende celler læses som tomme (første: {at} har {fields} af {header})',
  notKnown: 'ikke en kendt {field} ({expected}), i {rows}',
  totalRow: 'sumrække, udeladt',

  paceBasis: { linear: 'efter dage', weights: 'efter månedsvægte', workdays: 'efter arbejdsdage', last_year: 'efter sidste års forløb', months: 'efter målets måneder' },
  targetToDate: 'Mål til dato',
  paceBasisHead: 'Tempo beregnet',
  toDateCell: 'til dato {value}, {basis}',
  targetToDateNote: 'Mål til dato: den del af målet, der skal være nået pr. {date} — {list}.',
};

export const REPORT_WORDS: Record<Language, ReportWords> = { en, nb, sv, da };

/** The sentences of a report's language (English without a locale). */
export const reportWords = (f: Formatter = DEFAULT_FORMATTER): ReportWords => REPORT_WORDS[f.spec.language];

/** `{n} rows` in the language, the number in the locale's digits. */
export const rowsText = (n: number, f: Formatter = DEFAULT_FORMATTER): string => {
  const w = reportWords(f);
  return (n === 1 ? w.rowOne : w.rowMany).replace('{n}', countText(n, f));
};

/**
 * A count in a sentence: in the locale's digits (`1 234`), and without a locale as kpi always wrote it (`1234`), so
 * the English sentences of scripts, stderr and goldens do not move.
 */
export const countText = (n: number, f: Formatter = DEFAULT_FORMATTER): string => (f.locale === undefined ? String(n) : f.integer(n));

/**
 * What follows a value a reader could not read: ` is not a number` (English: the reason as the reader wrote it),
 * ` er ikke et tall` for the common reasons in the other languages, else `: ` and the reader's reason.
 */
export function reasonAfter(reason: string, f: Formatter = DEFAULT_FORMATTER): string {
  const w = reportWords(f);
  if (f.spec.language === 'en') return `${reason.startsWith('not ') ? w.is : ': '}${reason}`;
  const known = (w.reasons as Record<string, string>)[reason];
  return known !== undefined ? ` ${known}` : `: ${reason}`;
}
