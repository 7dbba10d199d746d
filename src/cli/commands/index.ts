// Registers every subcommand; each lives in its own file and is glue only.
import type { Command } from 'commander';
import { registerCheck, registerReport } from './report.js';
import { registerList } from './list.js';
import { registerTrend } from './trend.js';
import { registerScorecard } from './scorecard.js';
import { registerExplain } from './explain.js';
import { registerValidate } from './validate.js';
import { registerInit } from './init.js';
import { registerSql } from './sql.js';
import { registerNote } from './note.js';
import { registerDiff } from './diff.js';
import { registerNotify } from './notify.js';

export type SetExit = (code: number) => void;

export function registerCommands(program: Command, setExit: SetExit): void {
  registerReport(program, setExit);
  registerCheck(program, setExit);
  registerTrend(program, setExit);
  registerScorecard(program, setExit);
  registerExplain(program, setExit);
  registerValidate(program, setExit);
  registerSql(program, setExit);
  registerInit(program, setExit);
  registerList(program, setExit);
  registerNote(program, setExit);
  registerDiff(program, setExit);
  registerNotify(program, setExit);
}
