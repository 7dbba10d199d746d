// What every html page kpi writes has in common (the report's and the scorecard's): the head — the CSP that forbids
// any request, the meta of a phone's viewport and a referrer-less page — and the first and print rules of the style
// sheet (the page's colours and type, the status tints, colours kept on paper). One place, so a change to the
// security policy or the page's base type reaches every page.
import { STATUSES, type Status } from '../model/vocabulary.js';
import { xmlAttr as attr, xmlText as text } from './escape.js';
import { INK, STATUS_COLOUR } from './palette.js';

/** Nothing may be fetched: no scripts, fonts, frames or remote images; only the inline style and data: images. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** `<!DOCTYPE html>` to `</head>`, a line each: the language, the CSP, the viewport, the title and the style. */
export function pageHead(language: string, title: string, style: string): string[] {
  return [
    '<!DOCTYPE html>',
    `<html lang="${attr(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${text(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
  ];
}

/** The first rules of every page's style sheet: light colours, border boxes, the page's background, ink and type. */
export const BASE_STYLE = `:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:${INK};font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}`;

/** In print the status tints stay: a browser leaves backgrounds out unless told. */
export const PRINT_COLOURS = '*{-webkit-print-color-adjust:exact;print-color-adjust:exact}';

/** `.s-met{background:…;color:…}` a line per status: the tint and ink of a status cell, pill or card. */
export function statusStyles(statuses: readonly Status[] = STATUSES): string {
  return statuses.map((s) => `.s-${s}{background:${STATUS_COLOUR[s].bg};color:${STATUS_COLOUR[s].fg}}`).join('\n');
}
