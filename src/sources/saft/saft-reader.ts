// SAF-T Financial (Standard Audit File for Tax: the XML audit file every Norwegian accounting system exports, schema
// v1.0–v1.30, and the Danish variant) as a ledger table: one record per general-ledger line, with the account's
// P&L category from its standard account, so `sources: { ledger: { file: company.xml } }` is the whole
// configuration. The file is streamed (scan.ts): opening reads the header, the master files and the first lines
// (the sample); each pass over the records reads it again from the start.
import { stat } from 'node:fs/promises';
import { chartOf, type ChartSetting } from '../../charts/index.js';
import { DataError } from '../../errors.js';
import { decAdd, decNeg, decSub, decText, held, type Dec } from '../../util/exact.js';
import { snakeCase } from '../../util/text.js';
import { displayPath } from '../files.js';
import type { Cell, CellError, RecordTable } from '../table.js';
import { headerImbalance, unbalanced, unbalancedMessage } from './balance.js';
import { categorizer } from './categories.js';
import { decimal } from './decimal.js';
import { scanSaft, type At, type SaftHeader, type SaftLine, type SaftMaster, type SaftTransaction } from './scan.js';

export { decimal } from './decimal.js';

const SAMPLE_RECORDS = 500;

/** The columns every SAF-T table has, before its analysis dimensions (department, project …). */
const FIXED = ['date', 'account', 'account_name', 'amount', 'category', 'description', 'customer', 'customer_id', 'supplier', 'supplier_id'] as const;
const TAIL = ['journal', 'transaction', 'currency'] as const;
const DATE = 0, ACCOUNT = 1, ACCOUNT_NAME = 2, AMOUNT = 3, CATEGORY = 4, DESCRIPTION = 5, CUSTOMER = 6, CUSTOMER_ID = 7, SUPPLIER = 8, SUPPLIER_ID = 9;

export interface SaftOptions {
  /** `chart:` of the source: gives every account its category by its number, over the file's own mapping. */
  chart?: ChartSetting;
}

export async function openSaft(path: string, options: SaftOptions = {}): Promise<RecordTable> {
  const size = (await stat(path).catch(() => undefined))?.size;
  const sample: Cell[][] = [];
  let rowOf: ((line: SaftLine) => Cell[]) | undefined;
  let headers: string[] = [];
  let dims: { type: string; column: number }[] = [];
  let facts: Record<string, string | number> = {};
  const label = displayPath(path);
  const sampled = byTransaction(label, (cells) => sample.push(cells), () => rowOf!);
  await scanSaft(path, {
    onMaster(header, master) {
      ({ headers, dims } = columnsOf(master));
      const category = categorizer(master, header, options.chart === undefined ? undefined : chartOf(options.chart));
      rowOf = recordMaker(path, header, master, category.cell, headers.length, dims);
      facts = headerFacts(header, master, category.how);
    },
    onLine: sampled.line,
    onTransactionEnd(tx) {
      sampled.end(tx);
      return sample.length < SAMPLE_RECORDS;
    },
  });
  // A sample stopped inside a transaction (the rest of the read chunk) ends with part of one: not judged.
  sampled.rest();
  return {
    path,
    format: 'saf-t',
    label,
    lineWord: 'line',
    headers,
    settings: facts,
    // The format's own sign (debits positive, credits negative), never guessed from a sample that may hold no income.
    signConvention: { convention: 'credit_negative', why: 'SAF-T writes debits positive and credits negative' },
    sample,
    ...(size !== undefined ? { size } : {}),
    async eachRecord(onRecord, onProgress) {
      // Debits and credits are summed exactly as they are read: a file whose lines do not add up to the totals
      // its own header states is cut or damaged, and no figure is given from it.
      let debit: Dec = { units: 0n, scale: 0 };
      let credit: Dec = { units: 0n, scale: 0 };
      let sums = true;
      const records = byTransaction(label, onRecord, () => rowOf!);
      const { header } = await scanSaft(path, {
        onTransactionEnd: records.end,
        onLine(line) {
          records.line(line);
          if (sums) {
            const d = line.debit === undefined ? undefined : decimal(line.debit);
            const c = line.credit === undefined ? undefined : decimal(line.credit);
            if ((line.debit !== undefined && !d) || (line.credit !== undefined && !c)) sums = false;
            if (d) debit = decAdd(debit, d);
            if (c) credit = decAdd(credit, c);
          }
        },
        onProgress,
      });
      records.rest();
      // Counted over the whole file, for validate and explain (which state the settings after the rows are read).
      if (records.unbalanced.count) {
        facts['transactions not balancing'] = `${records.unbalanced.count} (first: ${records.unbalanced.first}); their amounts are bad values`;
      } else delete facts['transactions not balancing'];
      if (!sums) return;
      for (const [side, sum, stated] of [['debit', debit, header.totalDebit], ['credit', credit, header.totalCredit]] as const) {
        const want = stated === undefined ? undefined : decimal(stated);
        if (!want || decSub(sum, want).units === 0n) continue;
        throw new DataError(
          `${label}: the lines' ${side} amounts add up to ${decText(sum)}, but the file's header says Total${side === 'debit' ? 'Debit' : 'Credit'} ${stated}: the audit file is incomplete or damaged, and no figure is read from it; export it again`,
          [],
          { code: 'KPI_FILE_UNREADABLE', file: label },
        );
      }
    },
  };
}

