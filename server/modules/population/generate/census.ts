/**
 * The documented figures the synthetic city is drawn from. Each constant names its source or says
 * that it is an assumption; docs/POPULATION.md explains them and how close the generated city
 * comes. Change a figure here and in that document together.
 */

export interface CityCensus {
  cityCode: string;
  name: string;
  /** Resident population (常住人口) of each county-level unit, by 6-digit code. */
  counties: Record<string, number>;
  source: string;
  /** Shares of the city's residents by broad age group (0–14, 15–59, 60–64, 65+). */
  ageGroups: { under15: number; from15to59: number; from60to64: number; from65: number };
  /** Male share of the residents. */
  maleShare: number;
  /** Average size of a family household (家庭户). */
  familyHouseholdSize: number;
  /** Share of households that are collective (集体户: dormitories, institutions). */
  collectiveHouseholdShare: number;
}

/**
 * 廊坊市第七次全国人口普查公报 (2020-11-01): county figures in units of 10,000 as published (their
 * sum, 546.41万, matches the city total 5,464,087 to rounding); city-wide age, sex and household
 * figures from the same bulletin.
 */
export const LANGFANG: CityCensus = {
  cityCode: '1310',
  name: '廊坊市',
  counties: {
    '131002': 479_800, // 安次区 47.98万
    '131003': 538_800, // 广阳区 53.88万
    '131022': 576_300, // 固安县 57.63万
    '131023': 384_800, // 永清县 38.48万
    '131024': 449_000, // 香河县 44.90万
    '131025': 481_900, // 大城县 48.19万
    '131026': 544_800, // 文安县 54.48万
    '131028': 171_400, // 大厂回族自治县 17.14万
    '131071': 129_000, // 廊坊经济技术开发区 12.90万
    '131081': 743_200, // 霸州市 74.32万
    '131082': 965_100, // 三河市 96.51万
  },
  source: '廊坊市第七次全国人口普查公报 (2020), county figures rounded to 100 as published',
  // 0–14 19.82%, 15–59 63.33%, 60+ 16.85% of which 65+ 11.68%.
  ageGroups: { under15: 0.1982, from15to59: 0.6333, from60to64: 0.1685 - 0.1168, from65: 0.1168 },
  // 279.13万 male, 267.28万 female (sex ratio 104.43).
  maleShare: 0.5108,
  // 179.53万 family households averaging 2.78 people, and 8.03万 collective ones holding the rest
  // (≈ 8.7% of the residents, ≈ 5.9 a household).
  familyHouseholdSize: 2.78,
  collectiveHouseholdShare: 80_300 / (1_795_300 + 80_300),
};

export const CITIES: Record<string, CityCensus> = { '1310': LANGFANG };

/**
 * For a city without documented figures: an estimate, said so when used — a flat average size per
 * settlement (rural villages ≈ 900 people, urban communities ≈ 6,000), varied as below.
 */
export const ESTIMATE_PER_VILLAGE = 900;
export const ESTIMATE_PER_COMMUNITY = 6000;

/**
 * National five-year age groups of the 2020 census (millions; 0–4 … 95–99, 100+). Used for the
 * shape inside each broad group; the broad groups are scaled to the city's own shares. Sums agree
 * with the national communiqué (0–14 17.95%, 60+ 18.70%, 65+ 13.50%) to 0.1 percentage points.
 */
export const NATIONAL_FIVE_YEAR_BANDS = [
  77.88, 90.24, 85.26, 72.68, 74.94, 91.85, 124.14, 99.01, 93.3, 114.23, 121.16, 101.4, 73.39, 74.01, 49.59,
  31.22, 20.38, 10.58, 3.72, 0.79, 0.12,
] as const;

/** Oldest age generated; the 100+ band is spread over 100–104. */
export const MAX_AGE = 104;

/**
 * Sex ratio (men per woman) by age. Assumption following the 2020 census pattern: about 1.11 among
 * children (sex ratio at birth was high in the 2000s–2010s), near parity in middle age, women the
 * majority among the old. Scaled in pyramid.ts so the city's male share comes out at 51.08%.
 */
export function sexRatioAt(age: number): number {
  if (age < 20) return 1.12;
  if (age < 60) return 1.06;
  if (age < 80) return 0.98;
  return 0.78;
}

/**
 * Family household sizes 1…6, urban and rural. Assumption: shaped like the national 2020 census
 * distribution (1: 25.4%, 2: 29.7%, 3: 21.0%, 4: 13.2%, 5+: 10.8%), urban smaller and rural larger
 * (means 2.66 and 3.03 as drawn; a template now and then comes out one short when no age fits),
 * so that the city's mean comes out near the bulletin's 2.78.
 */
