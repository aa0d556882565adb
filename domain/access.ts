/**
 * Roles and permissions: the one permission enum, checked at the route (route config) and again in
 * the service. Pure data — the web app uses it to show only what a user may do.
 *
 * A permission says what a user may do; the user's home jurisdiction says where. Every scoped read
 * and write is limited to the subtree of the home jurisdiction (see server/platform/scope.ts).
 */
import { levelRank, type Level } from './jurisdiction.js';

export const Permission = {
  /** See jurisdictions (divisions, grids, buildings) in one's subtree. */
  JurisdictionRead: 'jurisdiction.read',
  /** Create, rename, move and delete grids and buildings in one's subtree. */
  JurisdictionManage: 'jurisdiction.manage',
  /** List and view accounts in one's subtree. */
  UserRead: 'user.read',
  /** Create accounts, set role and jurisdiction, disable, reset passwords in one's subtree. */
  UserManage: 'user.manage',
  /** Read the audit log of one's subtree. */
  AuditRead: 'audit.read',
  /** Receive live events (server-sent events) of one's subtree. */
  LiveSubscribe: 'live.subscribe',
  /** Find and view people, households and special populations of one's subtree — masked. */
  PopulationRead: 'population.read',
  /** Add and edit people, households, special populations and grid staff; import ledgers. */
  PopulationManage: 'population.manage',
  /** See a person's full ID number and phones, one reveal at a time, with a reason (audited). */
  PopulationReveal: 'population.reveal',
  /** Export lists of people to Excel (masked). */
  PopulationExport: 'population.export',
  /** See testing rounds, coverage, alerts, turnaround and daily reports of one's subtree. */
  TestingRead: 'testing.read',
  /** Plan rounds (areas, zones, pooling), sampling sites, teams and labs. */
  TestingPlan: 'testing.plan',
  /** Open tubes, put people into them, close and ship them; record door-to-door and recheck samples. */
  TestingSample: 'testing.sample',
  /** Receive boxes and tubes at a lab and record or upload their results. */
  TestingLab: 'testing.lab',
  /** Exempt people from a round (in hospital, in isolation, away with a reason). */
  TestingExempt: 'testing.exempt',
  /** See cases, contacts, clusters, assist notices and tracing dashboards of one's subtree (masked). */
  TracingRead: 'tracing.read',
  /** Investigate cases: interview, itinerary, calls, contacts, big-data candidates, outgoing assist notices. */
  TracingInvestigate: 'tracing.investigate',
  /** Report a case by hand (a hospital's report, an incoming notice read out on the phone). */
  TracingReport: 'tracing.report',
  /** Assign cases to investigators and teams; form joint teams by area (分片包干). */
  TracingAssign: 'tracing.assign',
  /** Move contacts through notification, transfer and isolation to release. */
  TracingControl: 'tracing.control',
  /** Load big-data exposure files (venue-code scans, location pings); manage venues and assist peers. */
  TracingIngest: 'tracing.ingest',
  /** See zones, checkpoints and their rosters, passes and checkpoint statistics of one's subtree. */
  RiskRead: 'risk.read',
  /** Declare, link, lift and step down zones; seal a jurisdiction (its gates); staff gates. */
  RiskZones: 'risk.zones',
  /** Set up checkpoints, their policies per direction and their three-shift rosters. */
  RiskCheckpoints: 'risk.checkpoints',
  /** Check passes and people's codes at a checkpoint (every check is logged). */
  RiskVerify: 'risk.verify',
  /** Apply for passes (通行证) for an enterprise's vehicles and staff, or a community's residents. */
  PassApply: 'pass.apply',
  /** Approve, reject and revoke passes of one's subtree. */
  PassApprove: 'pass.approve',
  /** Look up a person's health code with its reasons (audited). */
  HealthCodeRead: 'healthcode.read',
  /** Record companion marks, arrivals and other provinces' colours; the test-recency policy; recompute. */
  HealthCodeManage: 'healthcode.manage',
} as const;

export type Permission = (typeof Permission)[keyof typeof Permission];
export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

export const ROLES = [
  'city_commander',
  'city_admin',
  'county_admin',
  'town_admin',
  'village_worker',
  'grid_worker',
  'sampler',
  'lab_technician',
  'investigator',
  'checkpoint_officer',
  'isolation_manager',
  'hospital_staff',
  'supply_officer',
  'hotline_operator',
  'enterprise_liaison',
] as const;

export type Role = (typeof ROLES)[number];

export interface RoleDefinition {
  /** Levels of home jurisdiction this role may be given. */
  levels: readonly Level[];
  /** Administrators manage accounts; they may only create other administrators below themselves. */
  admin: boolean;
  permissions: readonly Permission[];
  label: { zh: string; en: string };
}

const P = Permission;
const FIELD = [P.JurisdictionRead, P.LiveSubscribe, P.PopulationRead] as const;
/** Front-line roles that call or visit people and so need their real numbers, one reveal at a time. */
const CONTACT = [...FIELD, P.PopulationReveal] as const;
/**
 * Administrators keep the ledger of their area (import, edit, export) but see identifiers masked:
 * managing accounts and data is not a reason to read ID numbers.
 */
