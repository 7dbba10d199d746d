// One pass over a SAF-T Financial file (the XML audit file of Norway, v1.0–v1.30, and Denmark) with a streaming
// parser (saxes): the header's facts, the master files (accounts, customers, suppliers, analysis types) and each
// general-ledger line as it is read. Nothing is kept of the entries but the line being read, so a file of
// gigabytes is read in the memory of its master files. Elements are matched by local name whatever their
// prefix, and in any namespace (some files declare the SAF-T namespace on a prefix they never use).
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';
import { DataError } from '../../errors.js';
import { displayPath } from '../files.js';

export interface Balance {
  /** Debit minus credit, as exact decimal text; undefined when the file gives none. */
  opening?: string;
  closing?: string;
}

export interface SaftAccount {
  id: string;
  description?: string;
  standard?: string;
  groupingCategory?: string;
  groupingCode?: string;
  balance: Balance;
}

export interface SaftParty {
  id: string;
  name?: string;
  /** The receivable or payable account (pre-1.3: on the party; 1.3: its BalanceAccount). */
  account?: string;
  balance: Balance;
}

export interface SaftHeader {
  version?: string;
  country?: string;
  created?: string;
  softwareCompany?: string;
  softwareId?: string;
  softwareVersion?: string;
  company?: string;
  registration?: string;
  currency?: string;
  periodStart?: string;
  periodStartYear?: string;
  periodEnd?: string;
  periodEndYear?: string;
  selectionStart?: string;
  selectionEnd?: string;
  entries?: string;
  totalDebit?: string;
  totalCredit?: string;
}

export interface SaftMaster {
  accounts: Map<string, SaftAccount>;
  customers: Map<string, SaftParty>;
  suppliers: Map<string, SaftParty>;
  /** AnalysisType → its description (`A` → `Avdeling`). */
  analysisTypes: Map<string, string>;
}

/** Where in the XML a value was read (for messages): 1-based line and column. */
export interface At {
  line: number;
  column: number;
}

export interface SaftLine {
  /** The XML line the `<Line>` element starts on. */
  line: number;
  journal?: string;
  transaction?: string;
  date?: string;
  dateAt?: At;
  account?: string;
  description?: string;
  transactionDescription?: string;
  customer?: string;
  supplier?: string;
  debit?: string;
  debitAt?: At;
  credit?: string;
  creditAt?: At;
  analysis: [type: string, id: string][];
}

/** A transaction (voucher) as its end is said: its id, journal and where it starts. */
export interface SaftTransaction {
  id?: string;
  journal?: string;
  /** The XML line its `<Transaction>` starts on. */
  line?: number;
}

export interface ScanHandlers {
  /** Called once, when the first general-ledger entry is reached (or at the end of a file without entries). */
  onMaster?(header: SaftHeader, master: SaftMaster): void;
  /** Each general-ledger line; return false to stop reading. */
  onLine?(line: SaftLine): boolean | void;
  /** The end of a `<Transaction>`, after its lines (a voucher balances or not as a whole); return false to stop. */
  onTransactionEnd?(transaction: SaftTransaction): boolean | void;
  onProgress?(bytesRead: number): void;
}

/** The file's encoding from its XML declaration (SAF-T is UTF-8; a declaration may say ISO-8859-1). */
function encodingOf(head: Buffer): string {
  const decl = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head.toString('latin1'));
  const name = decl?.[1].toLowerCase() ?? 'utf-8';
  return /^(iso-8859-1|latin-?1|windows-1252|cp1252)$/.test(name) ? 'windows-1252' : /^iso-8859-15$/.test(name) ? 'iso-8859-15' : 'utf-8';
}

