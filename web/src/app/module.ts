/**
 * What a module of the web app declares to the shell. Adding a module = a folder
 * web/src/modules/<name> with a `<name>.module.tsx` exporting one of these, plus one line in
 * modules.ts. The shell builds the navigation and the routes from the list.
 */
import type { ComponentType, LazyExoticComponent } from 'react';
import type { Permission } from '../../../domain/access.js';
import type { Localized } from './i18n/i18n';

export type NavGroup = 'population' | 'testing' | 'tracing' | 'risk' | 'admin';

export interface AppModule {
  /** Stable id, also the menu key. */
  key: string;
  /** URL path without the leading slash; the page is at /<path>/:code? (code = selected jurisdiction). */
  path: string;
  label: Localized;
  icon: ComponentType;
  /** Shown and routed only for users who have it. */
  permission: Permission;
  /** Sub-menu the entry sits in; none = top level. */
  group?: NavGroup;
  page: LazyExoticComponent<ComponentType>;
}

export interface NavGroupDefinition {
  key: NavGroup;
  label: Localized;
  icon: ComponentType;
}
