// Rendered output as bytes: what the writers (stdout, -o, the job summary) send, a block at a time.
import type { Rendered } from './types.js';

/** About a megabyte of text per block: few writes, and never more than a block held besides the model. */
export const BLOCK_CHARS = 1 << 20;

/** The output as UTF-8 blocks, each encoded as it is reached: chunks are joined up to `blockChars` characters. */
export function* renderedBlocks(rendered: Rendered, blockChars = BLOCK_CHARS): Generator<Uint8Array> {
  if ('bytes' in rendered) {
    yield rendered.bytes;
    return;
  }
  if ('text' in rendered) {
    yield Buffer.from(rendered.text, 'utf8');
    return;
  }
  let pending = '';
  for (const chunk of rendered.chunks) {
    pending += chunk;
    if (pending.length >= blockChars) {
      yield Buffer.from(pending, 'utf8');
      pending = '';
    }
  }
  if (pending !== '') yield Buffer.from(pending, 'utf8');
}

/** The whole output as one string: for small outputs and tests (a streamed one is read here, once). */
export function renderedText(rendered: Rendered): string {
  if ('text' in rendered) return rendered.text;
  if ('bytes' in rendered) return Buffer.from(rendered.bytes).toString('utf8');
  let text = '';
  for (const chunk of rendered.chunks) text += chunk;
  return text;
}
