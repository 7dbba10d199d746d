// Built-in source kinds (SPEC §3): canonical fields, their types, synonyms for auto-mapping, canonical values.

export type FieldType = 'number' | 'date' | 'text';

export interface CanonicalField {
  name: string;
  type: FieldType;
  /** The column must exist when any KPI reads this source. */
  required?: boolean;
  /** Header spellings (compared in snake_case) that map to this field when `columns:` is silent. */
  synonyms?: readonly string[];
  /** Canonical values and the raw spellings that mean them (compared case-insensitively). */
  values?: Readonly<Record<string, readonly string[]>>;
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

const DATE = ['date', 'dato', 'order_date', 'orderdate', 'invoice_date', 'transaction_date', 'ordredato'];
// IDs before names: two customers may share a name, never an ID.
const CUSTOMER = ['customer', 'customer_id', 'kundenr', 'customer_name', 'client', 'account', 'kunde', 'kundenavn'];
const REP = ['rep', 'sales_rep', 'salesperson', 'owner', 'seller', 'sales_agent', 'agent', 'selger'];
const SEGMENT = ['segment', 'customer_segment', 'kundesegment'];
const CHANNEL = ['channel', 'sales_channel', 'kanal'];
const AMOUNT = ['amount', 'value', 'total', 'beløp', 'belop', 'sum'];

export const SOURCE_KINDS: Readonly<Record<string, SourceKind>> = {
  sales: {
    name: 'sales',
    description: 'order or invoice lines',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: DATE }),
      f('revenue', 'number', {
        required: true,
        synonyms: ['revenue', 'sales', 'amount', 'net_amount', 'line_total', 'beløp', 'belop', 'omsetning', 'salg', 'netto'],
      }),
      f('cost', 'number', { synonyms: ['cost', 'cogs', 'cost_price', 'kostpris', 'kostnad', 'varekost'] }),
      f('quantity', 'number', { synonyms: ['quantity', 'qty', 'units', 'antall'] }),
      f('order_id', 'text', { synonyms: ['order_id', 'order', 'order_no', 'order_number', 'ordrenr', 'ordre_id', 'ordrenummer'] }),
      f('customer', 'text', { synonyms: CUSTOMER }),
      f('rep', 'text', { synonyms: REP }),
      f('product', 'text', { synonyms: ['product', 'product_name', 'item', 'sku', 'produkt', 'vare', 'varenavn'] }),
      f('segment', 'text', { synonyms: SEGMENT }),
      f('channel', 'text', { synonyms: CHANNEL }),
      f('partner', 'text', { synonyms: ['partner', 'reseller', 'forhandler'] }),
      f('type', 'text', {
        synonyms: ['type', 'sale_type', 'salgstype'],
        values: { new: ['new', 'new business', 'nysalg', 'ny'], upsell: ['upsell', 'mersalg', 'expansion'] },
      }),
    ],
  },
  deals: {
    name: 'deals',
    description: 'CRM opportunities',
    periodField: 'closed',
    fields: [
      f('created', 'date', { required: true, synonyms: ['created', 'created_date', 'create_date', 'engage_date', 'opprettet'] }),
      f('closed', 'date', { synonyms: ['closed', 'close_date', 'closed_date', 'lukket', 'avsluttet'] }),
      f('status', 'text', {
        required: true,
        synonyms: ['status', 'deal_stage', 'outcome', 'state'],
        values: {
          won: ['won', 'closed won', 'vunnet'],
          lost: ['lost', 'closed lost', 'tapt'],
          open: ['open', 'åpen', 'prospecting', 'engaging', 'qualification', 'proposal', 'negotiation'],
        },
      }),
      f('stage', 'text', { synonyms: ['stage', 'fase', 'steg'] }),
      f('amount', 'number', { synonyms: ['amount', 'value', 'close_value', 'deal_value', 'beløp', 'verdi'] }),
      f('rep', 'text', { synonyms: REP }),
      f('segment', 'text', { synonyms: SEGMENT }),
      f('channel', 'text', { synonyms: CHANNEL }),
      f('lead_source', 'text', { synonyms: ['lead_source', 'source', 'kilde'] }),
      f('type', 'text', { synonyms: ['type', 'deal_type'] }),
    ],
  },
  invoices: {
    name: 'invoices',
    description: 'issued invoices and their payment',
    periodField: 'issued',
    fields: [
      f('issued', 'date', { required: true, synonyms: ['issued', 'invoice_date', 'issue_date', 'date', 'fakturadato', 'dato'] }),
      f('due', 'date', { synonyms: ['due', 'due_date', 'forfall', 'forfallsdato'] }),
      f('paid', 'date', { synonyms: ['paid', 'paid_date', 'settled_date', 'payment_date', 'betalt', 'betalt_dato'] }),
      f('amount', 'number', { required: true, synonyms: [...AMOUNT, 'invoice_amount', 'fakturabeløp'] }),
      f('customer', 'text', { synonyms: CUSTOMER }),
      f('partner', 'text', { synonyms: ['partner', 'reseller'] }),
      f('number', 'text', { synonyms: ['number', 'invoice_number', 'invoice_no', 'invoice', 'fakturanr', 'fakturanummer'] }),
    ],
  },
  tickets: {
    name: 'tickets',
    description: 'helpdesk tickets',
    periodField: 'created',
    fields: [
      f('created', 'date', { required: true, synonyms: ['created', 'created_at', 'opened', 'opprettet'] }),
      f('first_response', 'date', { synonyms: ['first_response', 'first_response_at', 'first_response_time', 'første_svar'] }),
      f('resolved', 'date', { synonyms: ['resolved', 'resolved_at', 'closed', 'closed_at', 'løst'] }),
      f('category', 'text', { synonyms: ['category', 'ticket_type', 'kategori'] }),
      f('channel', 'text', { synonyms: [...CHANNEL, 'ticket_channel'] }),
      f('agent', 'text', { synonyms: ['agent', 'assignee', 'owner', 'saksbehandler'] }),
      f('csat', 'number', { synonyms: ['csat', 'satisfaction', 'customer_satisfaction_rating', 'rating', 'tilfredshet'] }),
      f('contacts', 'number', { synonyms: ['contacts', 'replies', 'touches', 'interactions', 'kontakter'] }),
    ],
  },
  surveys: {
    name: 'surveys',
    description: 'NPS survey answers',
    periodField: 'date',
    fields: [
      f('date', 'date', { required: true, synonyms: [...DATE, 'answered', 'response_date', 'svardato'] }),
      f('score', 'number', { required: true, synonyms: ['score', 'nps', 'rating', 'recommend', 'poeng', 'karakter'] }),
    ],
  },
  customers: {
    name: 'customers',
    description: 'customers with their start and end dates',
    fields: [
      f('customer', 'text', { required: true, synonyms: CUSTOMER }),
      f('start', 'date', { required: true, synonyms: ['start', 'start_date', 'since', 'signup_date', 'startdato'] }),
      f('end', 'date', { synonyms: ['end', 'end_date', 'churn_date', 'cancelled', 'sluttdato', 'oppsagt'] }),
      f('mrr', 'number', { synonyms: ['mrr', 'monthly_revenue', 'monthly_charges'] }),
    ],
  },
};

export function sourceKind(name: string): SourceKind | undefined {
  return Object.hasOwn(SOURCE_KINDS, name) ? SOURCE_KINDS[name] : undefined;
}
