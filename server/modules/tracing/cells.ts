/**
 * H3 cells (h3-js) as the tracing tables hold them. An H3 index is a 64-bit integer that h3-js
 * writes as 15 hex digits; the database keeps it as int8 (`location_pings.cell`, `venues.cell`,
 * `itinerary_entries.cell`) so that the candidate query compares integers on a btree. JS numbers
 * cannot hold 64 bits, so the value crosses the driver as a decimal string both ways: write
 * `cellToDb(h3)`, select `cell::text` and read it back with `cellFromDb`.
 */
import { cellToParent, getResolution, isValidCell, latLngToCell } from 'h3-js';

/** h3-js's hex index → the decimal text of the int8 the database stores. */
export function cellToDb(h3: string): string {
  return BigInt(`0x${h3}`).toString();
}

/** The int8 (as `cell::text`) → h3-js's hex index. */
export function cellFromDb(value: string | number | bigint): string {
  return BigInt(value).toString(16);
}

export function validLatLng(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}

/** The hex index of the cell holding a point at a resolution (8 ≈ the 800 m grid used in Hebei). */
export function cellOf(lat: number, lng: number, resolution: number): string {
  if (!validLatLng(lat, lng)) throw new RangeError(`not a position: ${lat}, ${lng}`);
  return latLngToCell(lat, lng, resolution);
}

/**
 * A cell as someone wrote it (hex, any case, an optional 0x) at `resolution`: a finer cell is
 * taken as its parent at that resolution (a carrier reporting at 9 still says which res-8 cell),
 * a coarser one cannot say which cell the person was in — null, as for anything that is no cell.
 */
export function parseCell(text: string, resolution: number): string | null {
  const hex = text.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{15,16}$/.test(hex) || !isValidCell(hex)) return null;
  const own = getResolution(hex);
  if (own < resolution) return null;
  return own === resolution ? hex : cellToParent(hex, resolution);
}