/**
 * The lines handed on a transaction at a time, once its end shows whether it balances: the lines of one that does
 * not each have their amount as a bad value naming the transaction and its sums. Only one transaction's lines are
 * held.
 */
function byTransaction(label: string, onRecord: (cells: Cell[], line: number) => void, rowOf: () => (line: SaftLine) => Cell[]) {
  let pending: SaftLine[] = [];
  const counted = { count: 0, first: '' };
  const hand = (tx: SaftTransaction, judge: boolean) => {
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    const sums = judge ? unbalanced(lines) : undefined;
    const message = sums && unbalancedMessage(tx, sums, label);
    if (sums && counted.count++ === 0) counted.first = `transaction ${tx.id || '(no TransactionID)'}, line ${tx.line ?? lines[0].line}`;
    const make = rowOf();
    for (const line of lines) {
      const cells = make(line);
      if (message) cells[AMOUNT] = bad(String(cells[AMOUNT]), message);
      onRecord(cells, line.line);
    }
  };
  return {
    unbalanced: counted,
    line: (line: SaftLine) => {
      pending.push(line);
    },
    end: (tx: SaftTransaction) => hand(tx, true),
    /** Lines after the last transaction's end (a scan stopped inside one): handed on as they are, not judged. */
    rest: () => hand({}, false),
  };
}

/** The table's columns: the fixed ones, one per analysis type of the file (named by what it is), and the tail. */
function columnsOf(master: SaftMaster): { headers: string[]; dims: { type: string; column: number }[] } {
  const headers: string[] = [...FIXED];
  const dims: { type: string; column: number }[] = [];
  for (const [type, description] of master.analysisTypes) {
    let name = dimensionName(description, type);
    if (headers.includes(name) || (TAIL as readonly string[]).includes(name)) name = `${name}_${snakeCase(type) || dims.length}`;
    dims.push({ type, column: headers.length });
    headers.push(name);
  }
  headers.push(...TAIL);
  return { headers, dims };
}

/** `Avdeling`, `Afdeling`, `Department`, `Kostnadssted` → department; `Prosjekt` → project; others by their words. */
function dimensionName(description: string, type: string): string {
  const d = description.toLowerCase();
  if (/avdeling|afdeling|avdelning|department|kost(nad|)s?ted|cost ?cent/.test(d)) return 'department';
  if (/prosjekt|projekt|project/.test(d)) return 'project';
  return snakeCase(description) || `analysis_${snakeCase(type) || 'type'}`;
}

/** Turns a general-ledger line into the table's cells. */
function recordMaker(path: string, header: SaftHeader, master: SaftMaster, category: (account: string | undefined) => Cell, width: number, dims: { type: string; column: number }[]) {
  const label = displayPath(path);
  const currency = header.currency ?? '';
  const dimColumn = new Map(dims.map((d) => [d.type, d.column]));
  return (line: SaftLine): Cell[] => {
    const cells: Cell[] = new Array(width).fill('');
    cells[DATE] = dateCell(line.date, line.dateAt, label);
    cells[ACCOUNT] = line.account ?? '';
    cells[ACCOUNT_NAME] = (line.account !== undefined && master.accounts.get(line.account)?.description) || '';
    cells[AMOUNT] = amountCell(line, label);
    cells[CATEGORY] = category(line.account);
    cells[DESCRIPTION] = line.description || line.transactionDescription || '';
    if (line.customer) {
      cells[CUSTOMER] = master.customers.get(line.customer)?.name || line.customer;
      cells[CUSTOMER_ID] = line.customer;
    }
    if (line.supplier) {
      cells[SUPPLIER] = master.suppliers.get(line.supplier)?.name || line.supplier;
      cells[SUPPLIER_ID] = line.supplier;
    }
    for (const [type, id] of line.analysis) {
      const c = dimColumn.get(type);
      if (c !== undefined && cells[c] === '') cells[c] = id;
    }
    cells[width - 3] = line.journal ?? '';
    cells[width - 2] = line.transaction ?? '';
    cells[width - 1] = currency;
    return cells;
  };
}

const where = (at: At | undefined) => (at ? `line ${at.line}, column ${at.column}` : 'its line');

