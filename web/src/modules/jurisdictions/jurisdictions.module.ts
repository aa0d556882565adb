import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Permission } from '../../../../domain/access.js';
import type { AppModule } from '../../app/module';

export const jurisdictionsModule: AppModule = {
  key: 'jurisdictions',
  path: 'jurisdictions',
  label: { zh: '辖区管理', en: 'Jurisdictions' },
  icon: ApartmentOutlined,
  permission: Permission.JurisdictionRead,
  page: lazy(() => import('./jurisdictions.page')),
};
