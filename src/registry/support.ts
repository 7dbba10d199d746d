// Support KPIs over helpdesk tickets (`tickets` source); tickets belong to the period they were created in.
import type { BuiltinKpi } from './types.js';

export const supportKpis: BuiltinKpi[] = [
  {
    id: 'tickets',
    label: 'Tickets',
    unit: 'count',
    better: 'lower',
    formula: 'count(tickets)',
    description: 'Number of tickets created in the period.',
    reference: 'Ticket volume (Zendesk, "Customer service metrics").',
  },
  {
    id: 'first_response_hours',
    label: 'First response time',
    unit: 'hours',
    better: 'lower',
    formula: 'avg(hours(tickets.created, tickets.first_response))',
    description: 'Mean hours from creation to the first response, over the tickets of the period that have a first response.',
    reference: 'First response time (Zendesk, "First reply time"): mean elapsed calendar hours.',
  },
  {
    id: 'resolution_hours',
    label: 'Resolution time (median)',
    unit: 'hours',
    better: 'lower',
    formula: 'median(hours(tickets.created, tickets.resolved))',
    description: 'Median hours from creation to resolution, over the tickets of the period that are resolved.',
    reference: 'Full resolution time, median (Zendesk Explore "Full resolution time (hrs) – median").',
  },
  {
    id: 'fcr_rate',
    label: 'First-contact resolution',
    unit: 'percent',
    better: 'higher',
    formula: 'count(tickets where resolved is not empty and contacts <= 1) / count(tickets where resolved is not empty)',
    description: 'Resolved tickets that needed at most one contact, as a share of resolved tickets.',
    reference: 'First contact resolution rate = tickets resolved on first contact ÷ tickets resolved (SQM Group, "FCR").',
  },
  {
    id: 'csat',
    label: 'Customer satisfaction (CSAT)',
    unit: 'percent',
    better: 'higher',
    formula: 'count(tickets where csat >= 4) / count(tickets where csat is not empty)',
    description: 'Share of answered satisfaction ratings that are 4 or 5 on a 1–5 scale (top-two-box).',
    reference: 'CSAT = satisfied responses (4–5) ÷ all responses × 100 (ACSI / Zendesk, "CSAT").',
  },
];
