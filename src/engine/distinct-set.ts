// An exact set of distinct values, compact enough for millions of order ids: a string whose characters all fit in
// a byte is kept as its length (two bytes) and its bytes in an arena, found through an open-addressing table of
// (hash, arena offset) pairs: about 12 + 11–23 bytes a value of 10 characters, where a JS Set of strings costs
// 60–100. Other strings and numbers go to chains of JS Sets. Typed arrays hold far more than the 2^24 entries one
// JS Set can, so counts stay exact past it.
//
// The arena is a small first page that doubles up to 64 KiB, then pages of 1 MiB that are never copied: arrays
// outgrown and dropped would stay in memory until the next full garbage collection, and a big set grew the
// process by twice its size.

const MAX_BYTES = 0xffff;
/** Arena offsets live in an Int32Array (plus one, 0 meaning a free slot). */
const MAX_ARENA = 2 ** 31 - 2;
const FIRST_PAGE = 1 << 16;
const PAGE_BITS = 20;
const PAGE = 1 << PAGE_BITS;

export class DistinctSet {
  /** One JS Set holds at most 2^24 entries: each Set of the overflow chain stops at half that. */
  static SET_LIMIT = 2 ** 23;
  /** The first page (offsets below FIRST_PAGE), then the big pages. */
  private first = new Uint8Array(256);
  private pages: Uint8Array[] = [];
  private used = 0;
  /** Where `locate` found an offset: the page and the index in it. */
  private page: Uint8Array = this.first;
  private index = 0;
  private entries = 0;
  /**
   * Open addressing, two ints a slot: the hash, then the entry's arena offset + 1 (0: free). The hash beside the
   * offset makes a probe one memory access; the bytes are compared only on equal hashes. At most 70% full: linear
   * probes stay within a cache line or two, and a bigger table costs page faults, not only memory.
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
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = h & mask;
    for (; ; slot = (slot + 1) & mask) {
      const at = table[2 * slot + 1] - 1;
      if (at < 0) break;
      if (table[2 * slot] !== h) continue;
      this.locate(at);
      const page = this.page;
      const from = this.index;
      if (page[from] !== (n & 0xff) || page[from + 1] !== n >>> 8) continue;
      let i = 0;
      while (i < n && page[from + 2 + i] === value.charCodeAt(i)) i++;
      if (i === n) return;
    }
    if (this.used + n + 2 > MAX_ARENA) return this.addOther(value);
    const at = this.reserve(n);
    const page = this.page;
    const from = this.index;
    for (let i = 0; i < n; i++) page[from + 2 + i] = value.charCodeAt(i);
    this.insert(slot, at, h);
  }

  /**
   * How many values of this set are in none of `earlier`: merging the sets of parallel reads counts the union
   * this way, without copying one set into another (which would hold both at once and grow the larger).
   */
  countNew(earlier: readonly DistinctSet[]): number {
    let count = 0;
    const slots = this.table;
    const filters = earlier.map((set) => set.filter());
    for (let k = 1; k < slots.length; k += 2) {
      const at = slots[k] - 1;
      if (at < 0) continue;
      const h = slots[k - 1];
      let seen = false;
      for (let j = 0; j < earlier.length && !seen; j++) {
        const bits = filters[j];
        const bit = h & (bits.length * 32 - 1);
        if ((bits[bit >>> 5] & (1 << (bit & 31))) === 0) continue;
        this.locate(at);
        seen = earlier[j].hasBytes(h, this.page, this.index);
      }
      if (!seen) count++;
    }
    for (const set of this.others) for (const v of set) if (earlier.every((e) => !e.others.some((o) => o.has(v)))) count++;
    return count;
  }

  /**
   * A bit per hash value (at least 8 bits a value): a value whose bit is clear is not in the set. Tells most
   * values of another set apart without a probe of this set's table, which is larger than the CPU's caches.
   */
  private filter(): Uint32Array {
    let size = 1024;
    while (size < this.entries * 8) size *= 2;
    const bits = new Uint32Array(size / 32);
    const slots = this.table;
    for (let k = 1; k < slots.length; k += 2) {
      if (slots[k] === 0) continue;
      const bit = slots[k - 1] & (size - 1);
      bits[bit >>> 5] |= 1 << (bit & 31);
    }
    return bits;
  }

  /** The memory behind the set, to be moved (not copied) to another thread. */
  buffers(): ArrayBuffer[] {
    return [this.first.buffer, ...this.pages.map((p) => p.buffer), this.table.buffer] as ArrayBuffer[];
  }

  /** Has this set the entry of hash `h` stored at `from` in `bytes` (length prefix included)? */
  private hasBytes(h: number, bytes: Uint8Array, from: number): boolean {
    const n = bytes[from] | (bytes[from + 1] << 8);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = table[2 * slot + 1] - 1;
      if (at < 0) return false;
      if (table[2 * slot] !== h) continue;
      this.locate(at);
      const page = this.page;
      const base = this.index;
      let i = 0;
      while (i < n + 2 && page[base + i] === bytes[from + i]) i++;
      if (i === n + 2) return true;
    }
  }

  /** Points `page` and `index` at arena offset `at`. */
  private locate(at: number): void {
    if (at < FIRST_PAGE) {
      this.page = this.first;
      this.index = at;
    } else {
      this.page = this.pages[(at - FIRST_PAGE) >>> PAGE_BITS];
      this.index = (at - FIRST_PAGE) & (PAGE - 1);
    }
  }

  /**
   * Room for a value of `n` bytes and its two-byte length; returns its arena offset, with `page` and `index`
   * pointing at it and the length written. A value never straddles two pages.
   */
  private reserve(n: number): number {
    const size = n + 2;
    let at = this.used;
    if (at + size <= FIRST_PAGE) {
      if (at + size > this.first.length) {
        const next = new Uint8Array(Math.min(FIRST_PAGE, Math.max(this.first.length * 2, at + size)));
        next.set(this.first);
        this.first = next;
      }
    } else {
      if (at < FIRST_PAGE) at = FIRST_PAGE;
      const inPage = (at - FIRST_PAGE) & (PAGE - 1);
      if (inPage === 0 || inPage + size > PAGE) {
        if (inPage !== 0) at += PAGE - inPage;
        this.pages.push(new Uint8Array(PAGE));
      }
    }
    this.used = at + size;
    this.locate(at);
    this.page[this.index] = n & 0xff;
    this.page[this.index + 1] = n >>> 8;
    return at;
  }

  private insert(slot: number, at: number, h: number): void {
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = at + 1;
    this.entries++;
    if (this.entries * 20 > this.table.length * 7) this.rehash();
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
