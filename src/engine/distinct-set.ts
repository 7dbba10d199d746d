// An exact set of distinct values, compact enough for millions of order ids: strings whose characters all fit in a
// byte are kept as bytes in one growing arena with an open-addressing table of hashes and entry numbers (about 22
// bytes per value plus its length, where a JS Set of strings costs 60–100). Other strings and numbers go to chains of JS Sets.
// Typed arrays hold far more than the 2^24 entries one JS Set can, so counts stay exact past it.

const MAX_BYTES = 0xffff;

export class DistinctSet {
  /** One JS Set holds at most 2^24 entries: each Set of the overflow chain stops at half that. */
  static SET_LIMIT = 2 ** 23;
  private arena = new Uint8Array(1024);
  private used = 0;
  /** Per entry: where its bytes start in the arena, and how many. */
  private offsets = new Uint32Array(64);
  private lengths = new Uint16Array(64);
  private entries = 0;
  /**
   * Open addressing, two ints a slot: the hash, then entry number + 1 (0: free). The hash beside the entry makes
   * a probe one memory access; the entry's bytes are compared only on equal hashes. At most half full.
   */
  private table = new Int32Array(256);
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
    const slots = other.table;
    for (let k = 1; k < slots.length; k += 2) {
      if (slots[k] === 0) continue;
      const h = slots[k - 1];
      const e = slots[k] - 1;
      const from = other.offsets[e];
      const n = other.lengths[e];
      const slot = this.find(h, n, (arena, at) => {
        let i = 0;
        while (i < n && arena[at + i] === other.arena[from + i]) i++;
        return i === n;
      });
      if (slot < 0) continue;
      const at = this.reserve(n);
      this.arena.set(other.arena.subarray(from, from + n), at);
      this.insert(slot, at, n, h);
    }
    for (const set of other.others) for (const v of set) this.addOther(v);
  }

  /** The free slot where a value of hash `h` and length `n` goes, or -1 when `same` finds it already there. */
  private find(h: number, n: number, same: (arena: Uint8Array, at: number) => boolean): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = table[2 * slot + 1];
      if (e === 0) return slot;
      if (table[2 * slot] === h && this.lengths[e - 1] === n && same(this.arena, this.offsets[e - 1])) return -1;
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
    }
    this.offsets[e] = at;
    this.lengths[e] = n;
    this.entries = e + 1;
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = e + 1;
    if (this.entries * 4 > this.table.length) this.rehash();
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let i = 1; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      const h = old[i - 1];
      let slot = h & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = old[i];
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
