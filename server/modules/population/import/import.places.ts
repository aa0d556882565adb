/**
 * Where a ledger row's person lives: the village (by 12-digit code or by name), the grid and the
 * building (by name or code under that village), checked against the import's scope.
 *
 * Missing grids and buildings are reported, not created: a typo ("1号楼" / "1号搂") would otherwise
 * create a second building that nobody manages, and grids are units of staff assignment that an
 * officer sets up on purpose (jurisdictions module, with its audit and events).
 *
 * Read-only lookups on `jurisdictions`, cached for the job: one query per distinct village name and
 * one per village for its grids and buildings, whatever the number of rows. (The jurisdictions
 * service has no bulk by-name lookup yet; these queries belong there when it gets one.)
 */
import type { Kysely, Transaction } from 'kysely';
import { countyCodeOf } from '../../../../domain/jurisdiction.js';
import type { Database } from '../../../db/schema.js';
import { type Scope, isInScope } from '../../../platform/scope.js';
import type { ImportField } from './import.fields.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ImportPlace {
  countyCode: string;
  villageCode: string;
  gridCode: string | null;
  buildingCode: string | null;
  jpath: string;
  villageName: string;
  buildingName: string | null;
}

export interface PlaceProblem {
  field: Extract<ImportField, 'village' | 'grid' | 'building'>;
  code: string;
  message: string;
}

interface Unit {
  code: string;
  name: string;
  short_name: string;
  level: string;
  parent_code: string | null;
  jpath: string;
  town: string | null;
}

const OUTSIDE = '不在您的辖区内';
const VILLAGE_SUFFIXES = ['村民委员会', '居民委员会', '村委会', '居委会', '社区', '村'];

const norm = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
/** 1号楼, 1栋, 1幢, 1号 → 1: the ways ledgers write the same building. */
const buildingCore = (text: string): string => norm(text).replace(/(号楼|号|栋|幢|座|楼)$/, '');

function villageStem(text: string): string {
  const t = norm(text);
  for (const suffix of VILLAGE_SUFFIXES)
    if (t.endsWith(suffix) && t.length > suffix.length) return t.slice(0, -suffix.length);
  return t;
}

