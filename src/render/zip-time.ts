// Sets every entry time of a zip archive (an .xlsx) to one fixed date, so the same report gives the same bytes.
import { InternalError } from '../errors.js';

/** 2000-01-01 00:00 as an MS-DOS date and time (the zip format's timestamps). */
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * Rewrites the modification time in each central directory entry and its local header, in place. Only the
 * timestamps change: sizes, CRCs and offsets stay valid. Archives with an extended-timestamp extra field would keep
 * it; the zip library behind exceljs writes none.
 */
export function fixZipTimes(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new InternalError('not a zip archive: no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  let pos = view.getUint32(eocd + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(pos, true) !== 0x02014b50) throw new InternalError('zip central directory is damaged');
    view.setUint16(pos + 12, DOS_TIME, true);
    view.setUint16(pos + 14, DOS_DATE, true);
    const local = view.getUint32(pos + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new InternalError('zip local header is damaged');
    view.setUint16(local + 10, DOS_TIME, true);
    view.setUint16(local + 12, DOS_DATE, true);
    pos += 46 + view.getUint16(pos + 28, true) + view.getUint16(pos + 30, true) + view.getUint16(pos + 32, true);
  }
  return zip;
}
