// `report:` in kpi.yaml checked against the KPIs the project knows: what every renderer reads as ReportContext.layout.
import type { Project } from '../config/project.js';
import { ConfigError } from '../errors.js';
import { closest } from '../util/text.js';
import type { ReportLayout } from './model.js';

/** The heading of the section of KPIs no section names, when `other:` does not name it. */
export const OTHER_SECTION = 'Other';

/**
 * The layout, or undefined without `report:`. A section naming an id that is no KPI (built-in or the project's own)
 * is a config error naming the file, the line and the closest id; so is a KPI in two sections (its results would be
 * shown twice, or the second heading would silently lose it). An id that is a KPI the sources cannot compute is
 * fine: the section shows what there is, and a KPI with a target that cannot be computed is an `error` result as
 * always.
 */
export function resolveLayout(project: Project, known: ReadonlySet<string>): ReportLayout | undefined {
  const config = project.report;
  if (config === undefined) return undefined;
  const where = (path: (string | number)[]) => project.yaml?.locate(['report', ...path]) ?? project.path ?? 'kpi.yaml';
  const lineOf = (path: (string | number)[]) => project.yaml?.lineOf(['report', ...path]);
  const seen = new Map<string, string>();
  const sections = (config.sections ?? []).map((section, i) => {
    for (const [j, id] of section.kpis.entries()) {
      const path = ['sections', i, 'kpis', j];
      if (!known.has(id)) {
        const hint = closest(id, known);
        throw new ConfigError(
          `${where(path)}: report: section '${section.name}' names KPI '${id}', which is no KPI${hint ? `; did you mean '${hint}'?` : ''}`,
          ['`kpi list` shows every KPI id; a KPI of your own is defined under kpis: in kpi.yaml'],
          { code: 'KPI_KPI_UNKNOWN', file: project.path, line: lineOf(path) },
        );
      }
      const first = seen.get(id);
      if (first !== undefined) {
        throw new ConfigError(
          `${where(path)}: report: KPI '${id}' is in two sections, '${first}' and '${section.name}'; a KPI is shown in one section: remove it from one of them`,
          [],
          { code: 'KPI_CONFIG_INVALID', file: project.path, line: lineOf(path) },
        );
      }
      seen.set(id, section.name);
    }
    return { name: section.name, kpis: [...section.kpis] };
  });
  return {
    ...(config.title === undefined ? {} : { title: config.title }),
    ...(config.company === undefined ? {} : { company: config.company }),
    sections,
    other: config.other ?? OTHER_SECTION,
    hide: [...new Set(config.hide ?? [])],
  };
}