/** The line's amount: DebitAmount positive, CreditAmount negative (the double-entry sign: credits are income). */
function amountCell(line: SaftLine, label: string): Cell {
  if (line.debit !== undefined && line.credit !== undefined) {
    return bad(`${line.debit} / ${line.credit}`, `the line has both a DebitAmount and a CreditAmount (${where(line.debitAt)} of ${label}); a SAF-T line is one or the other`);
  }
  const text = line.debit ?? line.credit;
  if (text === undefined) return bad('(none)', 'the line has no DebitAmount or CreditAmount');
  const at = line.debit !== undefined ? line.debitAt : line.creditAt;
  const d = decimal(text);
  if (!d) return bad(text, `not an amount (${where(at)} of ${label}): SAF-T writes amounts as digits with a '.' decimal point, e.g. 1234.50`);
  if (!held(d)) return bad(text, `an amount with more digits than kpi reads exactly (${where(at)} of ${label})`);
  const signed = line.credit !== undefined ? decNeg(d) : d;
  const n = Number(decText(signed));
  return n === 0 ? 0 : n;
}

const bad = (value: string, message: string): CellError => ({ error: value, message });

/** The transaction's date as `YYYY-MM-DD` (xs:date may carry a time zone: the date is the date written). */
function dateCell(date: string | undefined, at: At | undefined, label: string): Cell {
  if (date === undefined || date === '') return bad('(none)', `the transaction has no TransactionDate (${where(at)} of ${label})`);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return `${m[1]}-${m[2]}-${m[3]}`;
  }
  return bad(date, `not a date (${where(at)} of ${label}): SAF-T writes TransactionDate as YYYY-MM-DD`);
}

/** What explain and validate say about the file: the header's facts, how categories were found, balances. */
function headerFacts(header: SaftHeader, master: SaftMaster, categories: string): Record<string, string | number> {
  const facts: Record<string, string | number> = {};
  facts['SAF-T'] = `Financial${header.version ? ` v${header.version}` : ''} (${header.country ?? 'NO'})`;
  if (header.company) facts.company = `${header.company}${header.registration ? ` (${header.registration})` : ''}`;
  const period =
    header.selectionStart || header.selectionEnd
      ? `${header.selectionStart ?? '?'} – ${header.selectionEnd ?? '?'}`
      : header.periodStartYear
        ? `${header.periodStartYear}-${(header.periodStart ?? '1').padStart(2, '0')} – ${header.periodEndYear ?? header.periodStartYear}-${(header.periodEnd ?? '12').padStart(2, '0')}`
        : undefined;
  if (period) facts.period = period;
  if (header.currency) facts.currency = header.currency;
  const software = [header.softwareId, header.softwareVersion].filter(Boolean).join(' ');
  if (software || header.softwareCompany) facts.software = `${software || '?'}${header.softwareCompany ? ` (${header.softwareCompany})` : ''}`;
  if (header.entries !== undefined || header.totalDebit !== undefined || header.totalCredit !== undefined) {
    const apart = headerImbalance(header.totalDebit, header.totalCredit);
    facts.entries = `${header.entries ?? '?'} (TotalDebit ${header.totalDebit ?? '?'}, TotalCredit ${header.totalCredit ?? '?'}${apart ? `, ${apart}` : ''})`;
  }
  facts.accounts = `${master.accounts.size}, ${master.customers.size} customers, ${master.suppliers.size} suppliers`;
  facts.categories = categories;
  const balances = balanceFacts(master);
  if (balances.receivables) facts.receivables = balances.receivables;
  if (balances.cash) facts.cash = balances.cash;
  return facts;
}

/**
 * Receivables and cash from the master files' opening and closing balances, where the file has them: the
 * customers' balances (else the accounts of NS 4102 15xx), and the bank and cash accounts (19xx).
 */
function balanceFacts(master: SaftMaster): { receivables?: string; cash?: string } {
  const sum = (balances: { opening?: string; closing?: string }[]) => {
    let opening: Dec | undefined;
    let closing: Dec | undefined;
    for (const b of balances) {
      const o = b.opening === undefined ? undefined : decimal(b.opening);
      const c = b.closing === undefined ? undefined : decimal(b.closing);
      if (o) opening = opening ? decAdd(opening, o) : o;
      if (c) closing = closing ? decAdd(closing, c) : c;
    }
    if (!opening && !closing) return undefined;
    return `opening ${opening ? decText(opening) : '?'}, closing ${closing ? decText(closing) : '?'}`;
  };
  const accounts = [...master.accounts.values()];
  const byStandard = (prefix: string) => accounts.filter((a) => (a.standard ?? a.groupingCode ?? a.id).startsWith(prefix)).map((a) => a.balance);
  const customers = [...master.customers.values()].map((c) => c.balance);
  const receivables = sum(customers) ? `${sum(customers)} (customers' balances)` : sum(byStandard('15')) ? `${sum(byStandard('15'))} (accounts 15xx)` : undefined;
  const cash = sum(byStandard('19')) ? `${sum(byStandard('19'))} (accounts 19xx)` : undefined;
  return { receivables, cash };
}
