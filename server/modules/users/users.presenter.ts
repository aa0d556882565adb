import type { Static } from 'typebox';
import type { UserWithPlace } from './users.repo.js';
import type { User } from './users.schema.js';

/** The JSON shape of an account. Never the password hash. */
export function presentUser(row: UserWithPlace): Static<typeof User> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name, level: row.jurisdiction_level },
    isDemo: row.is_demo,
    mustChangePassword: row.must_change_password,
    disabled: row.disabled_at !== null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
