// The renderer contract: a pure function from the report model to bytes or text.
import type { Report, ReportContext } from '../report/model.js';

export interface RenderOptions {
  color: boolean;
  /** `kpi check`: only what is at risk or missed. */
  onlyProblems?: boolean;
  /** When the run fails (`--fail-on`): the JUnit report marks at-risk KPIs as failures under `at-risk`. */
  failOn?: 'missed' | 'at-risk' | 'never';
}

export type Rendered = { text: string } | { bytes: Uint8Array };

export type Renderer = (report: Report, context: ReportContext, options: RenderOptions) => Rendered | Promise<Rendered>;
