/**
 * The look: Ant Design's default algorithm with a deep government blue, a navy sider and compact
 * radii, as command consoles of the kind look.
 */
import type { ThemeConfig } from 'antd';

export const BRAND = {
  primary: '#1a56b8',
  navy: '#0b1f3a',
  navyLight: '#12305a',
  accent: '#f5a524',
  pageBg: '#f0f2f5',
} as const;

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND.primary,
    colorInfo: BRAND.primary,
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: {
      siderBg: BRAND.navy,
      headerBg: '#ffffff',
      bodyBg: BRAND.pageBg,
      headerHeight: 56,
      headerPadding: '0 20px',
    },
    Menu: { darkItemBg: BRAND.navy, darkSubMenuItemBg: '#081830', darkItemSelectedBg: BRAND.primary },
    Table: { headerBg: '#f5f7fa' },
  },
};
