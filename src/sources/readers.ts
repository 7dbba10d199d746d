// The reader registry: its keys are the names of the file formats kpi reads (a table's `format`), so adding a
// reader is one folder and one entry here, as render/index.ts is for output formats. A reader's code is loaded
// only when a file of its kind is opened (Excel's is large). The first entry that matches a file reads it.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Encoding, SourceConfig } from '../config/project.js';
import type { RecordTable } from './table.js';
import { looksLikeSie } from './sie/detect.js';

/** The settings of a source a reader may use (each reader takes what applies to it). */
export interface ReaderOptions {
  /** The source's name, for messages. */
  source: string;
  encoding?: Encoding;
  delimiter?: string;
  skipRows?: number;
  sheet?: string | number;
  /** `chart:` (a reader that gives categories itself, SIE, applies it). */
  chart?: SourceConfig['chart'];
}

/**
 * Opens a file as a table. A reader that only streams cells may leave out `rows`: the shared value parsers give
 * them (sources/typed-rows.ts, with no total-row check).
 */
export type OpenTable = (path: string, options: ReaderOptions) => Promise<RecordTable>;

export interface Reader {
  /** Whether this reader reads the file, by its name or by its first bytes (empty for a pipe: those are not peeked). */
  matches(path: string, head: Uint8Array): boolean;
  /** Whether its tables may offer parallel parts (`split`): reading threads are then worth starting before opening. */
  splits?: boolean;
  /** Whether the file must be a regular file (read from its end, or twice), not a pipe. */
  needsFile?: boolean;
  load(): Promise<OpenTable>;
}

const GZIP_MAGIC = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
/** Names that say CSV text: a gzip file under one of them is a compressed CSV. */
const CSV_NAME = /\.(csv|tsv|txt)$/i;

export const readers = {
  // Old and non-Excel spreadsheets (.xls, .xlsb, .ods, .numbers) are not read: the entry refuses, saying how to save
  // the file as one kpi reads. First, so no other entry takes such a file for CSV text.
  xls: {
    matches: (path) => /\.(xls|xlsb|ods|numbers)$/i.test(path),
    load: () => import('./old-spreadsheet.js').then((m) => m.refuseOldSpreadsheet),
  },
  // `sales.csv.gz`, or a gzip file named `sales.csv` (a download that was compressed in transit). A `.gz` of
  // anything else is left to the CSV reader, which says what it is and how to decompress it.
  'csv.gz': {
    matches: (path, head) => /\.(csv|tsv|txt)\.gz$/i.test(path) || (CSV_NAME.test(path) && GZIP_MAGIC(head)),
    load: () => import('./gzip/csv-gz-reader.js').then((m) => m.openCsvGz),
  },
  // A SIE 4 file (Swedish accounting data), by its first record (#FLAGGA, #SIETYP …), whatever it is named.
  sie: {
    matches: (_path, head) => looksLikeSie(head),
    needsFile: true,
    load: () => import('./sie/sie-reader.js').then((m) => (path, o) => m.openSie(path, { encoding: o.encoding, chart: o.chart })),
  },
  // SAF-T Financial, by content: an XML file whose root is an AuditFile of the SAF-T namespace (Norway, Denmark),
  // whatever it is named. An XML file of anything else is left to the CSV reader, which says it is not CSV.
  'saf-t': {
    matches: (_path, head) => isSaft(head),
    load: () => import('./saft/saft-reader.js').then((m) => (path, o) => m.openSaft(path, { chart: o.chart })),
  },
  xlsx: {
    matches: (path) => /\.(xlsx|xlsm)$/i.test(path),
    needsFile: true,
    load: () => import('./xlsx/xlsx-reader.js').then((m) => (path, o) => m.openXlsx(path, { sheet: o.sheet, skipRows: o.skipRows })),
  },
  // Everything else is read as CSV text; the CSV reader says when a file is not (binary, compressed, UTF-16).
  csv: {
    matches: () => true,
    splits: true,
    load: () => import('./csv/csv-reader.js').then((m) => (path, o) => m.openCsv(path, { encoding: o.encoding, delimiter: o.delimiter, skipRows: o.skipRows })),
  },
} satisfies Record<string, Reader>;

export type ReaderName = keyof typeof readers;
export const READERS = Object.keys(readers) as ReaderName[];

/** The reader of a file: the first entry that matches its name or its first bytes. */
export function readerFor(path: string): { name: ReaderName; reader: Reader } {
  const head = peek(path);
  for (const name of READERS) {
    const reader: Reader = readers[name];
    if (reader.matches(path, head)) return { name, reader };
  }
  return { name: 'csv', reader: readers.csv };
}

/**
 * An XML audit file: `<?xml …?>`, comments, then a root element `AuditFile` (any prefix), with the SAF-T namespace
 * (`urn:StandardAuditFile-Taxation-Financial:NO`, `…:DK`) among the first bytes.
 */
function isSaft(head: Uint8Array): boolean {
  if (head.length < 10) return false;
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  if (!text.trimStart().startsWith('<')) return false;
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([\w.-]+:)?AuditFile[\s>]/.exec(text);
  return root !== null && /StandardAuditFile-Taxation-Financial/i.test(text);
}

/** The first bytes of a regular file (a pipe is not peeked: what is read from it is gone); empty when unreadable. */
function peek(path: string, bytes = 4096): Uint8Array {
  try {
    if (!statSync(path).isFile()) return new Uint8Array(0);
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(bytes);
      return head.subarray(0, readSync(fd, head, 0, bytes, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    // The reader reports a file that cannot be opened, with its own message.
    return new Uint8Array(0);
  }
}
