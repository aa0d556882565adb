/**
 * Who lives together: a household's size is drawn from the urban or rural distribution, then a
 * template for that size (couple, couple with children, three generations, grandparents raising
 * grandchildren …) fixes the relations, and each member's age is drawn from the pyramid within what
 * the relation allows. The shares of the templates are assumptions, tuned so that the generated
 * city matches the bulletin's broad age groups (docs/POPULATION.md shows both).
 */
import type { Relation } from '../../../../domain/population.js';
import { COLLECTIVE_SIZE, FAMILY_SIZE_WEIGHTS, MAX_AGE } from './census.js';
import { type Pyramid, drawAge } from './pyramid.js';
import { type Rng, cumulative, pickIndex } from './rng.js';

export type Settlement = 'urban' | 'rural';

export interface Member {
  relation: Relation;
  age: number;
  sex: 'M' | 'F';
  /** Carries the family's surname (the head's line); others bring their own. */
  lineage: boolean;
}

export interface Composition {
  kind: 'family' | 'collective';
  members: Member[];
  /** Grandparents raising grandchildren: in a village, the children are left behind (留守儿童). */
  skipGeneration: boolean;
}

const SIZE_CUM = {
  urban: cumulative(FAMILY_SIZE_WEIGHTS.urban),
  rural: cumulative(FAMILY_SIZE_WEIGHTS.rural),
};

export function drawFamilySize(rng: Rng, settlement: Settlement): number {
  return pickIndex(rng, SIZE_CUM[settlement]) + 1;
}

export function drawCollectiveSize(rng: Rng): number {
  return rng.int(COLLECTIVE_SIZE.min, COLLECTIVE_SIZE.max);
}

const other = (sex: 'M' | 'F'): 'M' | 'F' => (sex === 'M' ? 'F' : 'M');

class Builder {
  readonly members: Member[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly pyramid: Pyramid,
  ) {}

  sexAt(age: number): 'M' | 'F' {
    return this.rng.chance(this.pyramid.male[age]!) ? 'M' : 'F';
  }

  age(min: number, max: number): number | null {
    return drawAge(this.rng, this.pyramid, min, max);
  }

  add(relation: Relation, age: number, sex: 'M' | 'F', lineage: boolean): Member {
    const m = { relation, age, sex, lineage };
    this.members.push(m);
    return m;
  }

  /** The head: in a couple usually the man (as registers are usually kept). */
  head(min: number, max: number, inCouple: boolean): Member {
    const age = this.age(min, max) ?? min;
    const sex = inCouple ? (this.rng.chance(0.8) ? 'M' : 'F') : this.sexAt(age);
    return this.add('head', age, sex, sex === 'M' || !inCouple);
  }

  spouse(of: Member, relation: Relation = 'spouse'): Member {
    // Husbands are on average two years older than their wives.
    const gap = Math.round(this.rng.normal() * 3) + (of.sex === 'M' ? -2 : 2);
    const age = Math.min(MAX_AGE, Math.max(20, of.age + gap));
    const sex = other(of.sex);
    return this.add(relation, age, sex, sex === 'M');
  }

  /** A child of parents aged `parentAge` (the younger one): born when they were 20–42. */
  child(parentAge: number, relation: Relation = 'child', maxAge = MAX_AGE): Member | null {
    const age = this.age(parentAge - 42, Math.min(parentAge - 20, maxAge));
    return age === null ? null : this.add(relation, age, this.sexAt(age), true);
  }

  /** A parent of someone aged `age`, lineage when the father of a lineage head. */
  parent(ofAge: number, sex: 'M' | 'F', lineage: boolean): Member | null {
    const age = this.age(ofAge + 20, ofAge + 40);
    return age === null ? null : this.add('parent', age, sex, lineage);
  }
}

/** The younger of a couple (children's ages are bounded by the mother's, roughly). */
const younger = (a: Member, b: Member | undefined): number => (b ? Math.min(a.age, b.age) : a.age);

/** Share of one-person households that are old people (assumption, tuned to the age groups). */
const SINGLE_ELDERLY = 0.45;
/** Share of four-person households that are grandparents with two grandchildren (assumption). */
const SKIP_GENERATION = 0.12;

