// Header names as kpi addresses them: a header written twice gets one name per column, so no reference picks the first silently.

export interface DistinctHeaders {
  /** One name per column: the header, or for a header that appears more than once `Name_1`, `Name_2` … */
  headers: string[];
  /** Each header that appears more than once, with its columns (0-based). */
  duplicates: Map<string, number[]>;
}

/**
 * Names the columns of a header row so every column has its own name. A repeated header (`Name`, …, `Name`) gives
 * `Name_1`, `Name_2` … in column order — spreadsheets and pandas both allow repeats, and which one a KPI means is the
 * user's choice, never the first by accident. A generated name that is already a header of the file takes the next
 * free number. Empty headers are left as they are: no reference can name them, except by position (`#3`).
 */
export function distinctHeaders(raw: readonly string[]): DistinctHeaders {
  const positions = new Map<string, number[]>();
  raw.forEach((h, i) => {
    if (h === '') return;
    const list = positions.get(h);
    if (list) list.push(i);
    else positions.set(h, [i]);
  });
  const duplicates = new Map([...positions].filter(([, cols]) => cols.length > 1));
  if (duplicates.size === 0) return { headers: [...raw], duplicates };
  const taken = new Set(raw);
  const headers = [...raw];
  for (const [h, cols] of duplicates) {
    let n = 1;
    for (const col of cols) {
      while (taken.has(`${h}_${n}`)) n++;
      headers[col] = `${h}_${n}`;
      taken.add(headers[col]);
      n++;
    }
  }
  return { headers, duplicates };
}

/** `column 3`, `columns 3 and 5`, `columns 2, 4 and 7` (1-based, as a spreadsheet user counts). */
export function columnPositions(cols: readonly number[]): string {
  const n = cols.map((c) => String(c + 1));
  return n.length === 1 ? `column ${n[0]}` : `columns ${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

/** `#5` names the fifth column whatever its header. */
export function positionalColumn(text: string, width: number): number | undefined {
  const m = /^#(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= width ? n - 1 : undefined;
}

/** `both` for two, `all` for more: "columns 2 and 4 are both named 'Owner'". */
export function bothOrAll(n: number): string {
  return n === 2 ? 'both' : 'all';
}
