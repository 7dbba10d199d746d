// The words of the meeting formats (pptx, pdf) that no other format writes, in each language of src/locale: data,
// beside the shared messages, which give the column heads, status words and KPI labels.
import type { Language } from '../locale/index.js';

export interface MeetingWords {
  attention: string;
  /** `Needs attention: nothing missed, at risk or incomplete`. */
  nothing: string;
  trend: string;
  /** `as of 2026-11-03`. */
  asOf: string;
  quality: string;
  appendix: string;
  /** `Page 2 of 4`. */
  page: string;
  /** The title slide's line when a figure is marked ⚠. */
  flaggedDeck: string;
  flaggedPdf: string;
  /** `52 KPIs without a target or data (all of Activities): in the appendix.` */
  leftToAppendix: string;
  allOf: string;
  kpis: string;
  other: string;
  /** A target's second line in a running period: `to date 725,806.45 NOK`. */
  toDate: string;
  /**
   * The section of a source without `report: sections:`, by the source's name when it is a kind's (`sales` →
   * `Salg`); any other name is shown as written, capitalised.
   */
  sources: Record<string, string>;
}

export const MEETING_WORDS: Record<Language, MeetingWords> = {
  en: {
    attention: 'Needs attention',
    nothing: 'Nothing missed, at risk or incomplete.',
    trend: 'Trend',
    asOf: 'as of {date}',
    quality: 'Data quality and notes',
    appendix: 'Appendix: all results',
    page: 'Page {n} of {total}',
    flaggedDeck: '⚠ Some figures were read from values kpi does not know or could not read: see the data-quality slide.',
    flaggedPdf: '⚠ Some figures were read from values kpi does not know or could not read (marked ⚠): see "Data quality and notes" in the appendix.',
    leftToAppendix: '{count} KPIs without a target or data{where}: in the appendix.',
    allOf: ' (all of {names})',
    kpis: 'KPIs',
    other: 'Other',
    toDate: 'to date {value}',
    sources: { sales: 'Sales', deals: 'Deals', invoices: 'Invoices', tickets: 'Tickets', surveys: 'Surveys', customers: 'Customers', ledger: 'Ledger', activities: 'Activities', timesheets: 'Timesheets', employees: 'Employees', employee_surveys: 'Employee surveys', web: 'Web' },
  },
  nb: {
    attention: 'Trenger oppmerksomhet',
    nothing: 'Ingen mål bommet, i fare eller ufullstendige.',
    trend: 'Trend',
    asOf: 'per {date}',
    quality: 'Datakvalitet og merknader',
    appendix: 'Vedlegg: alle resultater',
    page: 'Side {n} av {total}',
    flaggedDeck: '⚠ Noen tall bygger på verdier kpi ikke kjenner eller ikke kunne lese: se lysbildet om datakvalitet.',
    flaggedPdf: '⚠ Noen tall bygger på verdier kpi ikke kjenner eller ikke kunne lese (merket ⚠): se «Datakvalitet og merknader» i vedlegget.',
    leftToAppendix: '{count} KPI-er uten mål eller data{where}: i vedlegget.',
    allOf: ' (alle i {names})',
    kpis: 'KPI-er',
    other: 'Annet',
    toDate: 'hittil {value}',
    sources: { sales: 'Salg', deals: 'Salgsmuligheter', invoices: 'Fakturaer', tickets: 'Henvendelser', surveys: 'Kundeundersøkelser', customers: 'Kunder', ledger: 'Regnskap', activities: 'Aktiviteter', timesheets: 'Timelister', employees: 'Ansatte', employee_surveys: 'Medarbeiderundersøkelser', web: 'Nettsted' },
  },
  sv: {
    attention: 'Kräver uppmärksamhet',
    nothing: 'Inget missat, i riskzonen eller ofullständigt.',
    trend: 'Trend',
    asOf: 'per {date}',
    quality: 'Datakvalitet och anmärkningar',
    appendix: 'Bilaga: alla resultat',
    page: 'Sida {n} av {total}',
    flaggedDeck: '⚠ Vissa siffror bygger på värden som kpi inte känner till eller inte kunde läsa: se bilden om datakvalitet.',
    flaggedPdf: '⚠ Vissa siffror bygger på värden som kpi inte känner till eller inte kunde läsa (märkta ⚠): se ”Datakvalitet och anmärkningar” i bilagan.',
    leftToAppendix: '{count} KPI:er utan mål eller data{where}: i bilagan.',
    allOf: ' (alla i {names})',
    kpis: 'KPI:er',
    other: 'Övrigt',
    toDate: 'hittills {value}',
    sources: { sales: 'Försäljning', deals: 'Affärsmöjligheter', invoices: 'Fakturor', tickets: 'Ärenden', surveys: 'Kundundersökningar', customers: 'Kunder', ledger: 'Bokföring', activities: 'Aktiviteter', timesheets: 'Tidrapporter', employees: 'Anställda', employee_surveys: 'Medarbetarundersökningar', web: 'Webbplats' },
  },
  da: {
    attention: 'Kræver opmærksomhed',
    nothing: 'Intet misset, i fare eller ufuldstændigt.',
    trend: 'Trend',
    asOf: 'pr. {date}',
    quality: 'Datakvalitet og bemærkninger',
    appendix: 'Bilag: alle resultater',
    page: 'Side {n} af {total}',
    flaggedDeck: '⚠ Nogle tal bygger på værdier, kpi ikke kender eller ikke kunne læse: se sliden om datakvalitet.',
    flaggedPdf: '⚠ Nogle tal bygger på værdier, kpi ikke kender eller ikke kunne læse (mærket ⚠): se »Datakvalitet og bemærkninger« i bilaget.',
    leftToAppendix: '{count} KPI’er uden mål eller data{where}: i bilaget.',
    allOf: ' (alle i {names})',
    kpis: 'KPI’er',
    other: 'Andet',
    toDate: 'til dato {value}',
    sources: { sales: 'Salg', deals: 'Salgsmuligheder', invoices: 'Fakturaer', tickets: 'Henvendelser', surveys: 'Kundeundersøgelser', customers: 'Kunder', ledger: 'Regnskab', activities: 'Aktiviteter', timesheets: 'Timesedler', employees: 'Medarbejdere', employee_surveys: 'Medarbejderundersøgelser', web: 'Websted' },
  },
};
