// The systems people export from, as data: which kind each export is, the headers it writes, its value words.
// kinds.ts merges every preset's headers and values into its kind (so a `--source` of such a file needs no
// settings); `kpi init` recognises the system by its signature headers and names it.
import { snakeCase } from '../util/text.js';

export interface SystemPreset {
  /** `hubspot-deals`: one export of one system. */
  id: string;
  /** The system's name as users know it. */
  system: string;
  /** What the export is, as `kpi init` says it: `a HubSpot deals export`. */
  export: string;
  kind: string;
  /** The header texts this export writes, per canonical field of the kind (merged into the kind's synonyms). */
  columns: Readonly<Record<string, readonly string[]>>;
  /**
   * Headers that together say the file is this system's export: recognised when at least `need` of them are
   * headers of the file (compared in snake_case). Headers every export has (`Status`, `Amount`) are no signature.
   */
  signature: readonly string[];
  need: number;
  /** The value words of this export, per field: canonical value → spellings (merged into the kind's values). */
  values?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Spellings that mean none of the canonical values (merged into the kind's `ignore`). */
  ignore?: Readonly<Record<string, readonly string[]>>;
  /** Dates and numbers as the export writes them (what kpi sniffs; said in the README). */
  formats: string;
  /** Where the columns and value words come from. */
  source: string;
  /** The export-shaped fixture that tests the preset. */
  fixture: string;
}

export const SYSTEM_PRESETS: readonly SystemPreset[] = [
  {
    id: 'superoffice-sales',
    system: 'SuperOffice',
    export: 'SuperOffice sale list',
    kind: 'deals',
    columns: {
      created: ['Registrert', 'Registered'],
      closed: ['Salgsdato', 'Sale date'],
      status: ['Status'],
      stage: ['Fase', 'Stage'],
      amount: ['Beløp', 'Amount'],
      rep: ['Vår kontakt', 'Our contact'],
    },
    signature: ['Vår kontakt', 'Our contact', 'Salgsdato', 'Sale date', 'Registrert', 'Registered', 'Salgsnavn', 'Heading', 'Firma'],
    need: 3,
    values: { status: { won: ['Solgt', 'Sold'], lost: ['Tapt', 'Lost'], open: ['Åpen', 'Open'] } },
    ignore: { status: ['Stoppet', 'Utsatt', 'Stalled'] },
    formats: 'Norwegian UI: `;`, decimal comma, `dd.MM.yyyy`',
    source: 'SuperOffice user guide, sale list and "Stalled, sold and lost sales" (SuperOfficeDocs/superoffice-docs user-guide/en/sale/stages.md): statuses Open, Sold, Lost, Stalled',
    fixture: 'fixtures/systems/superoffice/deals.csv',
  },
  {
    id: 'hubspot-deals',
    system: 'HubSpot',
    export: 'HubSpot deals export',
    kind: 'deals',
    columns: {
      created: ['Create Date', 'createdate'],
      closed: ['Close Date', 'closedate'],
      status: ['Deal Stage', 'dealstage'],
      amount: ['Amount', 'amount', 'Amount in company currency', 'amount_in_home_currency'],
      rep: ['Deal owner', 'hubspot_owner_id'],
      type: ['Deal Type', 'dealtype'],
      currency: ['Currency', 'deal_currency_code'],
    },
    signature: ['Record ID', 'hs_object_id', 'Deal Name', 'dealname', 'Deal Stage', 'dealstage', 'Deal owner', 'hubspot_owner_id', 'Create Date', 'createdate', 'closedate', 'Pipeline'],
    need: 3,
    values: {
      status: {
        won: ['Closed Won', 'closedwon'],
        lost: ['Closed Lost', 'closedlost'],
        open: ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent', 'appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'],
      },
    },
    formats: 'ISO dates (`2026-10-02 09:00`, API `2026-10-02T09:00:00Z`), plain numbers',
    source: 'HubSpot deals properties and the default sales pipeline (developers.hubspot.com CRM API: deals, pipelines; knowledge base "Set up and customize your deal pipelines"): labels in the UI export, internal ids in API/data-sync exports',
    fixture: 'fixtures/systems/hubspot/deals.csv',
  },
  {
    id: 'salesforce-opportunities',
    system: 'Salesforce',
    export: 'Salesforce opportunity report',
    kind: 'deals',
    columns: {
      created: ['Created Date', 'CreatedDate'],
      closed: ['Close Date', 'CloseDate'],
      status: ['Stage', 'StageName'],
      amount: ['Amount', 'Amount (converted)'],
      rep: ['Opportunity Owner', 'Owner Name'],
      lead_source: ['Lead Source', 'LeadSource'],
      type: ['Type'],
      currency: ['Opportunity Currency', 'CurrencyIsoCode'],
    },
    // Not `CloseDate` or `Opportunity ID`: in snake_case they are `close_date` and `opportunity_id`, which any CRM
    // export may write (the Maven CRM data set does).
    signature: ['Opportunity Owner', 'Opportunity Name', 'Account Name', 'Probability (%)', 'StageName', 'IsWon', 'IsClosed', 'Fiscal Period', 'ForecastCategoryName'],
    need: 2,
    values: {
      status: {
        won: ['Closed Won'],
        lost: ['Closed Lost'],
        open: ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review'],
      },
    },
    formats: 'the user\'s locale: en_US `10/2/2026` and `12,000.00`; nb-NO `02.10.2026` and `12 000,00`',
    source: 'Salesforce Object Reference, Opportunity (StageName picklist defaults, CloseDate, CreatedDate, Probability, IsWon); report columns as the Opportunities report type names them',
    fixture: 'fixtures/systems/salesforce/opportunities.csv',
  },
  {
    id: 'pipedrive-deals',
    system: 'Pipedrive',
    export: 'Pipedrive deals export',
    kind: 'deals',
    columns: {
      created: ['Deal - Deal created'],
      // Not 'Deal - Won time': a lost deal has none, so every lost deal would fall out of every period (win rate 100 %).
      closed: ['Deal - Close time'],
      status: ['Deal - Status'],
      stage: ['Deal - Stage'],
      amount: ['Deal - Value'],
      rep: ['Deal - Owner'],
      currency: ['Deal - Currency'],
    },
    signature: ['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Status', 'Deal - Stage', 'Deal - Owner', 'Deal - Deal created', 'Deal - Close time'],
    need: 2,
    values: { status: { won: ['Won'], lost: ['Lost'], open: ['Open'] } },
    ignore: { status: ['Deleted'] },
    formats: '`2026-10-02 09:00:00`, plain numbers',
    source: 'Pipedrive API v1 deal object (status open, won, lost, deleted; add_time, close_time, won_time, lost_time) and the deals list export, whose headers carry the entity (`Deal - …`)',
    fixture: 'fixtures/systems/pipedrive/deals.csv',
  },
  {
    id: 'zendesk-tickets',
    system: 'Zendesk',
    export: 'Zendesk Support ticket export',
    kind: 'tickets',
    columns: {
      created: ['Created at'],
      resolved: ['Solved at'],
      channel: ['Via'],
      agent: ['Assignee'],
      csat: ['Satisfaction Score', 'Satisfaction rating'],
      contacts: ['Replies'],
      priority: ['Priority'],
      category: ['Ticket type'],
      first_response_time: ['First reply time in minutes'],
      resolution_time: ['Full resolution time in minutes'],
    },
    signature: ['Requester', 'Via', 'Created at', 'Solved at', 'Satisfaction Score', 'Replies', 'Ticket type', 'First reply time in minutes', 'Full resolution time in minutes', 'Group'],
    need: 3,
    values: {
      csat: { '5': ['Good', 'good_with_comment', 'good_without_comment'], '1': ['Bad', 'bad_with_comment', 'bad_without_comment'] },
      priority: { urgent: ['Urgent'], high: ['High'], normal: ['Normal'], low: ['Low'] },
    },
    ignore: { csat: ['Offered', 'Unoffered', 'Not offered'] },
    formats: '`2026-10-01 09:00`; metrics as plain minutes',
    source: 'Zendesk Support CSV export and Ticket Metrics API (first_reply_time_in_minutes, full_resolution_time_in_minutes: calendar and business); Satisfaction Ratings API scores offered, unoffered, good, bad',
    fixture: 'fixtures/systems/zendesk/tickets.csv',
  },
  {
    id: 'zendesk-explore',
    system: 'Zendesk Explore',
    export: 'Zendesk Explore tickets report',
    kind: 'tickets',
    columns: {
      created: ['Ticket created - Date', 'Ticket created - Timestamp'],
      resolved: ['Ticket solved - Date', 'Ticket solved - Timestamp'],
      channel: ['Ticket channel'],
      agent: ['Assignee name'],
      csat: ['Ticket satisfaction rating'],
      priority: ['Ticket priority'],
      category: ['Ticket type'],
      first_response_time: ['First reply time (min)', 'First reply time (hrs)'],
      resolution_time: ['Full resolution time (min)', 'Full resolution time (hrs)'],
    },
    // Explore's own attribute and metric names: `Ticket ID`, `Ticket status` or `Ticket channel` are any helpdesk
    // export's (Kaggle's support-ticket data set has all three).
    signature: ['Ticket created - Date', 'Ticket created - Timestamp', 'Ticket solved - Date', 'Ticket solved - Timestamp', 'Ticket satisfaction rating', 'First reply time (min)', 'First reply time (hrs)', 'Full resolution time (hrs)', 'Full resolution time (min)', 'Assignee name'],
    need: 3,
    values: { csat: { '5': ['Good'], '1': ['Bad'] } },
    ignore: { csat: ['Offered', 'Unoffered', 'Not offered'] },
    formats: 'ISO dates; metrics as plain numbers in the unit their name says (min, hrs)',
    source: 'Zendesk Explore Support dataset ("Metrics and attributes for Zendesk Support": attributes Ticket ID, Ticket created - Date, Ticket status …; metrics First reply time (min/hrs), Full resolution time (min/hrs)); "About native Support time duration metrics" (support.zendesk.com 4408834848154)',
    fixture: 'fixtures/systems/zendesk-explore/tickets.csv',
  },
  {
    id: 'freshdesk-tickets',
    system: 'Freshdesk',
    export: 'Freshdesk ticket export',
    kind: 'tickets',
    columns: {
      created: ['Created time'],
      first_response: ['Initial response time'],
      resolved: ['Resolved time'],
      channel: ['Source'],
      agent: ['Agent'],
      contacts: ['Agent interactions'],
      category: ['Type'],
      csat: ['Survey results', 'Satisfaction rating', 'Customer satisfaction'],
    },
    signature: ['Created time', 'Resolved time', 'Closed time', 'Due by Time', 'Initial response time', 'Agent interactions', 'Customer interactions', 'Last update time'],
    need: 3,
    values: {
      // The classic survey (Awesome / Just okay / Not good) and the current 3-, 5- and 7-point surveys (Freshdesk
      // API v2 satisfaction ratings: 103 Extremely happy … 100 Neutral … -103 Extremely unhappy), read on the
      // 1–5 scale: every "happy" answer is 4 or 5 (counted satisfied by csat, as Freshdesk's happy share), every
      // "unhappy" one 1 or 2, neutral 3.
      csat: {
        '5': ['Awesome', 'Extremely happy', 'Very happy'],
        '4': ['Happy'],
        '3': ['Just okay', 'Neutral'],
        '2': ['Unhappy'],
        '1': ['Not good', 'Very unhappy', 'Extremely unhappy'],
      },
      priority: { urgent: ['Urgent'], high: ['High'], normal: ['Medium'], low: ['Low'] },
    },
    formats: '`2026-10-01 09:00:00` (or `dd-MM-yyyy HH:mm` by account setting)',
    source: 'Freshdesk ticket export fields (Tickets → Export) and API v2 ticket and satisfaction-rating objects (developer.freshdesk.com/api: statuses Open, Pending, Resolved, Closed; priorities Low, Medium, High, Urgent; ratings 103 … -103)',
    fixture: 'fixtures/systems/freshdesk/tickets.csv',
  },
  {
    id: 'jira-service-management',
    system: 'Jira Service Management',
    export: 'Jira Service Management issue export',
    kind: 'tickets',
    columns: {
      created: ['Created'],
      resolved: ['Resolved'],
      agent: ['Assignee'],
      priority: ['Priority'],
      category: ['Custom field (Request Type)', 'Issue Type'],
      csat: ['Custom field (Satisfaction)', 'Satisfaction'],
      // Only as JSM writes it: a bare `Time to resolution` is elsewhere the time a ticket took (Kaggle's data set).
      sla_remaining: ['Custom field (Time to resolution)'],
    },
    signature: ['Issue key', 'Issue id', 'Issue Type', 'Custom field (Request Type)', 'Custom field (Satisfaction)', 'Custom field (Time to resolution)', 'Reporter', 'Resolution', 'Summary'],
    need: 3,
    values: { priority: { urgent: ['Highest', 'Blocker', 'Critical'], high: ['High', 'Major'], normal: ['Medium'], low: ['Low', 'Lowest', 'Minor', 'Trivial'] } },
    formats: '`01/Oct/26 9:00 AM`; SLA time left as `4h 30m`, `-1d 3h` once breached',
    source: 'Jira Cloud "Export issues" (Export CSV, all fields: Custom field (…) headers); Jira Service Management request type, satisfaction (1–5) and SLA fields',
    fixture: 'fixtures/systems/jira-service-management/issues.csv',
  },
  {
    id: 'tripletex-ledger',
    system: 'Tripletex',
    export: 'Tripletex general ledger (hovedbok)',
    kind: 'ledger',
    columns: { date: ['Dato'], amount: ['Beløp'], account: ['Konto'] },
    signature: ['Bilagsnummer', 'Konto', 'Kontonavn', 'Beskrivelse', 'Dato', 'Beløp'],
    need: 4,
    formats: '`;`, decimal comma, `dd.MM.yyyy`; income as negative credits',
    source: 'Tripletex report "Hovedbok" exported to CSV; Norwegian accounting terms (bilag, konto, kontonavn)',
    fixture: 'fixtures/systems/tripletex/ledger.csv',
  },
  {
    id: 'tripletex-invoices',
    system: 'Tripletex',
    export: 'Tripletex invoice overview (fakturaoversikt)',
    kind: 'invoices',
    columns: { number: ['Fakturanummer'], issued: ['Fakturadato'], due: ['Forfallsdato'], customer: ['Kunde'], amount: ['Beløp eks. mva'], paid: ['Betalt dato'], open_amount: ['Utestående'] },
    signature: ['Fakturanummer', 'Fakturadato', 'Forfallsdato', 'Kundenummer', 'Beløp eks. mva', 'Utestående', 'Betalt dato'],
    need: 4,
    formats: '`;`, decimal comma, `dd.MM.yyyy`',
    source: 'Tripletex Faktura → Oversikt exported to Excel/CSV; Norwegian invoice terms (the exact header text differs by version)',
    fixture: 'fixtures/systems/tripletex/invoices.csv',
  },
  {
    id: 'poweroffice-invoices',
    system: 'PowerOffice Go',
    export: 'PowerOffice Go invoice list',
    kind: 'invoices',
    columns: { number: ['Fakturanr'], issued: ['Fakturadato'], due: ['Forfallsdato'], customer: ['Kundenavn'], amount: ['Beløp eks. mva'], open_amount: ['Utestående'], currency: ['Valuta'] },
    signature: ['Fakturanr', 'Kundenr', 'Kundenavn', 'Fakturadato', 'Forfallsdato', 'Beløp eks. mva', 'Beløp inkl. mva', 'Utestående', 'Valuta'],
    need: 5,
    formats: '`;`, decimal comma, `dd.MM.yyyy`; `Utestående` is the open amount when exported',
    source: 'PowerOffice Go Salg → Fakturaer list exported to Excel (support.poweroffice.com; "Kundereskontro" columns Kundenr, Kundenavn …), the invoice list of trial-report.md',
    fixture: 'fixtures/systems/poweroffice/invoices.csv',
  },
  {
    id: 'fiken-invoices',
    system: 'Fiken',
    export: 'Fiken invoice list',
    kind: 'invoices',
    columns: { number: ['Fakturanr'], issued: ['Fakturadato'], due: ['Forfallsdato'], customer: ['Kunde'], amount: ['Beløp eks. mva'], paid: ['Betalt dato'] },
    signature: ['Fakturanr', 'Fakturadato', 'Forfallsdato', 'Kunde', 'Beløp eks. mva', 'Mva', 'Beløp inkl. mva', 'Betalt dato'],
    need: 6,
    formats: '`;`, decimal comma, `dd.MM.yyyy`, CRLF',
    source: 'Fiken Salg → Fakturaer exported to CSV; Norwegian invoice terms',
    fixture: 'fixtures/systems/fiken/invoices.csv',
  },
  {
    id: 'visma-eaccounting-invoices',
    system: 'Visma eAccounting (eEkonomi / Spiris)',
    export: 'Visma eAccounting customer invoice list',
    kind: 'invoices',
    columns: { number: ['Fakturanummer', 'Fakturanr'], issued: ['Fakturadatum'], due: ['Förfallodatum'], customer: ['Kund', 'Kundnamn'], amount: ['Belopp exkl. moms', 'Belopp exkl moms'], paid: ['Betaldatum', 'Slutbetald'], open_amount: ['Restbelopp', 'Kvar att betala'], currency: ['Valuta'] },
    signature: ['Fakturanummer', 'Kundnummer', 'Kund', 'Kundnamn', 'Fakturadatum', 'Förfallodatum', 'Belopp exkl. moms', 'Belopp inkl. moms', 'Moms', 'Betaldatum', 'Restbelopp'],
    need: 4,
    formats: '`;`, decimal comma, ISO dates (`2026-10-02`)',
    source: 'Visma eAccounting (Spiris) Försäljning → Kundfakturor list exported to Excel/CSV (support.spiris.se import/export of records); Swedish invoice terms',
    fixture: 'fixtures/systems/visma/invoices.csv',
  },
];

/** A file's recognised system: the preset and the signature headers that matched, as written in the file. */
export interface Recognised {
  preset: SystemPreset;
  matched: string[];
}

/**
 * The system whose export a header row is: the preset with the most signature headers present, at least its
 * `need`. Ties go to the preset listed first.
 */
export function recognise(headers: readonly string[]): Recognised | undefined {
  const bySnake = new Map<string, string>();
  for (const h of headers) if (h !== '' && !bySnake.has(snakeCase(h))) bySnake.set(snakeCase(h), h);
  let best: Recognised | undefined;
  for (const preset of SYSTEM_PRESETS) {
    const matched = [...new Set(preset.signature.map(snakeCase))].flatMap((s) => (bySnake.has(s) ? [bySnake.get(s)!] : []));
    if (matched.length >= preset.need && (!best || matched.length > best.matched.length)) best = { preset, matched };
  }
  return best;
}
