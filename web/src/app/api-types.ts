/**
 * The shapes of the API's JSON, written once (they mirror the server's TypeBox schemas in
 * server/modules/<module>/*.schema.ts and *.routes.ts; the OpenAPI document is at /docs/json).
 */
import type { Role } from '../../../domain/access.js';
import type { Level } from '../../../domain/jurisdiction.js';
import type { Localized } from './i18n/i18n';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface SystemInfo {
  name: string;
  version: string;
  demo: boolean;
  city: { code: string; name: string };
  demoAccounts: Array<{ username: string; role: Role; roleLabel: Localized; jurisdictionName: string }>;
  demoPassword: string | null;
}

export interface PlaceRef {
  code: string;
  name: string;
  level: Level;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  permissions: string[];
  jurisdiction: PlaceRef;
  isDemo: boolean;
  mustChangePassword: boolean;
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface Jurisdiction {
  code: string;
  /** Official name. */
  name: string;
  /** Display name (张营村村民委员会 → 张营村). */
  shortName: string;
  level: Level;
  kind: string;
  parentCode: string | null;
  countyCode: string;
  address: string | null;
  source: 'division' | 'user';
  childCount?: number;
  /** Search hits: display names from the user's home down to the parent. */
  trail?: string[];
  /** Ancestors: false above the user's home (shown, not clickable). */
  inScope?: boolean;
}

export interface LevelKindCount {
  level: Level;
  kind: string;
  count: number;
}

export interface JurisdictionDetail {
  jurisdiction: Jurisdiction;
  ancestors: Jurisdiction[];
  counts: LevelKindCount[];
}

export const MAP_METRICS = ['villages', 'communities', 'towns', 'grids', 'buildings'] as const;
export type MapMetric = (typeof MAP_METRICS)[number];

export interface CountyValue {
  code: string;
  name: string;
  value: number;
  onMap: boolean;
}

export interface GeoFeature {
  type: 'Feature';
  id?: string;
  properties?: { name?: string; [key: string]: unknown };
  geometry: unknown;
}

export interface CountyMapData {
  metric: MapMetric;
  cityCode: string;
  geojson: { type: 'FeatureCollection'; features: GeoFeature[] } | null;
  values: CountyValue[];
}

export interface JurisdictionChanged {
  code: string;
  change: 'created' | 'updated' | 'moved' | 'deleted';
  /** The parent after the change (for 'moved': the new grid). */
  parentCode?: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: PlaceRef;
  isDemo: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface CreatedUser {
  user: User;
  temporaryPassword: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string | null; username: string; role: string | null } | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  resourceType: string | null;
  resourceId: string | null;
  countyCode: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntry[];
  next: number | null;
}
