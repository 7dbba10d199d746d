// Built-in source kinds (SPEC §3): canonical fields, their types, synonyms for auto-mapping, canonical values.

export type { FieldType } from '../model/vocabulary.js';
import type { DurationUnit, FieldType, Scale } from '../model/vocabulary.js';
import { snakeCase } from '../util/text.js';
import { SYSTEM_PRESETS } from './presets.js';

export interface CanonicalField {
  name: string;
  type: FieldType;
  /** The column must exist when any KPI reads this source. */
  required?: boolean;
  /** Header spellings (compared in snake_case) that map to this field when `columns:` is silent. */
  synonyms?: readonly string[];
  /**
   * Canonical values and the raw spellings that mean them (compared case-insensitively). The set is closed: any
   * other value in the column is an unknown value, counted, reported and failing `kpi check`. For a number field
   * the canonical values are numbers (Zendesk's `good` is 5 on the 1–5 CSAT scale).
   */
  values?: Readonly<Record<string, readonly string[]>>;
  /** Spellings that are known but mean none of the canonical values (an answer that is not one: "offered"). */
  ignore?: readonly string[];
  /**
   * An amount of money, in the currency of the row's `currency` column when the source has one: such amounts are
   * never added across currencies (see src/report/currency.ts), and `fx:` rates convert them.
   */
  money?: boolean;
  /**
   * Synonyms of a money field whose column is already in the company currency (HubSpot `Amount in company
   * currency`, Salesforce `Amount (converted)`): listed first among the synonyms, and exempt from the currency
   * column, which gives the currency of the deal's own amount.
   */
  inCompanyCurrency?: readonly string[];
  /**
   * A number field whose cells are durations, read as hours (`2h 30m`, `-1d 3h`, `01:30:00`, `PT2H30M`); `unit` is
   * the unit of plain numbers when the field's usual exports write them so. A header that names its unit
   * (`… in minutes`, `… (hrs)`) and `units:` in kpi.yaml say it too.
   */
  duration?: { unit?: DurationUnit };
  /**
   * The scale of a score (csat 1–5, an NPS answer 0–10): a value outside it is a located bad value, not a figure —
   * a 0–10 column mapped to csat, or a percentage mapped to an NPS score, would otherwise be averaged as if it were.
   */
  scale?: Scale;
}

export interface SourceKind {
  name: string;
  description: string;
  fields: readonly CanonicalField[];
  /** The field whose date puts a row in a period; absent: KPIs use the period bounds in conditions. */
  periodField?: string;
  /**
   * Exports disagree on the sign of costs (a ledger may write them negative). Formulas see costs as positive
   * amounts: rows whose category is not an income category have their amount negated when the source's costs
   * are negative (`costs_sign`, else detected).
   */
  signs?: { amount: string; category: string; income: readonly string[] };
}

const f = (name: string, type: FieldType, more: Omit<CanonicalField, 'name' | 'type'> = {}): CanonicalField => ({
  name,
  type,
  ...more,
});

