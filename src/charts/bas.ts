// BAS, the Swedish chart of accounts (BAS-kontoplanen; what SIE files and Swedish systems use). Classes 1–2 are
// the balance sheet; the P&L is 3 revenue, 4 goods, 5–6 other external costs, 7 personnel with write-downs in 77
// and depreciation in 78, 8 financial items, appropriations (88) and tax (89), the year's result at 8999.
import { range as r, type Chart } from './chart.js';

export const BAS: Chart = {
  id: 'bas',
  label: 'BAS',
  ranges: [
    r('1', 'balance sheet', 'Tillgångar (assets)'),
    r('2', 'balance sheet', 'Eget kapital och skulder (equity and liabilities)'),
    // 30–37 nettoomsättning, 38 aktiverat arbete för egen räkning, 39 övriga rörelseintäkter: the operating income.
    r('3', 'revenue', 'Rörelsens inkomster/intäkter'),
    r('4', 'cogs', 'Utgifter/kostnader för varor, material och vissa köpta tjänster'),
    r('5-6', 'opex', 'Övriga externa rörelseutgifter/kostnader'),
    r('59', 'marketing', 'Reklam och PR'),
    r('60', 'sales', 'Övriga försäljningskostnader'),
    r('7', 'opex', 'Utgifter/kostnader för personal'),
    r('77', 'depreciation', 'Nedskrivningar och återföring av nedskrivningar'),
    r('78', 'depreciation', 'Avskrivningar enligt plan'),
    r('781', 'amortization', 'Avskrivningar på immateriella anläggningstillgångar'),
    r('80-87', 'interest', 'Finansiella poster'),
    // Bokslutsdispositioner (periodiseringsfond, överavskrivningar) come between the financial items and tax in
    // a Swedish P&L: part of the year's result, neither interest nor tax.
    r('88', 'appropriations', 'Bokslutsdispositioner'),
    r('89', 'tax', 'Skatter'),
    r('899', 'result transfer', 'Årets resultat'),
  ],
};
