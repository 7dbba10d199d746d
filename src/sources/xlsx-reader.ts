// Excel workbooks through exceljs's streaming reader (built by a helper; placeholder until it lands).
import { DataError } from '../errors.js';
import type { SourceFile } from './source-file.js';

export interface XlsxSettings {
  sheet?: string | number;
  skipRows?: number;
}

export async function openXlsx(path: string, _settings: XlsxSettings): Promise<SourceFile> {
  throw new DataError(`${path}: reading .xlsx is not available yet`);
}