// Danish and Swedish beside Norwegian: `Dato` (da, no), `Datum`, `Orderdatum`, `Fakturadatum` (sv), `Ordredato` (da, no).
const DATE = ['date', 'dato', 'datum', 'order_date', 'orderdate', 'invoice_date', 'transaction_date', 'ordredato', 'orderdatum', 'fakturadatum', 'transaktionsdatum'];
// IDs before names: two customers may share a name, never an ID.
const CUSTOMER = ['customer', 'customer_id', 'kundenr', 'kundenummer', 'kundnummer', 'kundnr', 'customer_name', 'client', 'account', 'kunde', 'kundenavn', 'kund', 'kundnamn'];
// CRM exports: HubSpot and Pipedrive `Deal owner` / `Deal - Owner`, Salesforce `Opportunity Owner`, SuperOffice `Our contact` / `Vår kontakt`.
// Swedish `Säljare`, `Ansvarig säljare`, Danish `Sælger`, `Ansvarlig`.
const REP = ['rep', 'sales_rep', 'salesperson', 'owner', 'seller', 'sales_agent', 'agent', 'selger', 'deal_owner', 'opportunity_owner', 'owner_name', 'our_contact', 'vår_kontakt', 'var_kontakt', 'hubspot_owner_id', 'säljare', 'saljare', 'ansvarig_säljare', 'sælger', 'saelger', 'ansvarlig', 'ansvarig'];
const SEGMENT = ['segment', 'customer_segment', 'kundesegment'];
const CHANNEL = ['channel', 'sales_channel', 'kanal'];
// Norwegian `Beløp`, Danish `Beløb`, Swedish `Belopp`, `Summa`.
const AMOUNT = ['amount', 'value', 'total', 'beløp', 'belop', 'belopp', 'beløb', 'belob', 'sum', 'summa'];
// The currency of a row's amounts. HubSpot `Currency` (internal `deal_currency_code`), Salesforce `Opportunity
// Currency` (API `CurrencyIsoCode`), Pipedrive `Deal - Currency`, Stripe `Currency`, Fiken/Tripletex/Visma `Valuta`.
const CURRENCY = ['currency', 'currency_code', 'currencycode', 'currency_iso_code', 'currency_iso', 'deal_currency_code', 'deal_currency', 'opportunity_currency', 'invoice_currency', 'transaction_currency', 'valuta', 'valutakode', 'valuta_kode', 'valutakod', 'währung', 'devise'];
// HubSpot `Amount in company currency` (internal `amount_in_home_currency`), Salesforce `Amount (converted)`.
const DEAL_CONVERTED = ['amount_in_company_currency', 'amount_in_home_currency', 'amount_converted', 'converted_amount'];
const currency = () => f('currency', 'text', { synonyms: CURRENCY });
const EMPLOYEE = ['employee', 'employee_id', 'employee_name', 'staff', 'person', 'consultant', 'ansatt', 'ansattnr', 'ansatt_id', 'medarbeider', 'konsulent'];

