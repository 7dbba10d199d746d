// People and operations KPIs: headcount (`employees`), time (`timesheets`), employee surveys (`employee_surveys`),
// and fulfilment and quality from the dates and defect counts of sales lines (`sales`).
import type { BuiltinKpi } from './types.js';

export const peopleKpis: BuiltinKpi[] = [
  {
    id: 'headcount',
    label: 'Headcount at period end',
    unit: 'count',
    better: 'higher',
    period: 'none',
    formula: 'count(employees where start <= period_end and (end is empty or end >= period_end))',
    description:
      'Employees employed on the last day of the period: started by then, with no end date or an end date (their last day) on or after it.',
    reference: 'Headcount = number of employees on the payroll on the last day of the period (SHRM, "Headcount"; HR metrics practice).',
    breakdowns: ['department'],
  },
  {
    id: 'revenue_per_employee',
    label: 'Revenue per employee',
    unit: 'currency',
    better: 'higher',
    additivity: 'none',
    formula: 'revenue / headcount',
    description: 'Revenue of the period (sales) divided by the headcount at its end: a measure of productivity.',
    reference: 'Revenue per employee = revenue ÷ number of employees (Investopedia, "Revenue Per Employee").',
    alternative: {
      note: 'Some take revenue from the P&L instead of the sales lines:',
      formula: 'ledger_revenue / headcount',
    },
  },
  {
    id: 'capacity_utilization',
    label: 'Capacity utilization (billable)',
    unit: 'percent',
    better: 'higher',
    formula: 'sum(timesheets.hours where billable = "yes") / sum(timesheets.capacity)',
    description:
      'Billable hours logged in the period divided by the available hours (capacity) of the period. Write each employee\'s capacity once per day or week (other rows of that day leave it empty).',
    reference: 'Billable utilization = billable hours ÷ available hours (Kantata, "Billable utilization"; SPI Research, "Professional Services Maturity Benchmark").',
    breakdowns: ['employee'],
    alternative: {
      note: 'Without a capacity column, some take billable hours as a share of all hours logged:',
      formula: 'sum(timesheets.hours where billable = "yes") / sum(timesheets.hours)',
    },
  },
  {
    id: 'enps',
    label: 'Employee Net Promoter Score (eNPS)',
    unit: 'score',
    better: 'higher',
    formula:
      '100 * (count(employee_surveys where score >= 9) - count(employee_surveys where score <= 6)) / count(employee_surveys where score is not empty)',
    description:
      'Employee engagement: share of promoters (9–10) minus share of detractors (0–6) among employees\' answers of the period to "how likely are you to recommend us as a place to work", times 100.',
    reference: 'eNPS = % promoters − % detractors on "How likely are you to recommend this organization as a place to work?" (Bain & Company, Net Promoter System applied to employees).',
    breakdowns: ['department'],
  },
  {
    id: 'lead_time_days',
    label: 'Order lead time',
    unit: 'days',
    better: 'lower',
    formula: 'avg(days(sales.date, sales.delivered))',
    description:
      'Mean days from order (the sales line date) to delivery, over the lines of the period with a delivery date. An order of several lines counts once per line.',
    reference: 'Order lead time = delivery date − order date, the customer\'s wait (APICS Dictionary, "lead time"; Investopedia, "Lead Time").',
    breakdowns: ['product', 'channel'],
  },
  {
    id: 'cycle_time_days',
    label: 'Order cycle time (to shipping)',
    unit: 'days',
    better: 'lower',
    formula: 'avg(days(sales.date, sales.shipped))',
    description: 'Mean days from order to shipping, over the lines of the period with a ship date: the part of the lead time inside the company.',
    reference: 'Customer order cycle time from order entry to shipment (supplychainmetric.com, "Cycle Time Measurements", which ends it at shipment or at delivery; APICS Dictionary, "order cycle").',
    breakdowns: ['product', 'channel'],
    alternative: {
      note: 'Some call order-to-delivery the cycle time (the built-in lead_time_days); a median is less moved by a few late orders:',
      formula: 'median(days(sales.date, sales.shipped))',
    },
  },
  {
    id: 'defect_rate',
    label: 'Defect rate',
    unit: 'percent',
    better: 'lower',
    formula: 'sum(sales.defects) / sum(sales.quantity where defects is not empty)',
    description: 'Defective units as a share of the units sold on the lines of the period that report defects (lines with an empty defects cell are left out).',
    reference: 'Defect rate = defective units ÷ total units (a standard quality-control KPI; ASQ, "Quality Glossary": defective unit).',
    breakdowns: ['product'],
    alternative: {
      note: 'Some count defective lines (orders) instead of units:',
      formula: 'count(sales where defects > 0) / count(sales where defects is not empty)',
    },
  },
];