const ADMIN = [
  P.JurisdictionRead,
  P.JurisdictionManage,
  P.UserRead,
  P.UserManage,
  P.AuditRead,
  P.LiveSubscribe,
  P.PopulationRead,
  P.PopulationManage,
  P.PopulationExport,
  P.TestingRead,
  P.TestingPlan,
  P.TestingExempt,
  P.TracingRead,
  P.TracingAssign,
  P.RiskRead,
  P.RiskZones,
  P.RiskCheckpoints,
  P.PassApprove,
] as const;

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  city_commander: {
    levels: ['city'],
    admin: false,
    permissions: [
      P.JurisdictionRead,
      P.UserRead,
      P.LiveSubscribe,
      P.PopulationRead,
      P.PopulationExport,
      P.TestingRead,
      P.TracingRead,
      P.RiskRead,
    ],
    label: { zh: '市指挥长', en: 'City commander' },
  },
  city_admin: {
    levels: ['city'],
    admin: true,
    permissions: ADMIN,
    label: { zh: '市级管理员', en: 'City administrator' },
  },
  county_admin: {
    levels: ['county'],
    admin: true,
    permissions: ADMIN,
    label: { zh: '县（区）管理员', en: 'County administrator' },
  },
  town_admin: {
    levels: ['town'],
    admin: true,
    permissions: ADMIN,
    label: { zh: '乡镇（街道）管理员', en: 'Town administrator' },
  },
  village_worker: {
    levels: ['village'],
    admin: false,
    permissions: [
      ...CONTACT,
      P.JurisdictionManage,
      P.PopulationManage,
      P.PopulationExport,
      P.TestingRead,
      P.TestingSample,
      P.TestingExempt,
      P.RiskRead,
      P.RiskVerify,
      P.PassApply,
      P.HealthCodeRead,
    ],
    label: { zh: '村（社区）工作人员', en: 'Village / community worker' },
  },
  grid_worker: {
    levels: ['village', 'grid'],
    admin: false,
    permissions: [
      ...CONTACT,
      P.JurisdictionManage,
      P.PopulationManage,
      P.PopulationExport,
      P.TestingRead,
      P.TestingSample,
      P.TestingExempt,
      P.RiskRead,
      P.RiskVerify,
      P.PassApply,
      P.HealthCodeRead,
    ],
    label: { zh: '网格员', en: 'Grid worker' },
  },
  sampler: {
    levels: ['city', 'county', 'town', 'village'],
    admin: false,
    permissions: [...FIELD, P.TestingRead, P.TestingSample],
    label: { zh: '采样人员', en: 'Sampler' },
  },
  lab_technician: {
    levels: ['city', 'county'],
    admin: false,
    permissions: [...FIELD, P.TestingRead, P.TestingLab],
    label: { zh: '检测人员', en: 'Lab technician' },
  },
  investigator: {
    levels: ['city', 'county', 'town'],
    admin: false,
    permissions: [
      ...CONTACT,
      P.TestingRead,
      P.TracingRead,
      P.TracingInvestigate,
      P.TracingReport,
      P.TracingControl,
      P.TracingIngest,
      P.HealthCodeRead,
      P.HealthCodeManage,
    ],
    label: { zh: '流调人员', en: 'Investigator' },
  },
  checkpoint_officer: {
    levels: ['city', 'county', 'town', 'village'],
    admin: false,
    permissions: [...FIELD, P.RiskRead, P.RiskVerify, P.HealthCodeRead],
    label: { zh: '卡口值守人员', en: 'Checkpoint officer' },
  },
  isolation_manager: {
    levels: ['city', 'county', 'town'],
    admin: false,
    permissions: [...CONTACT, P.TracingRead, P.TracingControl, P.HealthCodeRead],
    label: { zh: '隔离点管理员', en: 'Isolation-site manager' },
  },
  hospital_staff: {
    levels: ['city', 'county'],
    admin: false,
    permissions: [...CONTACT, P.TracingRead, P.TracingReport, P.HealthCodeRead],
    label: { zh: '医疗救治人员', en: 'Hospital staff' },
  },
  supply_officer: {
    levels: ['city', 'county', 'town', 'village'],
    admin: false,
    permissions: [...CONTACT, P.RiskRead, P.PassApply],
    label: { zh: '物资保障人员', en: 'Supply officer' },
  },
  hotline_operator: {
    levels: ['city', 'county'],
    admin: false,
    permissions: [...CONTACT, P.HealthCodeRead],
    label: { zh: '热线接线员', en: 'Hotline operator' },
  },
  // An enterprise's or supply unit's contact person: applies for its vehicles' and staff's passes
  // (Beijing enterprises' supply vehicles, 三定) and sees nothing of the population.
  enterprise_liaison: {
    levels: ['county', 'town', 'village'],
    admin: false,
    permissions: [P.JurisdictionRead, P.LiveSubscribe, P.PassApply],
    label: { zh: '企业联络员', en: 'Enterprise liaison' },
  },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_DEFINITIONS[role].permissions.includes(permission);
}

export function roleAllowedAt(role: Role, level: Level): boolean {
  return ROLE_DEFINITIONS[role].levels.includes(level);
}

/**
 * Whether an administrator at `actorLevel` may give `role` to someone. Non-admin roles: yes.
 * Admin roles: only strictly below the actor's own level, so nobody can mint a peer or a superior —
 * except the city administrator, who is the root of the deployment.
 */
export function canAssignRole(actorRole: Role, role: Role): boolean {
  if (!ROLE_DEFINITIONS[actorRole].admin) return false;
  if (actorRole === 'city_admin') return true;
  const target = ROLE_DEFINITIONS[role];
  if (!target.admin) return true;
  const actorTop = Math.min(...ROLE_DEFINITIONS[actorRole].levels.map(levelRank));
  const targetTop = Math.min(...target.levels.map(levelRank));
  return targetTop > actorTop;
}

/** Password rules, shared so the web form can explain them before the server refuses. */
export const PASSWORD_MIN_LENGTH = 8;

export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (password.length > 128) problems.push('too_long');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('needs_letters_and_digits');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}
