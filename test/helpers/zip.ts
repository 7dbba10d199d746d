// Reads the entries of a zip file (an .xlsx) with node's zlib: the central directory, then each stored or deflated entry.
import { inflateRawSync } from 'node:zlib';

export function unzip(data: Buffer): Map<string, Buffer> {
  // The end-of-central-directory record: its signature within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65_557); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const count = data.readUInt16LE(eocd + 10);
  let pos = data.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(pos) !== 0x02014b50) throw new Error('bad central directory');
    const method = data.readUInt16LE(pos + 10);
    const compressed = data.readUInt32LE(pos + 20);
    const nameLength = data.readUInt16LE(pos + 28);
    const extraLength = data.readUInt16LE(pos + 30);
    const commentLength = data.readUInt16LE(pos + 32);
    const local = data.readUInt32LE(pos + 42);
    const name = data.toString('utf8', pos + 46, pos + 46 + nameLength);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const body = data.subarray(start, start + compressed);
    out.set(name, method === 0 ? Buffer.from(body) : inflateRawSync(body));
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