export class PlaceResolver {
  private readonly byName = new Map<string, Promise<Unit[]>>();
  private readonly byCode = new Map<string, Promise<Unit | undefined>>();
  private readonly units = new Map<string, Promise<Unit[]>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scope: Scope,
  ) {}

  /** The village the scope lies in when the scope is a village, grid or building. */
  private get scopeVillage(): string | null {
    return /^\d{12}/.test(this.scope.jpath) ? this.scope.jpath.slice(0, 12) : null;
  }

  private query(db: Db = this.db) {
    return db
      .selectFrom('jurisdictions as j')
      .leftJoin('jurisdictions as p', 'p.code', 'j.parent_code')
      .select([
        'j.code',
        'j.name',
        'j.short_name',
        'j.level',
        'j.parent_code',
        'j.jpath',
        'p.short_name as town',
      ]);
  }

  private villagesNamed(text: string): Promise<Unit[]> {
    const stem = villageStem(text);
    let found = this.byName.get(stem);
    if (!found) {
      const names = [stem, ...VILLAGE_SUFFIXES.map((s) => stem + s)];
      found = this.query()
        .where('j.level', '=', 'village')
        .where((eb) => eb.or([eb('j.name', 'in', names), eb('j.short_name', 'in', names)]))
        .orderBy('j.code')
        .execute();
      this.byName.set(stem, found);
    }
    return found;
  }

  private unit(code: string, db: Db = this.db): Promise<Unit | undefined> {
    let found = this.byCode.get(code);
    if (!found) {
      found = this.query(db).where('j.code', '=', code).executeTakeFirst();
      this.byCode.set(code, found);
    }
    return found;
  }

  /** Grids and buildings of a village (its path's subtree: a range scan of jurisdictions_jpath). */
  private unitsOf(village: Unit, db: Db = this.db): Promise<Unit[]> {
    let found = this.units.get(village.code);
    if (!found) {
      found = this.query(db).where('j.jpath', 'like', `${village.jpath}/%`).orderBy('j.code').execute();
      this.units.set(village.code, found);
    }
    return found;
  }

  /** Whether a village may hold this import's people: inside the scope, or the village the scope lies in. */
  private reachable(village: Unit): boolean {
    return isInScope(this.scope, village.jpath) || village.code === this.scopeVillage;
  }

  private async village(text: string | null): Promise<Unit | PlaceProblem> {
    const problem = (code: string, message: string): PlaceProblem => ({ field: 'village', code, message });
    if (text === null) {
      const own = this.scopeVillage ? await this.unit(this.scopeVillage) : undefined;
      return own ?? problem('empty', '村（社区）为空：请填写村（社区）名称或12位代码');
    }
    const code = norm(text);
    if (/^\d{12}$/.test(code)) {
      const unit = await this.unit(code);
      if (!unit) return problem('unknown_code', `区划代码${code}不存在`);
      if (unit.level !== 'village') return problem('not_village', `代码${code}不是村（社区）一级的代码`);
      return this.reachable(unit) ? unit : problem('outside', `村（社区）${unit.short_name}${OUTSIDE}`);
    }
    // "落垡镇/张营村" or "落垡镇 张营村" names the town too, for villages whose names repeat.
    const parts = text.split(/[/／\\>›\s]+/).filter(Boolean);
    const [townText, villageText] = parts.length >= 2 ? [parts.at(-2)!, parts.at(-1)!] : [null, text];
    let candidates = await this.villagesNamed(villageText);
    if (townText)
      candidates = candidates.filter((c) => c.town !== null && norm(c.town).startsWith(norm(townText)));
    if (candidates.length === 0)
      return problem('unknown_village', `找不到村（社区）“${text}”，请核对名称或填写12位代码`);
    const reachable = candidates.filter((c) => this.reachable(c));
    if (reachable.length === 0) return problem('outside', `村（社区）“${text}”${OUTSIDE}`);
    if (reachable.length > 1) {
      const towns = reachable.map((c) => c.town ?? '?').join('、');
      return problem(
        'ambiguous',
        `有${reachable.length}个同名村（社区）（${towns}），请填写12位代码或“镇名/村名”`,
      );
    }
    return reachable[0]!;
  }

  /**
   * Display names of a stored person's village and building (for the household address). Called
   * inside a batch's transaction: it must query through that transaction (`tx`), since the embedded
   * database has one connection and a query beside the transaction would wait for it forever.
   */
  async names(
    tx: Db,
    villageCode: string,
    buildingCode: string | null,
  ): Promise<{ village: string; building: string | null }> {
    const village = await this.unit(villageCode, tx);
    if (!village) return { village: villageCode, building: null };
    const building = buildingCode
      ? (await this.unitsOf(village, tx)).find((u) => u.code === buildingCode)
      : undefined;
    return { village: village.short_name, building: building?.short_name ?? null };
  }

  async resolve(texts: {
    village: string | null;
    grid: string | null;
    building: string | null;
  }): Promise<{ place: ImportPlace } | { problem: PlaceProblem }> {
    const village = await this.village(texts.village);
    if ('field' in village) return { problem: village };
    const units = await this.unitsOf(village);
    let grid: Unit | undefined;
    if (texts.grid !== null) {
      const g = norm(texts.grid);
      const bare = (name: string): string => norm(name).replace(norm(village.short_name), '');
      const matches = units.filter(
        (u) =>
          u.level === 'grid' &&
          (norm(u.code) === g ||
            (/^G\d+$/.test(g) && norm(u.code).endsWith(g)) ||
            norm(u.name) === g ||
            bare(u.name) === bare(g)),
      );
      if (matches.length !== 1) {
        return {
          problem: {
            field: 'grid',
            code: 'unknown_grid',
            message: `${village.short_name}没有网格“${texts.grid}”`,
          },
        };
      }
      grid = matches[0];
    }
    let building: Unit | undefined;
    if (texts.building !== null) {
      const b = norm(texts.building);
      const inGrid = units.filter((u) => u.level === 'building' && (!grid || u.parent_code === grid.code));
      let matches = inGrid.filter(
        (u) => norm(u.code) === b || norm(u.name) === b || norm(u.short_name) === b,
      );
      if (matches.length === 0)
        matches = inGrid.filter((u) => buildingCore(u.name) === buildingCore(texts.building!));
      if (matches.length === 0) {
        const message = `${village.short_name}${grid ? grid.short_name : ''}没有楼栋“${texts.building}”；请先在“辖区管理”中添加该楼栋，或核对名称`;
        return { problem: { field: 'building', code: 'unknown_building', message } };
      }
      if (matches.length > 1) {
        const message = `${village.short_name}有${matches.length}个名为“${texts.building}”的楼栋，请填写网格`;
        return { problem: { field: 'building', code: 'ambiguous_building', message } };
      }
      building = matches[0];
      grid ??= units.find((u) => u.code === building!.parent_code);
    }
    // A grid worker's rows without a grid belong to the worker's own grid.
    if (!grid && !building && this.scope.jpath.startsWith(`${village.jpath}/`)) {
      grid = units.find((u) => u.level === 'grid' && this.scope.jpath.startsWith(u.jpath));
    }
    const jpath = (building ?? grid ?? village).jpath;
    if (!isInScope(this.scope, jpath)) {
      const field = building ? 'building' : grid ? 'grid' : 'village';
      const what = building?.short_name ?? grid?.short_name ?? village.short_name;
      return { problem: { field, code: 'outside', message: `${what}${OUTSIDE}` } };
    }
    return {
      place: {
        countyCode: countyCodeOf(village.code),
        villageCode: village.code,
        gridCode: grid?.code ?? null,
        buildingCode: building?.code ?? null,
        jpath,
        villageName: village.short_name,
        buildingName: building?.short_name ?? null,
      },
    };
  }
}
