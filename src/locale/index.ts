// The locale layer (README "Language and number format"): formatters and translations as data, no I/O.
export { LOCALES, isLocale, parseLocale, localeSpec, type LocaleId, type Language, type LocaleSpec } from './locales.js';
export { DEFAULT_FORMATTER, Formatter, MESSAGES, SCALES, SCALE_FACTOR, STATUS_SYMBOL, fill, formatterFor, type KpiDisplay, type LocaleSettings, type Scale } from './format.js';
export type { Messages } from './messages/en.js';
