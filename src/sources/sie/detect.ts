// Whether a file is SIE, from its first bytes (the reader registry asks before loading any reader): its first
// record is one of those a SIE file opens with. A tiny module of its own, so the registry loads no parser to ask.

export function looksLikeSie(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0d || head[i] === 0x0a)) i++;
  const text = Buffer.from(head.buffer, head.byteOffset + i, Math.max(0, head.byteLength - i)).toString('latin1');
  return /^#(FLAGGA|SIETYP|PROGRAM|FORMAT|GEN|KSUMMA)[ \t\r\n]/i.test(text);
}
