// Spreadsheet formats kpi does not read (.xls, .xlsb, .ods, .numbers): a reader that refuses, saying how to turn the
// file into one it reads. An entry of the registry like any other, so the file is never read as CSV text.
import { DataError } from '../errors.js';
import { displayPath } from './files.js';
import type { OpenTable } from './readers.js';

export const refuseOldSpreadsheet: OpenTable = async (path, options) => {
  throw new DataError(
    `source '${options.source}': ${displayPath(path)} is an old or non-Excel spreadsheet format that kpi cannot read; open it in Excel or LibreOffice and save it as .xlsx or CSV (UTF-8), e.g. \`libreoffice --headless --convert-to xlsx ${JSON.stringify(displayPath(path))}\``,
    [],
    { code: 'KPI_XLSX_UNREADABLE', file: displayPath(path) },
  );
};