const BASE_KINDS: Readonly<Record<string, SourceKind>> = {
  sales: {
    name: 'sales',
    description: 'order or invoice lines',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: DATE }),
      f('revenue', 'number', {
        required: true,
        synonyms: ['revenue', 'sales', 'amount', 'net_amount', 'line_total', 'beløp', 'belop', 'belopp', 'beløb', 'belob', 'omsetning', 'omsætning', 'omsättning', 'salg', 'försäljning', 'netto', 'nettobelopp', 'nettobeløb'],
        money: true,
      }),
      f('cost', 'number', { synonyms: ['cost', 'cogs', 'cost_price', 'kostpris', 'kostnad', 'varekost', 'omkostning', 'inköpspris', 'inkopspris', 'självkostnad'], money: true }),
      // The profit of the line as the export gives it when it has no cost column (Superstore `Profit`; Norwegian
      // `Bruttofortjeneste`, Danish `Dækningsbidrag`, Swedish `Täckningsbidrag`): gross_profit sums it then.
      f('profit', 'number', { synonyms: ['profit', 'gross_profit', 'line_profit', 'fortjeneste', 'bruttofortjeneste', 'dekningsbidrag', 'dækningsbidrag', 'daekningsbidrag', 'täckningsbidrag', 'tackningsbidrag', 'vinst', 'bruttovinst'], money: true }),
      f('quantity', 'number', { synonyms: ['quantity', 'qty', 'units', 'antall', 'antal', 'stk', 'styck'] }),
      f('order_id', 'text', { synonyms: ['order_id', 'order', 'order_no', 'order_number', 'ordrenr', 'ordre_id', 'ordrenummer', 'ordernr', 'ordernummer'] }),
      f('customer', 'text', { synonyms: CUSTOMER }),
      f('rep', 'text', { synonyms: REP }),
      f('product', 'text', { synonyms: ['product', 'product_name', 'item', 'sku', 'produkt', 'vare', 'varenavn', 'vara', 'artikel', 'artikelnamn', 'varenummer', 'artikelnummer'] }),
      f('segment', 'text', { synonyms: SEGMENT }),
      f('channel', 'text', { synonyms: CHANNEL }),
      f('partner', 'text', { synonyms: ['partner', 'reseller', 'forhandler'] }),
      f('type', 'text', {
        synonyms: ['type', 'sale_type', 'salgstype'],
        values: { new: ['new', 'new business', 'nysalg', 'ny'], upsell: ['upsell', 'mersalg', 'expansion'] },
      }),
      f('shipped', 'date', { synonyms: ['shipped', 'ship_date', 'shipped_date', 'shipping_date', 'dispatch_date', 'dispatched', 'sendt', 'sendt_dato', 'utsendt', 'forsendelsesdato'] }),
      f('delivered', 'date', { synonyms: ['delivered', 'delivery_date', 'delivered_date', 'levert', 'levert_dato', 'leveringsdato', 'leveranse_dato'] }),
      f('defects', 'number', { synonyms: ['defects', 'defective', 'defective_units', 'defect_units', 'defekte', 'defekt', 'feil', 'reklamert', 'reklamasjoner', 'reklamerte'] }),
      currency(),
    ],
  },
  deals: {
    name: 'deals',
    description: 'CRM opportunities',
    periodField: 'closed',
    fields: [
      // HubSpot `Create Date`, Salesforce `Created Date` / `CreatedDate`, Pipedrive `Deal - Deal created`, SuperOffice `Registered`.
      f('created', 'date', { required: true, synonyms: ['created', 'created_date', 'create_date', 'engage_date', 'opprettet', 'deal_deal_created', 'deal_created', 'add_time', 'registered', 'registrert', 'createdate', 'skapad', 'skapat', 'registrerad', 'oprettet', 'oprettelsesdato'] }),
      // HubSpot `Close Date`, Salesforce `Close Date` / `CloseDate`, Pipedrive `Deal - Close time`, SuperOffice `Sale date` / `Salgsdato`.
      f('closed', 'date', { synonyms: ['closed', 'close_date', 'closed_date', 'lukket', 'avsluttet', 'deal_close_time', 'close_time', 'deal_closed_on', 'sale_date', 'salgsdato', 'closedate', 'stängd', 'stangd', 'avslutad', 'lukket_dato', 'salgsdato', 'affärsdatum'] }),
      f('status', 'text', {
        required: true,
        // Pipedrive `Deal - Status` before its `Deal - Stage`; HubSpot `Deal Stage`; Salesforce `StageName` or `Stage`.
        synonyms: ['status', 'deal_status', 'deal_stage', 'dealstage', 'stage_name', 'outcome', 'state', 'opportunity_stage', 'stage'],
        // The spellings of the CRMs people use, as their exports write them (fixtures/systems/ shows each):
        // HubSpot's default pipeline by label and by internal id, Salesforce's default opportunity stages,
        // Pipedrive's statuses, SuperOffice's sale statuses in English and Norwegian.
        values: {
          won: ['won', 'closed won', 'vunnet', 'closedwon', 'closed/won', 'closed - won', 'sold', 'solgt', 'vunnen', 'vunnit', 'vundet', 'såld'],
          lost: ['lost', 'closed lost', 'tapt', 'closedlost', 'closed/lost', 'closed - lost', 'förlorad', 'forlorad', 'tabt'],
          open: [
            'open', 'åpen', 'apen', 'öppen', 'oppen', 'åben', 'aben', 'prospecting', 'engaging', 'qualification', 'proposal', 'negotiation',
            'appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent',
            'appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought-in', 'decision maker bought in', 'contract sent',
            'needs analysis', 'value proposition', 'id. decision makers', 'perception analysis', 'proposal/price quote', 'negotiation/review',
          ],
        },
        // A SuperOffice sale put on hold (Stalled; Norwegian Utsatt or Stoppet) is neither won, lost nor being
        // worked: it is in no win rate and no open pipeline. A Pipedrive deal marked deleted likewise.
        ignore: ['stalled', 'stoppet', 'utsatt', 'deleted'],
      }),
      f('stage', 'text', { synonyms: ['stage', 'fase', 'steg'] }),
      // A CRM with several currencies exports the amount in the deal's currency and converted: the converted one wins.
      f('amount', 'number', {
        synonyms: ['amount', 'value', 'close_value', 'deal_value', 'beløp', 'verdi', 'deal_amount', 'opportunity_amount'],
        money: true,
        inCompanyCurrency: DEAL_CONVERTED,
      }),
      f('rep', 'text', { synonyms: REP }),
      f('segment', 'text', { synonyms: SEGMENT }),
      f('channel', 'text', { synonyms: CHANNEL }),
      f('lead_source', 'text', { synonyms: ['lead_source', 'source', 'kilde'] }),
      f('type', 'text', { synonyms: ['type', 'deal_type'] }),
      currency(),
    ],
  },
  invoices: {
    name: 'invoices',
    description: 'issued invoices and their payment',
    periodField: 'issued',
    fields: [
      f('issued', 'date', { required: true, synonyms: ['issued', 'invoice_date', 'issue_date', 'date', 'fakturadato', 'dato', 'fakturadatum', 'datum'] }),
      f('due', 'date', { synonyms: ['due', 'due_date', 'forfall', 'forfallsdato', 'förfallodatum', 'forfallodatum', 'förfallodag', 'forfaldsdato', 'forfald'] }),
      f('paid', 'date', { synonyms: ['paid', 'paid_date', 'settled_date', 'payment_date', 'betalt', 'betalt_dato', 'betalingsdato', 'innbetalt', 'betaldatum', 'betalningsdatum', 'betald', 'slutbetald', 'indbetalt'] }),
      // Norwegian invoice lists (Fiken, Tripletex, PowerOffice): the amount before VAT, `Beløp eks. mva` / `Netto`.
      f('amount', 'number', { required: true, synonyms: [...AMOUNT, 'invoice_amount', 'fakturabeløp', 'fakturabelopp', 'fakturabeløb', 'beløp_eks_mva', 'belop_eks_mva', 'netto', 'nettobeløp', 'nettobelopp', 'sum_eks_mva'], money: true }),
      f('customer', 'text', { synonyms: CUSTOMER }),
      f('partner', 'text', { synonyms: ['partner', 'reseller'] }),
      f('number', 'text', { synonyms: ['number', 'invoice_number', 'invoice_no', 'invoice', 'fakturanr', 'fakturanummer'] }),
      // What is still owed on the invoice when the list was exported (PowerOffice `Utestående`, Visma
      // `Restbelopp`, `Open amount`, `Balance due`): a snapshot of the export day, not of a period's end, so no
      // built-in KPI reads it; `sum(invoices.open_amount)` is the receivables on the day of the export.
      f('open_amount', 'number', { synonyms: ['open_amount', 'balance_due', 'amount_due', 'outstanding_amount', 'remaining_amount', 'utestående', 'utestaende', 'restbeløp', 'restbelopp', 'restbeløb'], money: true }),
      currency(),
    ],
  },
  tickets: {
    name: 'tickets',
    description: 'helpdesk tickets',
    periodField: 'created',
    fields: [
      // Zendesk `Created at`, Freshdesk `Created time`, Jira Service Management `Created`.
      f('created', 'date', { required: true, synonyms: ['created', 'created_at', 'opened', 'opprettet', 'created_time', 'created_date', 'skapad', 'skapat', 'oprettet'] }),
      f('first_response', 'date', { synonyms: ['first_response', 'first_response_at', 'first_response_time', 'første_svar', 'initial_response_time'] }),
      // Durations the helpdesk measured itself, in calendar time (never the business-hours variants): Zendesk's
      // ticket metrics `First reply time in minutes` / `Full resolution time in minutes`, Zendesk Explore
      // `First reply time (min)` / `Full resolution time (hrs)`. Read as hours; first_response_hours and
      // resolution_hours use them instead of the timestamps when the export has them.
      f('first_response_time', 'number', {
        duration: {},
        synonyms: ['first_reply_time', 'first_reply_time_in_minutes', 'first_reply_time_min', 'first_reply_time_minutes', 'first_reply_time_hrs', 'first_reply_time_hours', 'first_response_duration', 'reply_time', 'svartid', 'første_svartid', 'första_svarstid'],
      }),
      f('resolution_time', 'number', {
        duration: {},
        synonyms: ['full_resolution_time', 'full_resolution_time_in_minutes', 'full_resolution_time_min', 'full_resolution_time_minutes', 'full_resolution_time_hrs', 'full_resolution_time_hours', 'resolution_duration', 'time_to_resolve', 'løsningstid', 'lösningstid'],
      }),
      // Jira Service Management's SLA field `Time to resolution` as exported: the time left on the SLA, negative
      // once breached (`-1d 3h`). Not the time a ticket took: a KPI of its own reads it (README, durations).
      f('sla_remaining', 'number', { duration: {}, synonyms: ['sla_time_remaining', 'sla_remaining_time', 'time_left_on_sla'] }),
      // Zendesk `Solved at`, Freshdesk `Resolved time`, Jira `Resolved`.
      f('resolved', 'date', { synonyms: ['resolved', 'resolved_at', 'closed', 'closed_at', 'løst', 'solved_at', 'resolved_time', 'resolution_date', 'löst', 'løst_dato'] }),
      f('category', 'text', { synonyms: ['category', 'ticket_type', 'kategori', 'type', 'request_type', 'custom_field_request_type', 'issue_type'] }),
      // Zendesk `Via`, Freshdesk `Source`.
      f('channel', 'text', { synonyms: [...CHANNEL, 'ticket_channel', 'via', 'source'] }),
      f('agent', 'text', { synonyms: ['agent', 'assignee', 'owner', 'saksbehandler'] }),
      // Zendesk `Satisfaction Score` / `Satisfaction rating`, Jira Service Management `Satisfaction` (1–5 stars).
      f('csat', 'number', {
        synonyms: ['csat', 'satisfaction', 'customer_satisfaction_rating', 'rating', 'tilfredshet', 'satisfaction_score', 'satisfaction_rating', 'custom_field_satisfaction'],
        // Zendesk rates good or bad: good is the top of the 1–5 scale and bad the bottom, so csat (the share of
        // ratings of 4 or more) is Zendesk's own CSAT, the share of good among rated tickets. Freshdesk's classic
        // survey answers Awesome / Just okay / Not good.
        values: { '5': ['good', 'good with comment', 'good_with_comment', 'awesome'], '3': ['just okay', 'neutral'], '1': ['bad', 'bad with comment', 'bad_with_comment', 'not good'] },
        // A survey that was sent but not answered, or never sent, is no rating.
        ignore: ['offered', 'unoffered', 'not offered', 'not_offered'],
        // csat >= 4 and avg_csat are defined on 1–5: a 0–10 column mapped here would be read as if it were.
        scale: { min: 1, max: 5 },
      }),
      // Zendesk `Replies`, Freshdesk `Agent interactions`.
      f('contacts', 'number', { synonyms: ['contacts', 'replies', 'touches', 'interactions', 'kontakter', 'agent_interactions'] }),
      f('priority', 'text', {
        synonyms: ['priority', 'ticket_priority', 'prio', 'severity', 'prioritet', 'alvorlighetsgrad'],
        // Zendesk Urgent/High/Normal/Low, Freshdesk Urgent/High/Medium/Low, Jira Highest…Lowest and Blocker…Trivial.
        values: {
          urgent: ['urgent', 'critical', 'kritisk', 'haster', 'akutt', 'highest', 'blocker', 'brådskande', 'akut'],
          high: ['high', 'høy', 'hoy', 'major', 'hög', 'hog', 'høj', 'hoj'],
          normal: ['normal', 'medium', 'middels', 'mellan'],
          low: ['low', 'lav', 'lowest', 'minor', 'trivial', 'låg', 'lag'],
        },
      }),
    ],
  },
  surveys: {
    name: 'surveys',
    description: 'NPS survey answers',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'answered', 'response_date', 'svardato'] }),
      // NPS asks 0–10: promoters 9–10, detractors 0–6; 85 (a percentage column) or -1 is no answer on it.
      f('score', 'number', { required: true, synonyms: ['score', 'nps', 'rating', 'recommend', 'poeng', 'karakter'], scale: { min: 0, max: 10 } }),
    ],
  },
  customers: {
    name: 'customers',
    description: 'customers with their start and end dates',
    fields: [
      f('customer', 'text', { required: true, synonyms: CUSTOMER }),
      f('start', 'date', { required: true, synonyms: ['start', 'start_date', 'since', 'signup_date', 'startdato'] }),
      f('end', 'date', { synonyms: ['end', 'end_date', 'churn_date', 'cancelled', 'sluttdato', 'oppsagt'] }),
      f('mrr', 'number', { synonyms: ['mrr', 'monthly_revenue', 'monthly_charges'], money: true }),
      currency(),
    ],
  },
  ledger: {
    name: 'ledger',
    description: 'P&L lines from the general ledger',
    periodField: 'date',
    // Formulas see costs as positive amounts whichever sign the export writes them with.
    signs: { amount: 'amount', category: 'category', income: ['revenue'] },
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'posting_date', 'voucher_date', 'entry_date', 'bokføringsdato', 'bilagsdato', 'regnskapsdato', 'bokföringsdatum', 'verifikationsdatum', 'bogføringsdato', 'bilagsdato'] }),
      f('category', 'text', {
        required: true,
        synonyms: ['category', 'account_type', 'account_category', 'account_group', 'pl_category', 'kategori', 'kontotype', 'kontogruppe', 'regnskapslinje', 'resultatlinje'],
        values: {
          revenue: ['revenue', 'revenues', 'income', 'sales revenue', 'turnover', 'operating revenue', 'omsetning', 'salgsinntekt', 'salgsinntekter', 'driftsinntekt', 'driftsinntekter', 'inntekt', 'inntekter'],
          cogs: ['cogs', 'cost of goods sold', 'cost of sales', 'cost of revenue', 'varekostnad', 'varekostnader', 'vareforbruk', 'varekjøp'],
          opex: ['opex', 'operating expenses', 'operating expense', 'payroll', 'salaries', 'rent', 'lønn', 'lønnskostnad', 'lønnskostnader', 'personalkostnader', 'driftskostnad', 'driftskostnader', 'annen driftskostnad', 'andre driftskostnader', 'husleie'],
          depreciation: ['depreciation', 'avskrivning', 'avskrivninger'],
          amortization: ['amortization', 'amortisation', 'amortisering'],
          interest: ['interest', 'interest expense', 'renter', 'rentekostnad', 'rentekostnader'],
          tax: ['tax', 'taxes', 'income tax', 'skatt', 'skattekostnad', 'skattekostnader'],
          // Swedish bokslutsdispositioner (BAS 88): between the financial items and tax, part of the year's result.
          appropriations: ['appropriations', 'bokslutsdispositioner'],
          marketing: ['marketing', 'advertising', 'markedsføring', 'reklame', 'reklamekostnader'],
          sales: ['sales', 'sales expenses', 'selling expenses', 'salgskostnad', 'salgskostnader', 'provisjon', 'provisjoner'],
        },
        // Lines a chart of accounts (src/charts) puts in no P&L figure: balance-sheet accounts, and the closing
        // entries that carry the result to equity. Known, counted as ignored, in no KPI.
        ignore: ['balance sheet', 'result transfer'],
      }),
      f('amount', 'number', { required: true, synonyms: [...AMOUNT, 'net_amount', 'netto', 'nettobeløp'], money: true }),
      f('account', 'text', { synonyms: ['account', 'account_no', 'account_number', 'account_name', 'gl_account', 'konto', 'kontonr', 'kontonummer', 'kontonavn'] }),
      currency(),
    ],
  },
  activities: {
    name: 'activities',
    description: 'sales activities logged in the CRM',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'activity_date', 'due_date', 'completed', 'aktivitetsdato'] }),
      f('type', 'text', {
        required: true,
        synonyms: ['type', 'activity_type', 'activity', 'aktivitet', 'aktivitetstype'],
        values: {
          meeting: ['meeting', 'meetings', 'meeting booked', 'visit', 'møte', 'mote', 'kundemøte', 'besøk'],
          call: ['call', 'calls', 'phone call', 'phone', 'samtale', 'telefon', 'telefonsamtale', 'oppringning'],
          demo: ['demo', 'demos', 'demonstration', 'product demo', 'demonstrasjon', 'presentasjon'],
          quote: ['quote', 'quotes', 'quote sent', 'offer', 'proposal', 'tilbud', 'tilbud sendt'],
          email: ['email', 'e-mail', 'mail', 'e-post', 'epost'],
        },
      }),
      f('rep', 'text', { synonyms: REP }),
    ],
  },
  timesheets: {
    name: 'timesheets',
    description: 'hours logged per employee',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'work_date', 'day', 'dag', 'arbeidsdato'] }),
      f('employee', 'text', { required: true, synonyms: EMPLOYEE }),
      f('hours', 'number', { required: true, synonyms: ['hours', 'time', 'duration', 'hours_logged', 'timer', 'antall_timer', 'tid'] }),
      f('billable', 'text', {
        synonyms: ['billable', 'is_billable', 'chargeable', 'fakturerbar', 'fakturerbart'],
        // Boolean-ish spellings of spreadsheets and exports (Excel's TRUE/FALSE, Harvest's Yes/No, Norwegian Ja/Nei).
        values: {
          yes: ['yes', 'y', 'true', '1', 'billable', 'ja', 'j', 'fakturerbar', 'x', 'sant'],
          no: ['no', 'n', 'false', '0', 'non-billable', 'not billable', 'internal', 'nei', 'intern', 'ikke fakturerbar', 'usant'],
        },
      }),
      f('capacity', 'number', { synonyms: ['capacity', 'capacity_hours', 'available_hours', 'scheduled_hours', 'kapasitet', 'normtid', 'tilgjengelige_timer'] }),
    ],
  },
  employees: {
    name: 'employees',
    description: 'employees with their start and last day',
    fields: [
      f('employee', 'text', { required: true, synonyms: EMPLOYEE }),
      f('start', 'date', { required: true, synonyms: ['start', 'start_date', 'hire_date', 'hired', 'employed', 'startdato', 'ansatt_dato', 'ansettelsesdato', 'tiltredelse'] }),
      f('end', 'date', { synonyms: ['end', 'end_date', 'termination_date', 'last_day', 'left', 'sluttdato', 'fratredelse', 'siste_arbeidsdag'] }),
      f('department', 'text', { synonyms: ['department', 'dept', 'team', 'unit', 'avdeling', 'enhet'] }),
    ],
  },
  employee_surveys: {
    name: 'employee_surveys',
    description: 'employee NPS (eNPS) survey answers',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'answered', 'response_date', 'svardato'] }),
      f('score', 'number', { required: true, synonyms: ['score', 'enps', 'recommend', 'rating', 'poeng', 'karakter'], scale: { min: 0, max: 10 } }),
      f('department', 'text', { synonyms: ['department', 'dept', 'team', 'unit', 'avdeling', 'enhet'] }),
    ],
  },
  web: {
    name: 'web',
    description: 'web analytics: visits per page and day',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'day', 'dag'] }),
      f('page', 'text', { synonyms: ['page', 'page_path', 'page_path_and_screen_class', 'landing_page', 'path', 'url', 'page_title', 'side', 'sidetittel'] }),
      f('visits', 'number', { required: true, synonyms: ['visits', 'sessions', 'views', 'pageviews', 'page_views', 'besøk', 'økter', 'visninger', 'sidevisninger'] }),
      f('conversions', 'number', { synonyms: ['conversions', 'key_events', 'goal_completions', 'transactions', 'konverteringer'] }),
    ],
  },
};