const local = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Reads the file once; resolves with the header and master files (also when stopped early). */
export async function scanSaft(path: string, handlers: ScanHandlers): Promise<{ header: SaftHeader; master: SaftMaster; lines: number }> {
  const header: SaftHeader = {};
  const master: SaftMaster = { accounts: new Map(), customers: new Map(), suppliers: new Map(), analysisTypes: new Map() };
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  let text = '';
  let textAt: At = { line: 1, column: 1 };
  let root = true;
  let masterSaid = false;
  let stopped = false;
  let lines = 0;
  let account: SaftAccount | undefined;
  let party: SaftParty | undefined;
  let analysisType: { type?: string; description?: string } | undefined;
  let journal: string | undefined;
  let tx: { id?: string; date?: string; dateAt?: At; description?: string; line?: number } = {};
  let line: SaftLine | undefined;
  let analysis: { type?: string; id?: string } | undefined;
  let fault: Error | undefined;

  const sayMaster = () => {
    if (masterSaid) return;
    masterSaid = true;
    handlers.onMaster?.(header, master);
  };
  const parent = (n = 1) => stack[stack.length - 1 - n];
  const balanceOf = (b: Balance, name: string, value: string) => {
    const m = /^(Opening|Closing)(Debit|Credit)Balance$/.exec(name);
    if (!m) return;
    const v = value.trim();
    const signed = m[2] === 'Credit' ? (v.startsWith('-') ? v.slice(1) : `-${v}`) : v;
    const key = m[1] === 'Opening' ? 'opening' : 'closing';
    b[key] = signed;
  };

  parser.on('error', (err) => {
    fault ??= err;
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (root) {
      root = false;
      if (name !== 'AuditFile') {
        fault ??= new DataError(`${displayPath(path)}: the XML's root element is <${tag.name}>, not a SAF-T <AuditFile>; kpi reads SAF-T Financial files (and CSV, XLSX)`, [], { code: 'KPI_NOT_CSV', file: displayPath(path) });
      }
    }
    stack.push(name);
    text = '';
    textAt = { line: parser.line, column: parser.column + 1 };
    const up = parent();
    switch (name) {
      case 'Account':
        if (up === 'GeneralLedgerAccounts') account = { id: '', balance: {} };
        break;
      case 'Customer':
      case 'Supplier':
        if (up === 'Customers' || up === 'Suppliers') party = { id: '', balance: {} };
        break;
      case 'AnalysisTypeTableEntry':
        analysisType = {};
        break;
      case 'Transaction':
        if (up === 'Journal') {
          tx = { line: parser.line };
          sayMaster();
        }
        break;
      case 'Line':
        if (up === 'Transaction') {
          line = { line: parser.line, journal, transaction: tx.id, date: tx.date, dateAt: tx.dateAt, transactionDescription: tx.description, analysis: [] };
        }
        break;
      case 'Analysis':
        if (line && up === 'Line') analysis = {};
        break;
    }
  });
  const onText = (t: string) => {
    text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    const value = text;
    text = '';
    const up = parent();
    const v = value.trim();
    if (line) {
      if (name === 'Line' && up === 'Transaction') {
        lines++;
        if (handlers.onLine?.(line) === false) stopped = true;
        line = undefined;
      } else if (up === 'Line') {
        if (name === 'AccountID') line.account = v;
        else if (name === 'Description') line.description = v;
        else if (name === 'CustomerID') line.customer = v;
        else if (name === 'SupplierID') line.supplier = v;
        else if (name === 'Analysis' && analysis) {
          if (analysis.type !== undefined && analysis.id !== undefined) line.analysis.push([analysis.type, analysis.id]);
          analysis = undefined;
        }
      } else if (name === 'Amount' && parent(2) === 'Line') {
        if (up === 'DebitAmount') {
          line.debit = line.debit === undefined ? v : `${line.debit}+${v}`;
          line.debitAt = textAt;
        } else if (up === 'CreditAmount') {
          line.credit = line.credit === undefined ? v : `${line.credit}+${v}`;
          line.creditAt = textAt;
        }
      } else if (up === 'Analysis' && analysis && parent(2) === 'Line') {
        if (name === 'AnalysisType') analysis.type = v;
        else if (name === 'AnalysisID') analysis.id = v;
      }
    } else if (name === 'Transaction') {
      if (handlers.onTransactionEnd?.({ id: tx.id, journal, line: tx.line }) === false) stopped = true;
    } else if (up === 'Transaction' && parent(2) === 'Journal') {
      if (name === 'TransactionID') tx.id = v;
      else if (name === 'TransactionDate') {
        tx.date = v;
        tx.dateAt = textAt;
      } else if (name === 'Description') tx.description = v;
    } else if (up === 'Journal' && name === 'JournalID') journal = v;
    else if (account && up === 'Account') {
      if (name === 'AccountID') account.id = v;
      else if (name === 'AccountDescription') account.description = v;
      else if (name === 'StandardAccountID') account.standard = v;
      else if (name === 'GroupingCategory') account.groupingCategory = v;
      else if (name === 'GroupingCode') account.groupingCode = v;
      else balanceOf(account.balance, name, v);
    } else if (name === 'Account' && account && up === 'GeneralLedgerAccounts') {
      if (account.id) master.accounts.set(account.id, account);
      account = undefined;
    } else if (party && (up === 'Customer' || up === 'Supplier' || up === 'BalanceAccount')) {
      if (name === 'CustomerID' || name === 'SupplierID') party.id = v;
      else if (name === 'Name' && up !== 'BalanceAccount') party.name = v;
      else if (name === 'AccountID') party.account ??= v;
      else balanceOf(party.balance, name, v);
    } else if ((name === 'Customer' || name === 'Supplier') && party && (up === 'Customers' || up === 'Suppliers')) {
      if (party.id) (name === 'Customer' ? master.customers : master.suppliers).set(party.id, party);
      party = undefined;
    } else if (analysisType && up === 'AnalysisTypeTableEntry') {
      if (name === 'AnalysisType') analysisType.type = v;
      else if (name === 'AnalysisTypeDescription') analysisType.description = v;
    } else if (name === 'AnalysisTypeTableEntry' && analysisType) {
      if (analysisType.type && !master.analysisTypes.has(analysisType.type)) master.analysisTypes.set(analysisType.type, analysisType.description ?? analysisType.type);
      analysisType = undefined;
    } else if (up === 'Header') {
      const key = HEADER_FIELDS[name];
      if (key) header[key] = v;
    } else if (up === 'Company' && parent(2) === 'Header') {
      if (name === 'Name') header.company = v;
      else if (name === 'RegistrationNumber') header.registration = v;
    } else if (up === 'SelectionCriteria' && parent(2) === 'Header') {
      const key = SELECTION_FIELDS[name];
      if (key) header[key] = v;
    } else if (up === 'GeneralLedgerEntries') {
      if (name === 'NumberOfEntries') header.entries = v;
      else if (name === 'TotalDebit') header.totalDebit = v;
      else if (name === 'TotalCredit') header.totalCredit = v;
    }
    stack.pop();
  });

  const head = Buffer.alloc(256);
  // 64 KiB reads: each is decoded to a string saxes walks; with 1 MiB ones the heap (and peak RSS) crept up with
  // the file's size (164 MB at 100 MB, 187 MB at 1 GB), with 64 KiB it stays at about 92 MB, and reads faster.
  const stream = createReadStream(path, { highWaterMark: 1 << 16 });
  let decoder: TextDecoder | undefined;
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) {
        chunk.copy(head, 0, 0, Math.min(256, chunk.length));
        decoder = new TextDecoder(encodingOf(head), { fatal: true, ignoreBOM: false });
      }
      bytes += chunk.length;
      let textChunk: string;
      try {
        textChunk = decoder.decode(chunk, { stream: true });
      } catch {
        throw new DataError(`${displayPath(path)}: bytes that are not ${decoder.encoding} text within the first ${bytes.toLocaleString('en-US')} bytes; a SAF-T file is UTF-8: export it again`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
      }
      parser.write(textChunk);
      if (fault) throw located(path, fault);
      handlers.onProgress?.(bytes);
      if (stopped) break;
    }
    if (!stopped) {
      parser.close();
      if (fault) throw located(path, fault);
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new DataError(`file not found: ${displayPath(path)}`, [], { code: 'KPI_FILE_NOT_FOUND', file: displayPath(path) });
    if (e.code === 'EISDIR' || e.code === 'EACCES') throw new DataError(`${displayPath(path)} cannot be read (${e.code})`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
    throw located(path, e);
  } finally {
    stream.destroy();
  }
  sayMaster();
  return { header, master, lines };
}

