/**
 * The tracing module's outbox handlers, registered by app.ts on every server.
 */
import type { EventHandler } from '../../platform/outbox.js';
import { caseHandlers } from './cases.events.js';
import { chainHandlers } from './chains.events.js';

export const tracingHandlers: readonly EventHandler[] = [...caseHandlers, ...chainHandlers];