/**
 * The kinds with the systems' exports merged in (presets.ts): each preset's header texts become synonyms of their
 * fields (after the kind's own), its value words spellings of the canonical values. A header or value of one
 * system's export is thereby read in every file of that kind.
 */
function withPresets(kinds: Readonly<Record<string, SourceKind>>): Readonly<Record<string, SourceKind>> {
  const out: Record<string, SourceKind> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    const presets = SYSTEM_PRESETS.filter((p) => p.kind === name);
    out[name] = {
      ...kind,
      fields: kind.fields.map((field) => {
        const synonyms = new Set(field.synonyms ?? []);
        const values: Record<string, string[]> = Object.fromEntries(Object.entries(field.values ?? {}).map(([k, v]) => [k, [...v]]));
        const ignore = new Set(field.ignore ?? []);
        for (const p of presets) {
          for (const h of p.columns[field.name] ?? []) synonyms.add(snakeCase(h));
          for (const [canonical, spellings] of Object.entries(p.values?.[field.name] ?? {})) {
            const list = (values[canonical] ??= []);
            for (const s of spellings) if (!list.some((x) => x.toLowerCase() === s.toLowerCase())) list.push(s.toLowerCase());
          }
          for (const s of p.ignore?.[field.name] ?? []) ignore.add(s.toLowerCase());
        }
        return {
          ...field,
          ...(synonyms.size ? { synonyms: [...synonyms] } : {}),
          ...(Object.keys(values).length ? { values } : {}),
          ...(ignore.size ? { ignore: [...ignore] } : {}),
        };
      }),
    };
  }
  return out;
}

export const SOURCE_KINDS: Readonly<Record<string, SourceKind>> = withPresets(BASE_KINDS);

export function sourceKind(name: string): SourceKind | undefined {
  return Object.hasOwn(SOURCE_KINDS, name) ? SOURCE_KINDS[name] : undefined;
}
