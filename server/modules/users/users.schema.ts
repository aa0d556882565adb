import { Type } from 'typebox';
import { ROLES } from '../../../domain/access.js';
import { NullableTimestamp, Paging, Timestamp } from '../../platform/schemas.js';

export const RoleName = Type.Enum(ROLES);

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  jurisdiction: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  isDemo: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  disabled: Type.Boolean(),
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of the username or display name' })),
  role: Type.Optional(RoleName),
  jurisdiction: Type.Optional(Type.String({ maxLength: 20, description: 'Only users in this subtree' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  ...Paging,
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const CreateBody = Type.Object({
  username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleName,
  jurisdictionCode: Type.String({ minLength: 4, maxLength: 20 }),
  password: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'Omit to generate a temporary password' }),
  ),
});

export const UpdateBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(RoleName),
    jurisdictionCode: Type.Optional(Type.String({ minLength: 4, maxLength: 20 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
