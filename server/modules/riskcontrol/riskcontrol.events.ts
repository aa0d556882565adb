/**
 * The risk-control module's outbox handlers, registered by app.ts on every server.
 */
import type { EventHandler } from '../../platform/outbox.js';
import { codeHandlers } from './codes.events.js';
import { zoneHandlers } from './zones.events.js';

export const riskcontrolHandlers: readonly EventHandler[] = [...zoneHandlers, ...codeHandlers];
