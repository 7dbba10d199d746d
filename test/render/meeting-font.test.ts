// The meeting formats' line breaking (pptx notes, pdf paragraphs): a figure is never broken over two lines.
import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from '../../src/render/meeting-font.js';
import { Formatter } from '../../src/locale/format.js';

describe('wrapText', () => {
  it('breaks at spaces, never at the no-break spaces inside a Norwegian figure', () => {
    const amount = new Formatter('nb-NO').delta(152354.36, 'currency', 'NOK'); // +152 354,36 kr, no-break spaces
    const text = `Piggdekk montert (par) ${amount}, El-sykkel Nordkapp Pro`;
    // A width that ends the first line inside the figure: before the fix, `+152` ended it and `354,36 kr` began the next.
    const width = textWidth('Piggdekk montert (par) +152', 10) + 1;
    const lines = wrapText(text, width, 10);
    expect(lines.some((l) => l.includes(amount))).toBe(true);
    expect(lines[0]).toBe('Piggdekk montert (par)');
  });
});
