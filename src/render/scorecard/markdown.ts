// `kpi scorecard --format md`: one GitHub table, the sections of `report:` as bold rows, figures compact.
import { mdText } from '../markdown.js';
import { summaryText } from '../rows.js';
import { hiddenNote } from '../sections.js';
import { cellText, compactDelta, compactValue, monthHeads, rowLabel, scorecardNotes, scorecardSections, scorecardTitle, tailHeads } from './shared.js';
import { formatterFor } from '../../locale/format.js';
import type { ScorecardRenderer } from './index.js';

export const renderScorecardMarkdown: ScorecardRenderer = (scorecard, context) => {
  const f = formatterFor(context);
  const { sections, hidden } = scorecardSections(scorecard, context);
  const head = [f.msg.head.kpi, ...monthHeads(scorecard, f), ...tailHeads(f)];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [`### ${mdText(scorecardTitle(scorecard, context, f))}`, '', `**${f.msg.scorecard.yearToDate}: ${summaryText(scorecard.summary, f)}**`, ''];
  const notShown = hiddenNote(hidden);
  if (notShown) out.push(`_${mdText(notShown)}_`, '');
  out.push(row(head), row(head.map((_, x) => (x === 0 ? ':---' : '---:'))));
  for (const s of sections) {
    if (s.name !== undefined) out.push(row([`**${mdText(s.name)}**`, ...head.slice(1).map(() => '')]));
    for (const r of s.rows) {
      out.push(
        row([
          mdText(rowLabel(r, context.by, f)).replace(/^ {2}/, '&nbsp;&nbsp;'),
          ...r.months.map((c) => cellText(c, r.unit, f)),
          cellText(r.ytd, r.unit, f),
          compactValue(r.last_year_ytd.value, r.unit, f),
          compactValue(r.full_year_target, r.unit, f),
          compactDelta(r.remaining, r.unit, f),
        ]),
      );
    }
  }
  out.push('');
  for (const note of scorecardNotes(scorecard, context, f)) out.push(`_${mdText(note)}_`, '');
  return { text: `${out.join('\n').trimEnd()}\n` };
};
