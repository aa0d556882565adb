import type { EventHandler } from '../../platform/outbox.js';

export const codeHandlers: readonly EventHandler[] = [];
