#!/usr/bin/env node
// Writes the demo exports of fixtures/demo/ for the README quick start:
//   npm run demo:generate   (then: npx kpi report -c fixtures/demo/kpi.yaml --period 2026-10)
//
// A fictional Norwegian bike shop, Nordlys Sykkel AS (shop, web shop and fleet sales to companies and
// municipalities, plus workshop service), from 2025-01-01 to 2026-10-31, the day of the export. Seeded
// PRNG streams (mulberry32, one per part of the story) drive everything in a fixed order; money, times and
// dates are integers (øre, minutes, days) formatted by hand, with no Date.now, time zone or locale, so
// every run writes byte-identical files on any machine.
// Every event after the export day (payments, closes, resolutions, cancellations) is left empty, as in
// a real export. kpi.yaml and targets.yaml in the same folder are written by hand, not by this script.
//
// Files: sales.csv (ERP order lines: Windows-1252, ';', decimal comma, dd.MM.yyyy, Norwegian headers, with ship,
// delivery and warranty-claim columns), UTF-8 comma CSVs with the canonical headers of SPEC §3: deals.csv,
// invoices.csv, tickets.csv (priority in Norwegian), surveys.csv, customers.csv, employees.csv,
// employee_surveys.csv; and exports whose headers kpi maps by their synonyms: ledger.csv (the accounting system's
// monthly P&L lines, costs negative), activities.csv (the CRM's activity log), timesheets.csv (the workshop's
// hours) and web.csv (a web analytics export). Streams 6 and up were added for these after the first five, so the
// older files kept their rows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './prng.mjs';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'demo');
const SEED = 80; // picked among a few for an October 2026 that tells a clear story

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness: mulberry32, and helpers built from + - * /, Math.floor and Math.sqrt.

// One stream per part of the story (the business first, then returns, payments, tickets, surveys), so
// tuning the tickets does not reshuffle the sales.
let random = mulberry32(SEED);
const stream = (n) => {
  random = mulberry32(SEED + n * 7919);
};
/** Integer in [lo, hi]. */
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];
/** Picks from [[item, weight], ...]. */
function weighted(pairs) {
  let total = 0;
  for (const [, w] of pairs) total += w;
  let r = random() * total;
  for (const [item, w] of pairs) {
    r -= w;
    if (r < 0) return item;
  }
  return pairs[pairs.length - 1][0];
}
/** A count with the given mean: a binomial over 4×mean trials (no Math.exp, so exact everywhere). */
function count(mean) {
  if (mean <= 0) return 0;
  const n = Math.max(1, Math.ceil(mean * 4));
  const p = mean / n;
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}
/**
 * Integer with a long right tail between lo and hi: lo + (hi-lo)·u^power, for power 1, 1.5, 2, 2.5 or 3.
 * Built from * and Math.sqrt (correctly rounded by IEEE 754), not Math.pow, whose last bit may vary.
 */
function skewed(lo, hi, power) {
  const u = random();
  let f = power % 1 === 0.5 ? Math.sqrt(u) : 1;
  for (let i = 1; i <= Math.floor(power); i++) f *= u;
  return lo + Math.floor((hi - lo) * f);
}

// ---------------------------------------------------------------------------------------------------------
// Calendar on day numbers (days since 1970-01-01) and minutes; formatting by hand.

const MS_PER_DAY = 86_400_000;
const dayOf = (y, m, d) => Date.UTC(y, m - 1, d) / MS_PER_DAY;
function ymd(day) {
  const date = new Date(day * MS_PER_DAY);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}
/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
const weekday = (day) => (((day + 4) % 7) + 7) % 7;
const pad = (n, width = 2) => String(n).padStart(width, '0');
const isoDate = (day) => {
  const [y, m, d] = ymd(day);
  return `${y}-${pad(m)}-${pad(d)}`;
};
const norDate = (day) => {
  const [y, m, d] = ymd(day);
  return `${pad(d)}.${pad(m)}.${y}`;
};
/** Minutes since 1970-01-01 00:00 → `yyyy-MM-dd HH:mm`. */
const isoMinute = (minute) => {
  const day = Math.floor(minute / 1440);
  const rest = minute - day * 1440;
  return `${isoDate(day)} ${pad(Math.floor(rest / 60))}:${pad(rest % 60)}`;
};

const FIRST_DAY = dayOf(2025, 1, 1); // the first day of the exports
// The shop and the CRM run for a quarter before the exports begin, so January 2025 already has returning
// customers, agreement customers and deals in the pipeline; nothing dated before FIRST_DAY is written.
const WARM_UP_DAY = dayOf(2024, 10, 1);
const LAST_DAY = dayOf(2026, 10, 31); // the export day: nothing after it is known
const LAST_MINUTE = LAST_DAY * 1440 + 1439;
/** 0 for January 2025 … 21 for October 2026 (negative during the warm-up). */
const monthIndex = (day) => {
  const [y, m] = ymd(day);
  return (y - 2025) * 12 + (m - 1);
};
const monthOf = (day) => ymd(day)[1];

