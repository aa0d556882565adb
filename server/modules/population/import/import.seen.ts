/**
 * The ID numbers already met in a file, to refuse the second occurrence naming the first's row.
 * A million rows would cost ~100 MB as a Set of strings; here each ID is 8 bytes of its keyed hash
 * in an open-addressing table (12 bytes per row with the row number, ~24 MB per million at most).
 * Two different IDs share the first 64 bits of an HMAC with probability ~n²/2⁶⁵: about 3·10⁻⁸ for
 * a million rows.
 */
export class SeenIds {
  private hi = new Uint32Array(1 << 12);
  private lo = new Uint32Array(1 << 12);
  private rows = new Uint32Array(1 << 12);
  private count = 0;

  /** The row where this hash was first seen, or null (and it is recorded at `row`). */
  firstRow(hash: Uint8Array, row: number): number | null {
    const h = Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);
    // Row numbers start at 1, so 0 marks an empty slot.
    const hi = h.readUInt32BE(0);
    const lo = h.readUInt32BE(4);
    const found = this.find(hi, lo);
    if (this.rows[found] !== 0) return this.rows[found]!;
    this.hi[found] = hi;
    this.lo[found] = lo;
    this.rows[found] = row;
    if (++this.count * 2 > this.rows.length) this.grow();
    return null;
  }

  private find(hi: number, lo: number): number {
    const mask = this.rows.length - 1;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.rows[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const [hi, lo, rows] = [this.hi, this.lo, this.rows];
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      const at = this.find(hi[i]!, lo[i]!);
      this.hi[at] = hi[i]!;
      this.lo[at] = lo[i]!;
      this.rows[at] = rows[i]!;
    }
  }
}
