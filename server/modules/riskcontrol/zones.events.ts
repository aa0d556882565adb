import type { EventHandler } from '../../platform/outbox.js';

export const zoneHandlers: readonly EventHandler[] = [];