const HEADER_FIELDS: Record<string, keyof SaftHeader> = {
  AuditFileVersion: 'version',
  AuditFileCountry: 'country',
  AuditFileDateCreated: 'created',
  SoftwareCompanyName: 'softwareCompany',
  SoftwareID: 'softwareId',
  SoftwareVersion: 'softwareVersion',
  DefaultCurrencyCode: 'currency',
};
const SELECTION_FIELDS: Record<string, keyof SaftHeader> = {
  PeriodStart: 'periodStart',
  PeriodStartYear: 'periodStartYear',
  PeriodEnd: 'periodEnd',
  PeriodEndYear: 'periodEndYear',
  SelectionStartDate: 'selectionStart',
  SelectionEndDate: 'selectionEnd',
};

/** An XML fault (not well-formed, cut short) as a data error at its line and column. */
function located(path: string, err: Error): DataError {
  if (err instanceof DataError) return err;
  // saxes: "file:line:column: message".
  const m = /^(?:.*?:)?(\d+):(\d+): (.*)$/s.exec(err.message);
  const where = m ? `${displayPath(path)}:${m[1]}:${Number(m[2]) + 1}` : displayPath(path);
  const what = m ? m[3] : err.message;
  const cut = /unclosed|unexpected end|end of input/i.test(what);
  return new DataError(
    `${where}: the SAF-T XML ${cut ? 'is cut short' : 'is not well-formed'}: ${what}; no figure is read from part of an audit file: export it again from the accounting system`,
    [],
    { code: 'KPI_FILE_UNREADABLE', file: displayPath(path), ...(m ? { line: Number(m[1]) } : {}) },
  );
}
