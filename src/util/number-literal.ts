// Numbers as users write them in YAML: 1200000, 1_200_000, "40%", "1 200 000".

/** Parses a config number; percent strings become fractions ("40%" → 0.4). Returns undefined if not a number. */
export function configNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  let text = raw.trim().replace(/[_\s\u00a0\u202f]/g, '');
  let scale = 1;
  if (text.endsWith('%')) {
    scale = 0.01;
    text = text.slice(0, -1);
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const n = Number(text) * scale;
  // Percent scaling introduces float noise (0.29 * 0.01); 15 significant digits removes it.
  return Number.isFinite(n) ? Number(n.toPrecision(15)) : undefined;
}