export const FAMILY_SIZE_WEIGHTS = {
  urban: [0.21, 0.3, 0.25, 0.14, 0.06, 0.04],
  rural: [0.15, 0.3, 0.19, 0.17, 0.11, 0.08],
} as const;

/** Collective households: 2–12 unrelated adults (dormitories); mean ≈ 5.9 as in the bulletin. */
export const COLLECTIVE_SIZE = { min: 2, max: 10 } as const;

/**
 * How much larger an urban community is than a rural village, on average. Assumption chosen so
 * that about 60% of the city lives in communities (Langfang's urbanisation rate is a little over
 * 60%); each settlement's size also varies (log-normal, σ = 0.45).
 */
export const URBAN_WEIGHT = 13;
export const SIZE_SPREAD = 0.45;
/** A development zone's 虚拟社区 has few residents of its own. */
export const VIRTUAL_WEIGHT = 0.3;

/**
 * Residence type of a household's members (domain/population.ts): registered (户籍), resident
 * (常住, registered elsewhere, here ≥ 6 months), floating (流动). Assumption: about 15% floating
 * city-wide — third-party summaries put Langfang's floating population near 1 million of 5.5 —
 * concentrated in urban communities and collective households.
 */
export const RESIDENCE_SHARES = {
  urban: { resident: 0.12, floating: 0.13 },
  rural: { resident: 0.05, floating: 0.05 },
  collective: { resident: 0.3, floating: 0.7 },
} as const;

/**
 * Special populations (domain/population.ts SPECIAL_KINDS). Rates are per person of the stated
 * group; sources and derivations in docs/POPULATION.md. "assumption" marks figures without a
 * national source.
 */
export const SPECIAL_RATES = {
  /** Certified disabled (持证残疾人, CDPF ≈ 37.8 M ≈ 2.7%), rising with age. */
  disabled: { under18: 0.008, from18to59: 0.022, from60: 0.06 },
  /** Categories from the 2006 second national sample survey on disability. */
  disabilityCategories: {
    physical: 29.07,
    hearing: 24.16,
    multiple: 16.3,
    visual: 14.86,
    mental: 7.4,
    intellectual: 6.68,
    speech: 1.53,
  },
  /** Levels 1 (most severe) … 4: assumption. */
  disabilityLevels: [0.1, 0.2, 0.3, 0.4],
  /** Haemodialysis (CNRDS ≈ 750,000 patients ≈ 0.054%), adults 30+ only: 0.075% of them. */
  dialysis: 0.00075,
  /**
   * Pregnant at any moment ≈ births × 40/52 weeks; Langfang's birth rate 7.84‰ (2021) → 0.6% of
   * the population, all among women 20–44 (≈ 18% of residents) → 3.3% of them.
   */
  pregnant: 0.033,
  /**
   * On regular medicine for a chronic illness. Hypertension 27.5% and diabetes 11.9% of adults
   * (中国居民营养与慢性病状况报告 2020); the share treated and on a register is an assumption.
   */
  chronic: { from18to44: 0.03, from45to59: 0.15, from60to74: 0.35, from75: 0.45 },
  chronicConditions: [
    ['高血压', '硝苯地平缓释片', 55],
    ['糖尿病', '二甲双胍', 25],
    ['冠心病', '阿司匹林肠溶片', 10],
    ['慢阻肺', '沙美特罗替卡松', 5],
    ['脑卒中后遗症', '阿托伐他汀', 5],
  ] as const,
  /**
   * 低保 by household (Ministry of Civil Affairs 2020: 805万 urban, 3,621万 rural recipients; census
   * urban 902 M, rural 510 M).
   */
  lowIncome: { urban: 0.009, rural: 0.071 },
  /**
   * 特困 (2020: 31万 urban, 446万 rural ≈ 0.034% / 0.87%): all of them among old people living
   * alone here, so the rate is per such person (assumption).
   */
  extremePoverty: { urban: 0.012, rural: 0.25 },
  /** Children 0–17: orphans ≈ 19.3万, unsupported children (事实无人抚养) ≈ 25.3万 of ≈ 298 M. */
  orphan: 0.00065,
  unsupportedChild: 0.00085,
  /** Bedridden or housebound (assumption; ≈ 40 M elderly are disabled or semi-disabled, 18%). */
  immobile: { from60to79: 0.025, from80: 0.12 },
} as const;

/**
 * Grids: a village's households are split into ceil(households / GRID_MAX) grids of nearly equal
 * size, cut at whole buildings (so each grid of a multi-grid village holds 200–400 households,
 * ± half a building).
 */
export const GRID_MAX_HOUSEHOLDS = 400;
/** Rural houses are grouped into rows (排) of 20–40 households: ceil(households / 40) rows. */
export const ROW_MAX_HOUSEHOLDS = 40;
/** Share of apartments occupied at full scale (the rest stand empty or unregistered). */
export const OCCUPANCY = 0.92;