/** Øre → `1 234,50` (space thousands separator, decimal comma), negative with a leading minus. */
function norAmount(ore) {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kroner = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${kroner},${pad(abs % 100)}`;
}
/** Øre → `1234.50`. */
const plainAmount = (ore) => `${ore < 0 ? '-' : ''}${Math.floor(Math.abs(ore) / 100)}.${pad(Math.abs(ore) % 100)}`;

// ---------------------------------------------------------------------------------------------------------
// The business: seasons, growth, people, products, customers.

// A Norwegian bike year: spring rush, quiet winter; October and November bring studded-tyre work.
const SEASON = [0, 0.5, 0.58, 0.85, 1.3, 1.5, 1.35, 0.95, 1.08, 1.0, 0.92, 0.7, 0.8]; // by month 1–12
const growth = (day) => 1 + 0.016 * monthIndex(day); // about +19 % a year
// Each month has its own luck (weather, campaigns), fixed up front so it is the same whatever is generated later.
const MONTH_LUCK = Array.from({ length: 25 }, () => 0.94 + 0.12 * random());
const luck = (day) => MONTH_LUCK[monthIndex(day) + 3];

const STORE_REPS = ['Kari Lærum', 'Magnus Sæther', 'Ingrid Fjæra'];
const B2B_REPS = [
  // name, first day, win probability
  ['Åse Bjørnstad', WARM_UP_DAY, 0.42],
  ['Øystein Hæreid', WARM_UP_DAY, 0.34],
  ['Jonas Brække', dayOf(2026, 3, 1), 0.26],
];
const AGENTS = ['Sigrid Haugland', 'Tor Ødegård', 'Leila Håkonsen', 'Per Åmodt'];

// name, price in kroner, cost in per mille of price, kind
const PRODUCTS = [
  ['El-sykkel Fjord 500', 24_990, 655, 'ebike'],
  ['El-sykkel Nordkapp Pro', 39_990, 680, 'ebike'],
  ['Lastesykkel Bæreevne', 44_990, 700, 'ebike'],
  ['Bysykkel Ørn 7-gir', 8_990, 560, 'bike'],
  ['Terrengsykkel Fjellrøy', 18_490, 600, 'bike'],
  ['Barnesykkel Blåbær 20 tommer', 3_990, 520, 'bike'],
  ['Hjelm Skjærgård', 1_290, 450, 'accessory'],
  ['Sykkellås Trygg', 790, 400, 'accessory'],
  ['Lyssett Mørketid', 590, 380, 'accessory'],
  ['Sykkelveske Vårsøg', 1_190, 470, 'accessory'],
  ['Sykkelservice Standard', 1_290, 300, 'service'],
  ['Sykkelservice Premium', 2_490, 340, 'service'],
  ['Piggdekk montert (par)', 1_790, 520, 'service'],
  ['Reparasjon verksted', 890, 280, 'service'],
];
const product = (name) => PRODUCTS.find((p) => p[0] === name);
const byKind = (kind) => PRODUCTS.filter((p) => p[3] === kind);

const WOMEN = [
  'Åse', 'Kjersti', 'Sølvi', 'Mari', 'Ingrid', 'Siri', 'Nora', 'Emma', 'Frøydis', 'Astrid', 'Hege', 'Line', 'Randi',
  'Therese', 'Aud', 'Gro', 'Kristin', 'Bodil', 'Marte', 'Solveig', 'Tone', 'Vigdis', 'Anne', 'Lise',
];
const MEN = [
  'Bjørn', 'Ørjan', 'Håkon', 'Lars', 'Torbjørn', 'Ståle', 'Kåre', 'Marius', 'Jakob', 'Ole', 'Tørris', 'Geir',
  'Jørgen', 'Morten', 'Sindre', 'Øyvind', 'Espen', 'Ivar', 'Pål', 'Martin', 'Even', 'Henrik', 'Stian', 'Eirik',
];
const LAST_NAMES = [
  'Hansen', 'Johansen', 'Sæther', 'Løvås', 'Bråten', 'Ødegård', 'Håland', 'Kværnes', 'Dæhli', 'Berg', 'Myrvold',
  'Åsheim', 'Strøm', 'Nygård', 'Bøe', 'Grønli', 'Lie', 'Solberg', 'Bakke', 'Fjeld', 'Kleppe', 'Mæland', 'Røed',
  'Tveit', 'Vik', 'Aune', 'Eide', 'Foss', 'Haugen', 'Moe', 'Nærland', 'Østby', 'Rønning', 'Sandvik', 'Thorsen',
];
const COMPANY_FIRST = [
  'Fjord', 'Nordlys', 'Vestkyst', 'Bergtind', 'Lyngen', 'Solbær', 'Ørnes', 'Kvæfjord', 'Måløy', 'Bølgen', 'Skogly',
  'Havbris', 'Fjellstue', 'Brygga', 'Tindved', 'Nordkapp', 'Sørlandet', 'Isbjørn', 'Trolltind', 'Lofot', 'Kystlys',
  'Granly', 'Elvebredd', 'Midtbyen', 'Hamna', 'Øyvær', 'Frostrøyk', 'Sjøsprøyt', 'Storåsen', 'Vårsøl',
];
const COMPANY_LAST = [
  'Regnskap AS', 'Bygg AS', 'Elektro AS', 'Eiendom AS', 'Transport AS', 'Arkitekter AS', 'Tannlegesenter AS',
  'Bakeri AS', 'Rørlegger AS', 'Consulting AS', 'Kafé AS', 'Hotell AS', 'Budservice AS', 'Advokatfirma AS',
  'Maskin AS', 'Sjømat AS', 'Legesenter AS', 'Barnehage AS',
];
const MUNICIPALITIES = [
  'Bærum', 'Asker', 'Lørenskog', 'Ås', 'Hå', 'Tønsberg', 'Bodø', 'Tromsø', 'Ålesund', 'Førde', 'Nesodden', 'Frøya',
  'Røros', 'Vågå', 'Lærdal', 'Gjøvik', 'Hamar', 'Molde', 'Måsøy', 'Sør-Varanger', 'Bø', 'Øygarden', 'Sandefjord',
  'Stjørdal', 'Kvinesdal', 'Hølen', 'Sauda', 'Ørsta', 'Bømlo', 'Stord', 'Lillestrøm', 'Nærøysund',
];
const PUBLIC_UNITS = [
  ['kommune', 40], ['videregående skole', 15], ['ungdomsskole', 12], ['sykehjem', 12], ['hjemmetjeneste', 11],
  ['barneskole', 10],
];

const usedNames = new Set();
function uniqueName(make) {
  for (let i = 0; i < 50; i++) {
    const name = make();
    if (!usedNames.has(name)) {
      usedNames.add(name);
      return name;
    }
  }
  throw new Error('ran out of names');
}
// Many Norwegians go by two first names (Anne Lise, Ole Martin): it also keeps the names unique.
const newPerson = () =>
  uniqueName(() => {
    const names = chance(0.5) ? WOMEN : MEN;
    const first = pick(names);
    const second = chance(0.45) ? pick(names) : first;
    return `${first}${second === first ? '' : ` ${second}`} ${pick(LAST_NAMES)}`;
  });
const newCompany = (segment) =>
  uniqueName(() =>
    segment === 'Offentlig'
      ? `${pick(MUNICIPALITIES)} ${weighted(PUBLIC_UNITS)}`
      : `${pick(COMPANY_FIRST)} ${pick(COMPANY_LAST)}`,
  );

// ---------------------------------------------------------------------------------------------------------
// The customer register of fleet service agreements (customers.csv), kept while the story runs.

/** name → { customer, segment, start, end, mrr, payer } */
const accounts = new Map();
function openAccount(name, segment, start, bikes) {
  const account = {
    customer: name,
    segment,
    start,
    end: null,
    mrr: bikes * (segment === 'Offentlig' ? 229_00 : 249_00),
    // Payment habit, fixed per customer: most pay on time, some late, a few not at all.
    payer: weighted([['good', 78], ['slow', 17], ['bad', 5]]),
  };
  accounts.set(name, account);
  return account;
}
const activeOn = (account, day) => account.start <= day && (account.end === null || account.end > day);

// Service-agreement customers from before the demo period.
for (let i = 0; i < 96; i++) {
  const segment = chance(0.8) ? 'Bedrift' : 'Offentlig';
  const start = dayOf(2019, 1, 1) + int(0, WARM_UP_DAY - dayOf(2019, 1, 1) - 1);
  openAccount(newCompany(segment), segment, start, int(2, 14));
}

// ---------------------------------------------------------------------------------------------------------
// Sales lines, deals and invoices, day by day.

const salesLines = []; // { day, order, customer, product, segment, channel, rep, type, qty, revenue, cost }
const orders = []; // { day, order, customer, segment, lines: [...] } for invoices and returns
const deals = [];
let nextOrder = 100_001;

const privateCustomers = [];
const seenCustomers = new Set();

/** Adds an order's lines; the order is Mersalg (upsell) when the customer has bought before. */
function addOrder(day, customer, segment, channel, rep, items, discountPct) {
  const type = seenCustomers.has(customer) ? 'Mersalg' : 'Nysalg';
  seenCustomers.add(customer);
  const order = { day, order: String(nextOrder++), customer, segment, channel, rep, lines: [] };
  for (const [p, qty] of items) {
    const [name, price, costPermille] = p;
    const list = price * 100 * qty;
    const line = {
      day,
      order: order.order,
      customer,
      product: name,
      segment,
      channel,
      rep,
      type,
      qty,
      revenue: Math.round((list * (100 - discountPct)) / 100),
      cost: Math.round((list * costPermille) / 1000),
    };
    order.lines.push(line);
    salesLines.push(line);
  }
  orders.push(order);
  return order;
}

function privateCustomer(isService) {
  if (privateCustomers.length > 20 && chance(isService ? 0.55 : 0.2)) return pick(privateCustomers);
  const name = newPerson();
  privateCustomers.push(name);
  return name;
}

/** What a private customer buys: a bike with extras, a workshop job, or accessories. */
function privateBasket(day) {
  const month = monthOf(day);
  const winterTyres = month === 10 || month === 11;
  const kind = weighted([
    ['bike', month >= 3 && month <= 8 ? 46 : 26],
    ['service', winterTyres ? 62 : 40],
    ['accessory', 16],
  ]);
  const items = [];
  if (kind === 'bike') {
    const bike = weighted([
      [product('El-sykkel Fjord 500'), 30],
      [product('El-sykkel Nordkapp Pro'), 12],
      [product('Lastesykkel Bæreevne'), 5],
      [product('Bysykkel Ørn 7-gir'), 22],
      [product('Terrengsykkel Fjellrøy'), 16],
      [product('Barnesykkel Blåbær 20 tommer'), 15],
    ]);
    items.push([bike, chance(0.06) ? 2 : 1]);
    for (const extra of byKind('accessory')) if (chance(0.12)) items.push([extra, 1]);
  } else if (kind === 'service') {
    items.push([winterTyres && chance(0.7) ? product('Piggdekk montert (par)') : pick(byKind('service')), 1]);
    if (chance(0.15)) items.push([product('Reparasjon verksted'), int(1, 3)]);
    if (chance(0.1)) items.push([pick(byKind('accessory')), 1]);
  } else {
    const first = pick(byKind('accessory'));
    items.push([first, chance(0.2) ? 2 : 1]);
    for (const extra of byKind('accessory')) if (extra !== first && chance(0.15)) items.push([extra, 1]);
  }
  return items;
}

/** A fleet order for a company or municipality: e-bikes, helmets and locks, sized to the account. */
function fleetBasket(bikes) {
  const items = [[weighted([[product('El-sykkel Fjord 500'), 60], [product('El-sykkel Nordkapp Pro'), 25], [product('Lastesykkel Bæreevne'), 15]]), bikes]];
  if (chance(0.5)) items.push([product('Hjelm Skjærgård'), bikes]);
  if (chance(0.4)) items.push([product('Sykkellås Trygg'), bikes]);
  if (chance(0.25)) items.push([product('Lyssett Mørketid'), bikes]);
  return items;
}
const basketValue = (items, discountPct) =>
  items.reduce((sum, [p, qty]) => sum + Math.round((p[1] * 100 * qty * (100 - discountPct)) / 100), 0);

const STAGES_OPEN = ['Qualification', 'Proposal', 'Negotiation'];
const LEAD_SOURCES = [['Website', 30], ['Referral', 25], ['Trade fair', 12], ['Outbound', 20], ['Partner', 13]];

/** A CRM opportunity created on `day`: a fleet deal, closed (won or lost) some weeks later. */
function createDeal(day) {
  const reps = B2B_REPS.filter(([, from]) => from <= day);
  const [rep, , winRate] = pick(reps);
  const segment = chance(0.75) ? 'Bedrift' : 'Offentlig';
  // Upsell deals to existing agreement customers, new-business deals to new names.
  const existing = [...accounts.values()].filter((a) => a.segment === segment && activeOn(a, day));
  const expansion = existing.length > 0 && chance(0.3);
  // New business: mostly new names, sometimes a prospect lost earlier and now approached again.
  const again = lostProspects.filter((p) => p.segment === segment && !accounts.has(p.customer));
  const customer = expansion
    ? pick(existing).customer
    : again.length > 0 && chance(0.3)
      ? again[Math.floor(random() * again.length)].customer
      : newCompany(segment);
  const bikes = segment === 'Offentlig' ? int(2, 6) : int(1, 3);
  const discountPct = segment === 'Offentlig' ? int(12, 18) : int(6, 12);
  const items = fleetBasket(bikes);
  const channel = chance(0.8) ? 'Bedriftssalg' : 'Partner';
  const leadSource = channel === 'Partner' ? 'Partner' : weighted(LEAD_SOURCES.filter(([s]) => s !== 'Partner'));
  // Public tenders take longer.
  const cycle = segment === 'Offentlig' ? skewed(30, 140, 1.5) : skewed(9, 90, 2);
  const close = day + cycle;
  // Deals closing in spring, when everyone thinks of bikes, are easier to win.
  const won = chance(winRate + (monthOf(close) >= 4 && monthOf(close) <= 6 ? 0.06 : 0));
  const deal = {
    created: day,
    closed: close <= LAST_DAY ? close : null,
    status: close <= LAST_DAY ? (won ? 'won' : 'lost') : 'open',
    stage: close <= LAST_DAY ? (won ? 'Closed Won' : 'Closed Lost') : STAGES_OPEN[Math.min(2, Math.floor(((LAST_DAY - day) * 3) / cycle))],
    amount: basketValue(items, discountPct),
    rep,
    segment,
    channel,
    leadSource,
    type: expansion ? 'Existing business' : 'New business',
  };
  deals.push(deal);
  if (deal.status === 'lost' && !expansion) lostProspects.push({ customer, segment });
  if (deal.status === 'won') pendingFleetOrders.push({ day: close, customer, segment, channel, rep, items, discountPct, bikes, expansion });
}
const pendingFleetOrders = [];
const lostProspects = [];

/** A fleet order from a won deal: the agreement starts (or grows) the same day. */
function deliverFleetOrder(o) {
  addOrder(o.day, o.customer, o.segment, o.channel, o.rep, o.items, o.discountPct);
  const account = accounts.get(o.customer);
  if (account && account.end === null) account.mrr += o.bikes * (o.segment === 'Offentlig' ? 229_00 : 249_00);
  else if (!account) openAccount(o.customer, o.segment, o.day, o.bikes);
}

for (let day = WARM_UP_DAY; day <= LAST_DAY; day++) {
  const dow = weekday(day);
  const level = SEASON[monthOf(day)] * growth(day) * luck(day);

  // Fleet orders from deals won today.
  for (const o of pendingFleetOrders.filter((p) => p.day === day)) deliverFleetOrder(o);

  // Shop (closed on Sundays, busy on Saturdays) and web shop (every day, no sales rep).
  const shopOrders = dow === 0 ? 0 : count(2.3 * level * (dow === 6 ? 1.5 : 1));
  for (let i = 0; i < shopOrders; i++) {
    const items = privateBasket(day);
    const isService = items[0][0][3] === 'service';
    addOrder(day, privateCustomer(isService), 'Privat', 'Butikk', pick(STORE_REPS), items, chance(0.12) ? 10 : 0);
  }
  const webOrders = count(0.8 * level);
  for (let i = 0; i < webOrders; i++) {
    addOrder(day, privateCustomer(false), 'Privat', 'Nettbutikk', '', privateBasket(day), chance(0.08) ? 15 : 0);
  }

  // Workshop visits and spare parts for agreement customers, on weekdays.
  if (dow >= 1 && dow <= 5) {
    const active = [...accounts.values()].filter((a) => activeOn(a, day));
    const visits = count(0.45 * SEASON[monthOf(day)]);
    for (let i = 0; i < visits; i++) {
      const a = pick(active);
      const items = [[pick([product('Sykkelservice Standard'), product('Sykkelservice Premium')]), int(2, 8)]];
      if (monthOf(day) >= 10 && chance(0.6)) items.push([product('Piggdekk montert (par)'), int(2, 8)]);
      if (chance(0.3)) items.push([product('Reparasjon verksted'), int(1, 4)]);
      addOrder(day, a.customer, a.segment, 'Bedriftssalg', pick(B2B_REPS.filter(([, from]) => from <= day))[0], items, 5);
    }
  }

  // CRM: new opportunities on weekdays.
  if (dow >= 1 && dow <= 5) {
    const created = count(0.85 * growth(day));
    for (let i = 0; i < created; i++) createDeal(day);
  }

  // Agreement customers leave now and then (about 1.3 % a month).
  for (const a of accounts.values()) {
    if (a.end === null && a.start < day && chance(0.00043)) a.end = day;
  }
}

stream(2);
// Returns: a few bike and accessory lines come back within 30 days as negative lines on the original
// order number. October 2026 has none, so the demo's avg_return KPI shows how kpi reports a KPI with no
// value (status no_data).
const OCTOBER_2026 = dayOf(2026, 10, 1);
for (const order of orders) {
  if (order.segment !== 'Privat' || order.day < FIRST_DAY) continue;
  for (const line of order.lines) {
    const p = product(line.product);
    if (p[3] === 'service' || !chance(p[3] === 'accessory' ? 0.012 : 0.018)) continue;
    const day = line.day + int(2, 30);
    if (day > LAST_DAY || day >= OCTOBER_2026) continue;
    salesLines.push({ ...line, day, qty: -line.qty, revenue: -line.revenue, cost: -line.cost });
  }
}
const exportedLines = salesLines
  .filter((l) => l.day >= FIRST_DAY)
  .sort((a, b) => a.day - b.day || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));

// Invoices: every company and municipality order is invoiced the day it ships (private customers pay at
// the till). Net 14 days for companies, 30 for municipalities; payment depends on the customer's habit.
stream(3);
const invoices = [];
let nextInvoice = 25_001;
for (const order of orders.filter((o) => o.segment !== 'Privat' && o.day >= FIRST_DAY).sort((a, b) => a.day - b.day || Number(a.order) - Number(b.order))) {
  const issued = order.day;
  const due = issued + (order.segment === 'Offentlig' ? 30 : 14);
  const habit = accounts.get(order.customer)?.payer ?? 'good';
  let paid;
  if (habit === 'good') paid = chance(0.93) ? due - int(0, 10) : due + int(1, 12);
  else if (habit === 'slow') paid = due + skewed(3, 75, 1.5);
  else paid = chance(0.5) ? null : due + int(40, 160);
  if (paid !== null && paid < issued) paid = issued;
  invoices.push({
    number: String(nextInvoice++),
    customer: order.customer,
    issued,
    due,
    paid: paid !== null && paid <= LAST_DAY ? paid : null,
    amount: order.lines.reduce((sum, l) => sum + l.revenue, 0),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpdesk tickets and NPS answers.

/** Is the helpdesk staffed at this minute? Weekdays 08–16, Saturdays 10–15. */
function staffed(minute) {
  const day = Math.floor(minute / 1440);
  const t = minute - day * 1440;
  const dow = weekday(day);
  if (dow >= 1 && dow <= 5) return t >= 8 * 60 && t < 16 * 60;
  if (dow === 6) return t >= 10 * 60 && t < 15 * 60;
  return false;
}
/** The first staffed minute at or after `minute`. */
function nextStaffed(minute) {
  let m = minute;
  while (!staffed(m)) m += 15 - (m % 15) || 15;
  return m;
}

/** When work planned for `minute` happens: then, if staffed, else a little after the helpdesk opens. */
const workMinute = (minute) => (staffed(minute) ? minute : nextStaffed(minute) + int(5, 150));

const CATEGORIES = [
  // category, weight, resolution hours after first response (min, max, skew)
  ['Service', 34, 4, 120, 1.5],
  ['Garanti', 14, 24, 400, 1.5],
  ['Levering', 16, 2, 72, 2],
  ['Faktura', 10, 1, 48, 2],
  ['Nettbutikk', 14, 1, 36, 2],
  ['Deler', 12, 4, 160, 2],
];
stream(4);
const tickets = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const month = monthOf(day);
  // Spring rush and the studded-tyre weeks are the busy times.
  const busy = month === 4 || month === 5 ? 1.5 : month === 10 || month === 11 ? 1.35 : 1;
  const n = count(1.45 * busy * growth(day) * (weekday(day) === 0 ? 0.4 : 1));
  for (let i = 0; i < n; i++) {
    const channel = weighted([['E-post', 40], ['Telefon', 25], ['Chat', 22], ['Butikk', 13]]);
    const anyTime = channel === 'E-post' || channel === 'Chat';
    const created = day * 1440 + (anyTime ? int(6 * 60, 23 * 60) : int(8 * 60, 16 * 60 - 1));
    // Busier months answer slower; the studded-tyre rush of 2026 is the slowest of all.
    const load = busy * (month === 10 && day >= dayOf(2026, 1, 1) ? 1.25 : 1);
    const firstResponse = workMinute(nextStaffed(created) + Math.round(skewed(5, 300, 2) * load));
    const [category, , lo, hi, skew] = weighted(CATEGORIES.map((c) => [c, c[1]]));
    const contacts = weighted([[1, 66], [2, 20], [3, 9], [4, 4], [6, 1]]);
    const unresolved = chance(0.015);
    // Work happens while the helpdesk is staffed: a ticket is closed at a staffed minute.
    const resolved = unresolved ? null : workMinute(firstResponse + skewed(lo, hi, skew) * 60 + (contacts - 1) * int(60, 1200));
    const isResolved = resolved !== null && resolved <= LAST_MINUTE;
    let csat = '';
    if (isResolved && chance(0.36)) {
      const slow = resolved - created > 72 * 60 ? 1 : 0;
      csat = String(weighted([[5, 52 - 12 * slow], [4, 29], [3, 10 + 5 * slow], [2, 5 + 4 * slow], [1, 4 + 3 * slow]]));
    }
    tickets.push({
      created,
      firstResponse: firstResponse <= LAST_MINUTE ? firstResponse : null,
      resolved: isResolved ? resolved : null,
      category,
      channel,
      agent: pick(AGENTS),
      csat,
      contacts,
    });
  }
}
tickets.sort((a, b) => a.created - b.created);

// NPS: a few answers a day after purchases and workshop visits, slowly getting better.
stream(5);
const surveys = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const n = count(2.5 * SEASON[monthOf(day)]);
  const better = monthIndex(day) / 21; // 0 → 1 over the period
  for (let i = 0; i < n; i++) {
    const score = weighted([
      [10, 26 + 5 * better],
      [9, 24 + 3 * better],
      [8, 17],
      [7, 12],
      [6, 6 - 1.5 * better],
      [5, 5 - 1.5 * better],
      [4, 3],
      [3, 2],
      [2, 1.5],
      [1, 1],
      [0, 1],
    ]);
    surveys.push({ day, score, segment: weighted([['Privat', 78], ['Bedrift', 16], ['Offentlig', 6]]) });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fulfilment and quality on the sales lines: when an order shipped and arrived, and units claimed defective.
// A stream of its own, drawn after the sales story, so the lines themselves stay as they were.

stream(6);
/** order id → { shipped, delivered } (days; null when not shipped, or not yet by the export day). */
const shipping = new Map();
for (const order of orders) {
  if (order.day < FIRST_DAY) continue;
  // Web orders go by post; fleet orders (bikes from won deals) are assembled and delivered; shop sales and
  // workshop jobs leave the counter and are not shipped.
  const goods = order.lines.some((l) => product(l.product)[3] !== 'service');
  let shipped = null;
  let delivered = null;
  if (order.channel === 'Nettbutikk' && goods) {
    shipped = order.day + int(1, 3);
    delivered = shipped + int(1, 4);
  } else if ((order.channel === 'Bedriftssalg' || order.channel === 'Partner') && goods) {
    shipped = order.day + skewed(3, 14, 2);
    delivered = shipped + int(0, 2);
  }
  shipping.set(order.order, {
    shipped: shipped !== null && shipped <= LAST_DAY ? shipped : null,
    delivered: delivered !== null && delivered <= LAST_DAY ? delivered : null,
  });
}
/** Units of a line claimed defective (warranty claims); empty for service lines and returns. */
const defectsOf = new Map();
for (const line of exportedLines) {
  const kind = product(line.product)[3];
  if (kind === 'service' || line.qty < 0) continue;
  let defects = 0;
  for (let u = 0; u < line.qty; u++) if (chance(kind === 'ebike' ? 0.028 : kind === 'bike' ? 0.016 : 0.01)) defects++;
  defectsOf.set(line, defects);
}

// Ticket priority, set by the agent at triage: urgent problems are those solved fastest.
stream(7);
for (const t of tickets) {
  const hours = t.resolved === null ? null : (t.resolved - t.created) / 60;
  const weights =
    hours === null || hours > 72
      ? [['Haster', 1], ['Høy', 10], ['Normal', 52], ['Lav', 37]]
      : hours > 24
        ? [['Haster', 3], ['Høy', 22], ['Normal', 58], ['Lav', 17]]
        : [['Haster', 14], ['Høy', 36], ['Normal', 42], ['Lav', 8]];
  t.priority = weighted(weights);
}

// ---------------------------------------------------------------------------------------------------------
// People: the staff register, the workshop's time sheets and a monthly employee pulse survey (eNPS).

const STAFF = [
  // name, department, first day, last day (null: still employed), monthly salary in kroner (full time), FTE
  ['Hilde Nordli', 'Ledelse', dayOf(2015, 3, 1), null, 52_000, 1],
  ['Kari Lærum', 'Butikk', dayOf(2018, 4, 1), null, 36_500, 1],
  ['Magnus Sæther', 'Butikk', dayOf(2021, 2, 1), null, 35_000, 1],
  ['Ingrid Fjæra', 'Butikk', dayOf(2022, 5, 1), null, 35_000, 0.6],
  ['Andrea Moen', 'Butikk', dayOf(2025, 5, 1), dayOf(2025, 8, 31), 33_000, 0.8],
  ['Åse Bjørnstad', 'Bedriftssalg', dayOf(2020, 9, 1), null, 43_000, 1],
  ['Øystein Hæreid', 'Bedriftssalg', dayOf(2022, 1, 10), null, 41_000, 1],
  ['Jonas Brække', 'Bedriftssalg', dayOf(2026, 3, 1), null, 39_000, 1],
  ['Sigrid Haugland', 'Kundeservice', dayOf(2021, 8, 16), null, 35_000, 0.3],
  ['Tor Ødegård', 'Kundeservice', dayOf(2023, 1, 2), null, 35_000, 0.2],
  ['Leila Håkonsen', 'Kundeservice', dayOf(2024, 2, 1), null, 35_000, 0.2],
  ['Per Åmodt', 'Kundeservice', dayOf(2024, 9, 1), null, 34_500, 0.2],
  ['Ravn Solheim', 'Verksted', dayOf(2017, 3, 1), null, 38_000, 1],
  ['Eirik Bøe', 'Verksted', dayOf(2019, 4, 1), null, 37_000, 1],
  ['Stig Ulvestad', 'Verksted', dayOf(2016, 5, 1), dayOf(2025, 8, 31), 38_500, 1],
  ['Trine Vassbotn', 'Verksted', dayOf(2025, 9, 15), null, 36_000, 1],
  ['Emil Berge', 'Verksted', dayOf(2026, 4, 1), dayOf(2026, 8, 14), 33_000, 0.8],
  ['Nils Aasen', 'Lager og nettbutikk', dayOf(2023, 3, 1), null, 34_000, 0.6],
].map(([name, department, start, end, salary, fte]) => ({ name, department, start, end, salary, fte }));
const employedOn = (s, day) => s.start <= day && (s.end === null || s.end >= day);

/** Workdays off: the three weeks of fellesferie in July, Easter week and Christmas to New Year. */
function holiday(day) {
  const [y, m, d] = ymd(day);
  if ((m === 1 && d === 1) || (m === 5 && (d === 1 || d === 17))) return true;
  if (m === 7 && d >= 7 && d <= 25) return true;
  if (m === 12 && d >= 24) return true;
  if (y === 2025 && m === 4 && d >= 14 && d <= 21) return true;
  if (y === 2026 && m === 3 && d >= 30) return true;
  if (y === 2026 && m === 4 && d <= 6) return true;
  return false;
}

// Mechanics log their day as billable workshop jobs and internal time; capacity is the day's contracted hours.
stream(8);
const timesheets = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const dow = weekday(day);
  if (dow === 0 || dow === 6 || holiday(day)) continue;
  for (const s of STAFF.filter((x) => x.department === 'Verksted' && employedOn(x, day))) {
    if (chance(0.03)) continue; // a day off (sick, leave): no capacity offered
    const quarters = Math.round(7.5 * s.fte * 4);
    const busy = Math.min(0.93, 0.42 + 0.33 * SEASON[monthOf(day)] + 0.1 * (random() - 0.5));
    const billable = Math.round(quarters * busy);
    timesheets.push({ day, employee: s.name, hours: billable / 4, billable: 'Ja', capacity: quarters / 4 });
    if (quarters > billable) timesheets.push({ day, employee: s.name, hours: (quarters - billable) / 4, billable: 'Nei', capacity: null });
  }
}

// A monthly pulse survey in the first week: "How likely are you to recommend Nordlys Sykkel as a place to work?"
stream(9);
const pulse = [];
for (let m = 0; m <= monthIndex(LAST_DAY); m++) {
  const first = dayOf(2025 + Math.floor(m / 12), (m % 12) + 1, 1);
  const lift = m / 21;
  for (const s of STAFF.filter((x) => employedOn(x, first + 6))) {
    if (!chance(0.8)) continue;
    const score = weighted([
      [10, 22 + 4 * lift], [9, 26 + 3 * lift], [8, 22], [7, 12], [6, 7 - 2 * lift], [5, 4 - 2 * lift],
      [4, 2.5], [3, 1.5], [2, 1], [1, 0.5], [0, 0.5],
    ]);
    pulse.push({ day: first + int(1, 6), score, department: s.department });
  }
}
pulse.sort((a, b) => a.day - b.day);

// ---------------------------------------------------------------------------------------------------------
// Sales activities logged in the CRM by the company sales team, and the web shop's analytics.

stream(10);
const activities = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const dow = weekday(day);
  if (dow === 0 || dow === 6 || holiday(day)) continue;
  for (const [rep, from] of B2B_REPS) {
    if (from > day) continue;
    for (const [type, mean] of [['Samtale', 1.4], ['E-post', 1.1], ['Møte', 0.45], ['Demo', 0.2], ['Tilbud sendt', 0.3]]) {
      const n = count(mean * growth(day));
      for (let i = 0; i < n; i++) activities.push({ day, type, rep });
    }
  }
}

stream(11);
const PAGES = [
  // path, share of visits, share of conversions (web orders by landing page)
  ['/', 30, 22],
  ['/el-sykler', 18, 34],
  ['/sykler', 12, 18],
  ['/tilbehor', 9, 16],
  ['/verksted', 13, 4],
  ['/bedrift', 6, 2],
  ['/blogg', 7, 4],
  ['/kontakt', 5, 0],
];
const webOrdersByDay = new Map();
for (const o of orders) if (o.channel === 'Nettbutikk') webOrdersByDay.set(o.day, (webOrdersByDay.get(o.day) ?? 0) + 1);
const web = [];
for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
  const total = count(60 * SEASON[monthOf(day)] * growth(day) * luck(day));
  const conversions = new Array(PAGES.length).fill(0);
  for (let i = 0; i < (webOrdersByDay.get(day) ?? 0); i++) {
    conversions[PAGES.indexOf(weighted(PAGES.map((p) => [p, p[2]])))]++;
  }
  PAGES.forEach(([path, share], i) => {
    const visits = Math.max(conversions[i], Math.round((total * share) / 100 + (random() - 0.5) * 2));
    if (visits > 0) web.push({ day, page: path, visits, conversions: conversions[i] });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The general ledger's P&L lines, one per account and month, dated the last day of the month. Income positive,
// costs negative, as the accounting system exports them (kpi detects the convention).

stream(12);
const ledger = [];
const monthEnd = (y, m) => dayOf(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - 1;
for (let mi = 0; mi <= monthIndex(LAST_DAY); mi++) {
  const y = 2025 + Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  const start = dayOf(y, m, 1);
  const end = monthEnd(y, m);
  const lines = exportedLines.filter((l) => l.day >= start && l.day <= end);
  const sum = (list, f) => list.reduce((s, l) => s + f(l), 0);
  const goodsRevenue = sum(lines, (l) => l.revenue);
  const goodsCost = sum(lines, (l) => l.cost);
  const agreements = [...accounts.values()].filter((a) => activeOn(a, end));
  const agreementIncome = sum(agreements, (a) => a.mrr);
  const payroll = sum(STAFF.filter((s) => employedOn(s, start + 14)), (s) => Math.round(s.salary * 100 * s.fte));
  const partnerRevenue = sum(lines.filter((l) => l.channel === 'Partner'), (l) => l.revenue);
  const fleetRevenue = sum(lines.filter((l) => l.channel === 'Bedriftssalg'), (l) => l.revenue);
  const season = SEASON[m];
  const rows = [
    ['3000', 'Salgsinntekt varer og verksted', 'Salgsinntekt', goodsRevenue],
    ['3600', 'Serviceavtaler bedrift', 'Salgsinntekt', agreementIncome],
    ['4000', 'Varekostnad', 'Varekostnad', -goodsCost],
    ['4300', 'Deler til serviceavtaler', 'Varekostnad', -Math.round(agreementIncome * 0.12)],
    ['5000', 'Lønn', 'Lønn', -payroll],
    ['5400', 'Arbeidsgiveravgift og feriepenger', 'Lønn', -Math.round(payroll * 0.261)],
    ['6300', 'Husleie', 'Driftskostnader', -5_500_000],
    ['6340', 'Strøm og oppvarming', 'Driftskostnader', -Math.round((5_200 + 4_400 * (1.6 - season)) * 100)],
    ['6700', 'Regnskap, IT og forsikring', 'Driftskostnader', -(1_450_000 + int(0, 500_000))],
    ['7320', 'Markedsføring', 'Markedsføring', -Math.round((14_000 + 22_000 * season) * 100 + int(0, 500_000))],
    ['7500', 'Provisjon partnere og selgerbonus', 'Salgskostnader', -Math.round(partnerRevenue * 0.08 + fleetRevenue * 0.02)],
    ['6010', 'Avskrivninger', 'Avskrivninger', -2_150_000],
    ['6020', 'Amortisering nettbutikk', 'Amortisering', -250_000],
    ['8150', 'Rentekostnader', 'Renter', -(520_000 + int(0, 80_000))],
  ];
  // Tax accrued at 22 % of the month's result (negative in a loss month: a tax income).
  const result = rows.reduce((s, r) => s + r[3], 0);
  rows.push(['8300', 'Skattekostnad', 'Skatt', -Math.round(result * 0.22)]);
  for (const [account, name, category, amount] of rows) ledger.push({ day: end, account, name, category, amount });
}

// ---------------------------------------------------------------------------------------------------------
// Writing: CSV text by hand, sales.csv encoded as Windows-1252 by hand.

/** Quotes a cell only when it must be: it holds the delimiter, a quote or a line break. */
const csvCell = (value, delimiter) => {
  const s = String(value);
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvText = (header, rows, delimiter = ',', eol = '\n') =>
  [header, ...rows].map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter)).join(eol) + eol;

// Windows-1252: Latin-1, except 0x80–0x9F, which hold these characters.
const CP1252_EXTRA = new Map(
  [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
    0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
  ]
    .map((code, i) => [code, 0x80 + i])
    .filter(([code]) => code !== 0),
);
function encodeWindows1252(text) {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : CP1252_EXTRA.get(code);
    if (byte === undefined) throw new Error(`cannot write ${JSON.stringify(text[i])} in Windows-1252`);
    bytes[i] = byte;
  }
  return bytes;
}

const files = {
  // The ERP's "Salgslinjer" export: Windows line ends, as Excel on Windows writes them.
  'sales.csv': encodeWindows1252(
    csvText(
      ['Dato', 'Ordrenr', 'Kunde', 'Produkt', 'Segment', 'Kanal', 'Selger', 'Type', 'Antall', 'Beløp', 'Kostpris', 'Sendt', 'Levert', 'Reklamert'],
      exportedLines.map((l) => {
        const ship = l.qty > 0 ? shipping.get(l.order) : undefined;
        const date = (day) => (day === null || day === undefined ? '' : norDate(day));
        const defects = defectsOf.get(l);
        return [norDate(l.day), l.order, l.customer, l.product, l.segment, l.channel, l.rep, l.type, l.qty, norAmount(l.revenue), norAmount(l.cost), date(ship?.shipped), date(ship?.delivered), defects ?? ''];
      }),
      ';',
      '\r\n',
    ),
  ),
  'deals.csv': csvText(
    ['created', 'closed', 'status', 'stage', 'amount', 'rep', 'segment', 'channel', 'lead_source', 'type'],
    deals
      // The CRM export holds every deal created or closed since FIRST_DAY, and those still open.
      .filter((d) => d.created >= FIRST_DAY || d.closed === null || d.closed >= FIRST_DAY)
      .sort((a, b) => a.created - b.created)
      .map((d) => [isoDate(d.created), d.closed === null ? '' : isoDate(d.closed), d.status, d.stage, plainAmount(d.amount), d.rep, d.segment, d.channel, d.leadSource, d.type]),
  ),
  'invoices.csv': csvText(
    ['number', 'customer', 'issued', 'due', 'paid', 'amount'],
    invoices.map((i) => [i.number, i.customer, isoDate(i.issued), isoDate(i.due), i.paid === null ? '' : isoDate(i.paid), plainAmount(i.amount)]),
  ),
  'tickets.csv': csvText(
    ['created', 'first_response', 'resolved', 'category', 'channel', 'agent', 'priority', 'csat', 'contacts'],
    tickets.map((t) => [
      isoMinute(t.created),
      t.firstResponse === null ? '' : isoMinute(t.firstResponse),
      t.resolved === null ? '' : isoMinute(t.resolved),
      t.category,
      t.channel,
      t.agent,
      t.priority,
      t.csat,
      t.contacts,
    ]),
  ),
  'surveys.csv': csvText(
    ['date', 'score', 'segment'],
    surveys.map((s) => [isoDate(s.day), s.score, s.segment]),
  ),
  'customers.csv': csvText(
    ['customer', 'segment', 'start', 'end', 'mrr'],
    [...accounts.values()]
      .sort((a, b) => a.start - b.start || (a.customer < b.customer ? -1 : 1))
      .map((a) => [a.customer, a.segment, isoDate(a.start), a.end === null ? '' : isoDate(a.end), plainAmount(a.mrr)]),
  ),
  // The accounting system's P&L export: income positive, costs negative.
  'ledger.csv': csvText(
    ['Dato', 'Konto', 'Kontonavn', 'Kategori', 'Beløp'],
    ledger.map((l) => [isoDate(l.day), l.account, l.name, l.category, plainAmount(l.amount)]),
  ),
  // The CRM's activity log, Norwegian activity names.
  'activities.csv': csvText(
    ['Dato', 'Aktivitet', 'Selger'],
    activities.map((a) => [isoDate(a.day), a.type, a.rep]),
  ),
  // The workshop's time registration.
  'timesheets.csv': csvText(
    ['Dato', 'Ansatt', 'Timer', 'Fakturerbar', 'Kapasitet'],
    timesheets.map((t) => [isoDate(t.day), t.employee, t.hours, t.billable, t.capacity ?? '']),
  ),
  'employees.csv': csvText(
    ['employee', 'department', 'start', 'end'],
    STAFF.map((s) => [s.name, s.department, isoDate(s.start), s.end === null ? '' : isoDate(s.end)]),
  ),
  'employee_surveys.csv': csvText(
    ['date', 'score', 'department'],
    pulse.map((p) => [isoDate(p.day), p.score, p.department]),
  ),
  // A web analytics export (GA4 style headers): views and key events per page and day.
  'web.csv': csvText(
    ['Date', 'Page path', 'Views', 'Key events'],
    web.map((w) => [isoDate(w.day), w.page, w.visits, w.conversions]),
  ),
};

mkdirSync(OUT_DIR, { recursive: true });
let total = 0;
for (const [name, content] of Object.entries(files)) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(join(OUT_DIR, name), bytes);
  total += bytes.length;
  const lines = bytes.toString('latin1').split('\n').length - 2;
  process.stderr.write(`wrote fixtures/demo/${name}: ${lines} rows, ${bytes.length} bytes\n`);
}
process.stderr.write(`total ${total} bytes\n`);
