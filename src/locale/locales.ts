// The languages and number formats kpi speaks (README "Language and number format"): a leaf of the house, imported
// by config (to check `locale:`), the CLI (`--locale`) and the renderers.

export const LOCALES = ['nb-NO', 'sv-SE', 'da-DK', 'en-GB', 'en-US'] as const;
export type LocaleId = (typeof LOCALES)[number];

export type Language = 'en' | 'nb' | 'sv' | 'da';

export const isLocale = (s: string): s is LocaleId => (LOCALES as readonly string[]).includes(s);

/** The usual other spellings: `no`, `nb`, `nb_NO`, `sv`, `da`, `en`: a user who writes the language gets its country. */
const SPELLINGS: Record<string, LocaleId> = {
  no: 'nb-NO',
  nb: 'nb-NO',
  'no-no': 'nb-NO',
  'nb-no': 'nb-NO',
  'nn-no': 'nb-NO',
  sv: 'sv-SE',
  'sv-se': 'sv-SE',
  se: 'sv-SE',
  da: 'da-DK',
  'da-dk': 'da-DK',
  dk: 'da-DK',
  'en-gb': 'en-GB',
  'en-uk': 'en-GB',
  en: 'en-GB',
  'en-us': 'en-US',
};

/** `nb_NO`, `NB-no`, `no` → `nb-NO`; undefined for what kpi does not speak. */
export function parseLocale(text: string): LocaleId | undefined {
  const key = text.trim().replace(/_/g, '-').toLowerCase();
  return SPELLINGS[key];
}

/** What each locale is: its language (the translations), its own currency (shown as `kr`), and its date order. */
export interface LocaleSpec {
  id: LocaleId | undefined;
  /** The locale Intl formats numbers and dates with. */
  intl: string;
  language: Language;
  /** Amounts in this currency are written with the locale's symbol (`kr`), others with their ISO code. */
  ownCurrency?: string;
}

export function localeSpec(id: LocaleId | undefined): LocaleSpec {
  switch (id) {
    case undefined:
      // No locale set: exactly what kpi printed before locales (en-US numbers, ISO dates, codes after amounts).
      return { id, intl: 'en-US', language: 'en' };
    case 'nb-NO':
      return { id, intl: 'nb-NO', language: 'nb', ownCurrency: 'NOK' };
    case 'sv-SE':
      return { id, intl: 'sv-SE', language: 'sv', ownCurrency: 'SEK' };
    case 'da-DK':
      return { id, intl: 'da-DK', language: 'da', ownCurrency: 'DKK' };
    case 'en-GB':
    case 'en-US':
      return { id, intl: id, language: 'en' };
  }
}