export function composeFamily(rng: Rng, pyramid: Pyramid, size: number): Composition {
  const b = new Builder(rng, pyramid);
  const r = rng.float();
  let skipGeneration = false;
  /** The head's parents, or the surviving one (more often the mother: women live longer). */
  const parents = (head: Member, both: boolean): void => {
    const lineage = head.lineage && head.sex === 'M';
    if (!both) {
      b.parent(head.age, rng.chance(0.6) ? 'F' : 'M', lineage);
      return;
    }
    const father = b.parent(head.age, 'M', lineage);
    if (father) b.add('parent', Math.min(MAX_AGE, Math.max(father.age - 2, head.age + 20)), 'F', false);
  };
  /** Head with spouse, their adult child with a spouse, and grandchildren. */
  const threeGenerations = (grandchildren: number): void => {
    const head = b.head(45, 85, true);
    const spouse = b.spouse(head);
    const child = b.child(younger(head, spouse), 'child');
    if (!child) return;
    if (child.age < 20) child.age = Math.min(20 + rng.int(0, 10), younger(head, spouse) - 20);
    const inLaw = b.spouse(child, 'other');
    for (let i = 0; i < grandchildren; i++) b.child(younger(child, inLaw), 'grandchild');
  };

  if (size === 1) {
    // Old people living alone, and young adults living on their own.
    if (r < SINGLE_ELDERLY) b.head(60, MAX_AGE, false);
    else b.head(18, 59, false);
  } else if (size === 2) {
    // Couples whose children have left (空巢), young couples, a parent with a grown child.
    if (r < 0.42) b.spouse(b.head(55, MAX_AGE, true));
    else if (r < 0.65) b.spouse(b.head(20, 54, true));
    else {
      const head = b.head(38, MAX_AGE, false);
      b.child(head.age);
    }
  } else if (size === 3) {
    if (r < 0.72) {
      const head = b.head(22, 46, true);
      b.child(younger(head, b.spouse(head)));
    } else if (r < 0.84) {
      const head = b.head(25, 60, true);
      b.spouse(head);
      parents(head, false);
    } else {
      const head = b.head(28, 60, false);
      b.child(head.age);
      b.child(head.age);
    }
  } else if (size === 4) {
    if (r < 0.58) {
      const head = b.head(24, 46, true);
      const y = younger(head, b.spouse(head));
      b.child(y);
      b.child(y);
    } else if (r < 1 - SKIP_GENERATION) {
      const head = b.head(24, 55, true);
      b.child(younger(head, b.spouse(head)));
      parents(head, false);
    } else {
      // Grandparents raising two grandchildren whose parents work elsewhere.
      skipGeneration = true;
      const head = b.head(48, 75, true);
      b.spouse(head);
      for (let i = 0; i < 2; i++) {
        const age = b.age(Math.max(0, head.age - 70), Math.min(17, head.age - 40));
        if (age !== null) b.add('grandchild', age, b.sexAt(age), true);
      }
    }
  } else if (size === 5) {
    if (r < 0.45) {
      const head = b.head(26, 55, true);
      const y = younger(head, b.spouse(head));
      b.child(y);
      b.child(y);
      parents(head, false);
    } else if (r < 0.75) {
      const head = b.head(24, 55, true);
      b.child(younger(head, b.spouse(head)));
      parents(head, true);
    } else threeGenerations(1);
  } else {
    if (r < 0.5) {
      const head = b.head(26, 55, true);
      const y = younger(head, b.spouse(head));
      b.child(y);
      b.child(y);
      parents(head, true);
    } else threeGenerations(2);
  }
  return { kind: 'family', members: b.members, skipGeneration };
}

/** A dormitory: unrelated adults, mostly young and male (factory and construction workers). */
export function composeCollective(rng: Rng, pyramid: Pyramid, size: number): Composition {
  const members: Member[] = [];
  for (let i = 0; i < size; i++) {
    const age = drawAge(rng, pyramid, 16, 55)!;
    const sex = rng.chance(0.62) ? 'M' : 'F';
    members.push({ relation: i === 0 ? 'head' : 'other', age, sex, lineage: false });
  }
  return { kind: 'collective', members, skipGeneration: false };
}
