// A problem in one formula, located at line:col inside the formula text.
import type { Pos } from './ast.js';

export class FormulaError extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
    this.name = 'FormulaError';
  }

  /** `win_rate: 1:23 unknown field 'stag' in deals; did you mean 'stage'?` */
  format(kpiId: string): string {
    return `${kpiId}: ${this.pos.line}:${this.pos.col} ${this.message}`;
  }
}
