// Test helpers for the renderers: a synthetic report, a minimal PNG decoder and a minimal XML parser (no new dependencies).
import { inflateSync } from 'node:zlib';
import type { Report, ReportContext, ResultRow } from '../../src/report/model.js';
import type { Status } from '../../src/targets/compare.js';

export function row(over: Partial<ResultRow> & Pick<ResultRow, 'kpi'>): ResultRow {
  return {
    label: over.kpi,
    unit: 'number',
    better: 'higher',
    group: {},
    value: null,
    previous: null,
    change: null,
    change_pct: null,
    target: null,
    variance: null,
    variance_pct: null,
    status: 'no_target',
    baseline: null,
    benchmark: null,
    projected: null,
    n: null,
    pace: false,
    share: null,
    unknown_values: 0,
    bad_values: null,
    coverage: null,
    reason: null,
    ...over,
  };
}

/** A report with one result per status (and a group row), hand-made so every renderer branch is reached. */
export function sampleReport(): { report: Report; context: ReportContext } {
  const results: ResultRow[] = [
    row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', value: 1234.5, target: 1000, variance: 234.5, variance_pct: 0.2345, status: 'met', previous: 1000, change: 234.5, change_pct: 0.2345 }),
    row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', group: { rep: '=HYPERLINK("x")' }, value: -12.5, target: 100, variance: -112.5, variance_pct: -1.125, status: 'missed' }),
    row({ kpi: 'margin', label: 'Margin, "gross" <b>&</b>', unit: 'percent', value: 0.38, target: 0.4, variance: -0.02, variance_pct: -0.05, status: 'at_risk' }),
    row({ kpi: 'orders', label: 'Orders', unit: 'count', value: 3, projected: 7, pace: true, target: 5, variance: 2, variance_pct: 0.4, status: 'early' }),
    row({ kpi: 'cycle', label: 'Sales cycle', unit: 'days', better: 'lower', value: 1e-7, status: 'no_target' }),
    row({ kpi: 'nps', label: 'NPS', unit: 'score', target: 40, status: 'no_data', baseline: 35, benchmark: 41 }),
  ];
  const summary: Record<Status, number> = { met: 1, at_risk: 1, missed: 1, early: 1, no_target: 1, no_data: 1, incomplete: 0, error: 0 };
  const report: Report = {
    version: 1,
    period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
    compare: { id: '2026-09', start: '2026-09-01', end: '2026-09-30' },
    results,
    summary,
    data_quality: [
      {
        source: 'sales',
        files: ['sales.csv'],
        rows: 10,
        skipped: 1,
        no_period: 0,
        total_rows: [{ file: 'sales.csv', line: 11 }],
        dates: { first: '2026-10-01', last: '2026-10-31' },
        bad_values: [
          {
            column: 'Beløp',
            count: 1,
            first: { file: 'sales.csv', line: 7, value: '<script>&', reason: 'not a number' },
            examples: ['<script>&'],
            aggregates: ['sum(sales.revenue)'],
            kpis: ['revenue'],
            groups: false,
          },
        ],
        empty_values: [],
        wide_rows: { count: 0, first: null },
        short_rows: { count: 0, first: null },
        issues: [{ file: 'sales.csv', line: 7, column: 'Beløp', value: '<script>&', reason: 'not a number' }],
        unknown_values: [],
        ignored_values: [],
      },
    ],
  };
  return { report, context: { currency: 'NOK', targetHow: new Map(), by: ['rep'], definitions: new Map() } };
}

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes for screenshots). */
export function decodePng(data: Buffer): Image {
  if (data.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Buffer[] = [];
  while (pos < data.length) {
    const length = data.readUInt32BE(pos);
    const type = data.toString('latin1', pos + 4, pos + 8);
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colourType = body[9];
      if (body[8] !== 8 || body[12] !== 0 || (colourType !== 2 && colourType !== 6)) throw new Error('unsupported PNG layout');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp] : 0;
      const b = prev[x];
      const c = x >= bpp ? prev[x - bpp] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x] + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = line[x * bpp];
      out[o + 1] = line[x * bpp + 1];
      out[o + 2] = line[x * bpp + 2];
      out[o + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, pixels: out };
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${m}`);
    return ENTITIES[e];
  });

/**
 * A strict little XML parser for our own output: elements, attributes, text, the XML declaration and comments.
 * Throws on anything malformed (unbalanced tags, a bare `<` or `&`, duplicate attributes, an unknown entity).
 */
export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(pos))![0];
      pos += ws.length;
      if (xml.startsWith('<?', pos)) pos = xml.indexOf('?>', pos) + 2;
      else if (xml.startsWith('<!--', pos)) pos = xml.indexOf('-->', pos) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>/.exec(xml.slice(pos));
    if (!open) throw new Error(`expected an element at ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos += open[0].length;
    const attrs: Record<string, string> = {};
    for (const m of open[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
      if (m[1] in attrs) throw new Error(`duplicate attribute ${m[1]}`);
      if (/&(?!(#x[0-9a-f]+|#\d+|\w+);)/i.test(m[2])) throw new Error(`bare & in attribute ${m[1]}`);
      attrs[m[1]] = unescape(m[2]);
    }
    const el: XmlElement = { name: open[1], attrs, children: [], text: '' };
    if (open[3] === '/') return el;
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) throw new Error(`unclosed <${el.name}>`);
      const chunk = xml.slice(pos, next);
      if (/&(?!(#x[0-9a-f]+|#\d+|\w+);)/i.test(chunk) || chunk.includes('>')) throw new Error(`unescaped text in <${el.name}>: ${chunk}`);
      el.text += unescape(chunk);
      pos = next;
      if (xml.startsWith(`</${el.name}>`, pos)) {
        pos += el.name.length + 3;
        return el;
      }
      if (xml.startsWith('</', pos)) throw new Error(`mismatched close tag at ${pos}, expected </${el.name}>`);
      el.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== xml.length) throw new Error('content after the root element');
  return root;
}

/** XML 1.0 `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes (as pairs). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Well-formed XML as a strict parser (libxml2, LibreOffice) requires it: every character and every character
 * reference an XML `Char`, then the structure as parseXml checks it. Throws, naming the offset, on the first fault.
 */
export function parseXmlStrict(xml: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index} is not allowed in XML`);
  for (const m of xml.matchAll(/&#(x[0-9a-f]+|\d+);/gi)) {
    const code = m[1][0] === 'x' || m[1][0] === 'X' ? parseInt(m[1].slice(1), 16) : Number(m[1]);
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) throw new Error(`character reference ${m[0]} at ${m.index} is not allowed in XML`);
  }
  return parseXml(xml);
}
