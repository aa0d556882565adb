/**
 * Where a village's households live: apartment buildings in urban communities (walk-ups of six
 * floors, mid-rises, high-rises; unit 单元 and room 1502), rows of houses (排) in rural villages, and
 * grids (网格) of a few hundred households made of whole buildings.
 */
import { GRID_MAX_HOUSEHOLDS, OCCUPANCY, ROW_MAX_HOUSEHOLDS } from './census.js';
import type { Settlement } from './households.js';
import type { Rng } from './rng.js';

export interface Slot {
  unit: string | null;
  room: string;
}

export interface BuildingLayout {
  kind: 'apartment' | 'bungalow';
  /** 1-based within the village's generated buildings: 3号楼, 3排. */
  number: number;
  name: string;
  /** Index into the village's grids. */
  grid: number;
  floors: number | null;
  slots: Slot[];
}

export interface VillageLayout {
  buildings: BuildingLayout[];
  grids: number;
}

interface Apartment {
  floors: number;
  units: number;
  rooms: number;
}

/** Assumption: 45% walk-ups (多层), 20% mid-rise (小高层), 35% high-rise (高层); at most 198 homes. */
function apartment(rng: Rng): Apartment {
  const r = rng.float();
  if (r < 0.45) return { floors: 6, units: rng.int(2, 4), rooms: 2 };
  if (r < 0.65) return { floors: rng.pick([9, 11]), units: rng.int(2, 3), rooms: 2 };
  return { floors: rng.pick([18, 24, 26, 28, 33]), units: rng.int(1, 2), rooms: rng.int(2, 3) };
}

/** `count` of the building's homes, chosen at random, in unit/floor/room order. */
function occupied(rng: Rng, a: Apartment, count: number): Slot[] {
  const capacity = a.floors * a.units * a.rooms;
  const order = Array.from({ length: capacity }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.float() * (capacity - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, count)
    .sort((x, y) => x - y)
    .map((i) => {
      const unit = Math.floor(i / (a.floors * a.rooms));
      const floor = Math.floor((i % (a.floors * a.rooms)) / a.rooms);
      const room = i % a.rooms;
      return { unit: String(unit + 1), room: `${floor + 1}${String(room + 1).padStart(2, '0')}` };
    });
}

function apartments(rng: Rng, households: number): BuildingLayout[] {
  const out: BuildingLayout[] = [];
  let left = households;
  while (left > 0) {
    const a = apartment(rng);
    const count = Math.min(left, Math.max(1, Math.round(a.floors * a.units * a.rooms * OCCUPANCY)));
    const number = out.length + 1;
    out.push({
      kind: 'apartment',
      number,
      name: `${number}号楼`,
      grid: 0,
      floors: a.floors,
      slots: occupied(rng, a, count),
    });
    left -= count;
  }
  return out;
}

/** ceil(H / 40) rows of nearly equal size: 20–40 houses each once a village has 20 or more. */
function rows(households: number): BuildingLayout[] {
  const n = Math.max(1, Math.ceil(households / ROW_MAX_HOUSEHOLDS));
  const out: BuildingLayout[] = [];
  for (let i = 0; i < n; i++) {
    const size = Math.floor(((i + 1) * households) / n) - Math.floor((i * households) / n);
    const slots = Array.from({ length: size }, (_, h) => ({ unit: null, room: `${h + 1}号` }));
    out.push({ kind: 'bungalow', number: i + 1, name: `${i + 1}排`, grid: 0, floors: null, slots });
  }
  return out;
}

/**
 * ceil(H / 400) grids of nearly equal size; a building joins the grid its middle household falls
 * in, so grids are whole buildings and (every building being smaller than a grid's share) none is
 * empty.
 */
export function layoutVillage(rng: Rng, settlement: Settlement, households: number): VillageLayout {
  const buildings = settlement === 'urban' ? apartments(rng, households) : rows(households);
  const grids = Math.max(1, Math.ceil(households / GRID_MAX_HOUSEHOLDS));
  const share = households / grids;
  let before = 0;
  for (const b of buildings) {
    const middle = before + b.slots.length / 2;
    b.grid = Math.min(grids - 1, Math.floor(middle / share));
    before += b.slots.length;
  }
  return { buildings, grids };
}
