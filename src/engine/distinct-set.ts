// An exact set of distinct values, compact enough for millions of order ids: strings whose characters all fit in a
// byte are kept as bytes in one growing arena with an open-addressing table of entry numbers (about 20 bytes per
// value plus its length, where a JS Set of strings costs 60–100). Other strings and numbers go to chains of JS Sets.
// Typed arrays hold far more than the 2^24 entries one JS Set can, so counts stay exact past it.

const MAX_BYTES = 0xffff;

export class DistinctSet {
  /** One JS Set holds at most 2^24 entries: each Set of the overflow chain stops at half that. */
  static SET_LIMIT = 2 ** 23;
  private arena = new Uint8Array(1024);
  private used = 0;
  /** Per entry: where its bytes start in the arena, how many, and its hash. */
  private offsets = new Uint32Array(64);
  private lengths = new Uint16Array(64);
  private hashes = new Int32Array(64);
  private entries = 0;
  /** Open addressing: entry number + 1, or 0 for a free slot. At most half full. */
  private table = new Int32Array(128);
  private others: Set<string | number>[] = [];

  get size(): number {
    return this.entries + this.others.reduce((n, s) => n + s.size, 0);
  }

  add(value: string | number): void {
    if (typeof value !== 'string' || value.length > MAX_BYTES) return this.addOther(value);
    const n = value.length;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 0xff) return this.addOther(value);
      h = Math.imul(h ^ c, 0x01000193);
    }
    h = mix(h);
    const slot = this.find(h, n, (arena, at) => {
      let i = 0;
      while (i < n && arena[at + i] === value.charCodeAt(i)) i++;
      return i === n;
    });
    if (slot < 0) return;
    const at = this.reserve(n);
    for (let i = 0; i < n; i++) this.arena[at + i] = value.charCodeAt(i);
    this.insert(slot, at, n, h);
  }

  /** Every value of another set added to this one (its bytes and hashes copied, no strings made). */
  addAll(other: DistinctSet): void {
    for (let e = 0; e < other.entries; e++) {
      const from = other.offsets[e];
      const n = other.lengths[e];
      const slot = this.find(other.hashes[e], n, (arena, at) => {
        let i = 0;
        while (i < n && arena[at + i] === other.arena[from + i]) i++;
        return i === n;
      });
      if (slot < 0) continue;
      const at = this.reserve(n);
      this.arena.set(other.arena.subarray(from, from + n), at);
      this.insert(slot, at, n, other.hashes[e]);
    }
    for (const set of other.others) for (const v of set) this.addOther(v);
  }

  /** The free slot where a value of hash `h` and length `n` goes, or -1 when `same` finds it already there. */
  private find(h: number, n: number, same: (arena: Uint8Array, at: number) => boolean): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = table[slot];
      if (e === 0) return slot;
      if (this.hashes[e - 1] === h && this.lengths[e - 1] === n && same(this.arena, this.offsets[e - 1])) return -1;
    }
  }

  /** Room for `n` more bytes in the arena; returns where they go. */
  private reserve(n: number): number {
    if (this.used + n > this.arena.length) this.arena = grown(this.arena, this.used + n);
    const at = this.used;
    this.used += n;
    return at;
  }

  private insert(slot: number, at: number, n: number, h: number): void {
    const e = this.entries;
    if (e === this.offsets.length) {
      this.offsets = grown(this.offsets, e + 1);
      this.lengths = grown(this.lengths, e + 1);
      this.hashes = grown(this.hashes, e + 1);
    }
    this.offsets[e] = at;
    this.lengths[e] = n;
    this.hashes[e] = h;
    this.entries = e + 1;
    this.table[slot] = e + 1;
    if (this.entries * 2 > this.table.length) this.rehash();
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let e = 0; e < this.entries; e++) {
      let slot = this.hashes[e] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = e + 1;
    }
    this.table = table;
  }

  private addOther(value: string | number): void {
    const sets = this.others;
    for (const set of sets) if (set.has(value)) return;
    let last = sets[sets.length - 1];
    if (!last || last.size >= DistinctSet.SET_LIMIT) sets.push((last = new Set()));
    last.add(value);
  }

  /** A set rebuilt from its structured clone (what a worker thread posts back): the fields come over, the class does not. */
  static revive(state: DistinctSet): DistinctSet {
    return Object.assign(new DistinctSet(), state);
  }
}

/** Spreads FNV's low bits, which the table's mask keeps. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(array: T, atLeast: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}
