// NS 4102, the Norwegian standard chart of accounts (Norsk Standard Kontoplan; the SAF-T standard accounts of
// Skatteetaten follow it: 2- and 4-character StandardAccountIDs). Classes 1–2 are the balance sheet; the P&L is
// 3 revenue, 4 cost of goods, 5 payroll, 6–7 other operating costs with depreciation and write-downs in 60,
// 8 financial items and tax. Names are those of the standard-account lists (General_Ledger_Standard_Accounts_*).
import { range as r, type Chart } from './chart.js';

export const NS4102: Chart = {
  id: 'ns4102',
  label: 'NS 4102',
  ranges: [
    r('1', 'balance sheet', 'Eiendeler (assets)'),
    r('2', 'balance sheet', 'Egenkapital og gjeld (equity and liabilities)'),
    r('3', 'revenue', 'Salgs- og driftsinntekt'),
    r('4', 'cogs', 'Varekostnad'),
    r('5', 'opex', 'Lønnskostnad (payroll)'),
    r('6', 'opex', 'Annen driftskostnad'),
    // 6000–6019 and 6030–6099: depreciation and write-downs of tangible assets (and "annet");
    // 6020–6029: of goodwill and other intangible assets, which is amortization.
    // 60 alone: the 2-character standard account of SAF-T v1.0–1.20 ("Av- og nedskrivning").
    r('60', 'depreciation', 'Av- og nedskrivning'),
    r('6000-6019', 'depreciation', 'Avskrivning på varige driftsmidler'),
    r('6020-6029', 'amortization', 'Avskrivning på goodwill og andre immaterielle eiendeler'),
    r('6030-6099', 'depreciation', 'Avskrivning annet, nedskrivninger'),
    r('7', 'opex', 'Annen driftskostnad'),
    r('7300-7319', 'sales', 'Salgskostnad'),
    r('7320-7349', 'marketing', 'Reklamekostnad'),
    r('7350-7399', 'sales', 'Representasjon, annen salgskostnad'),
    // Financial income (80) and expenses (81–82) are one net item, as the finance KPIs read `interest`: income
    // is a credit, so it reduces the net cost.
    r('80-82', 'interest', 'Finansinntekt og finanskostnad'),
    r('83', 'tax', 'Skattekostnad på ordinært resultat'),
    r('86', 'tax', 'Skattekostnad på ekstraordinært resultat'),
    // 84–85 (extraordinary income and expenses, no longer used since the Accounting Act of 1998) and 87 are in no
    // range: a line there is said, not put in a category of kpi's choosing (map them in a chart file).
    r('88-89', 'result transfer', 'Årsresultat, overføringer og disponeringer'),
  ],
};
