/**
 * The navigation, built from the module registry: only modules the user's permissions allow, in
 * their groups. Links keep the selected jurisdiction.
 */
import { Menu, type MenuProps } from 'antd';
import { createElement, useMemo } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../auth/auth.context';
import { useLang } from '../i18n/i18n';
import { MODULES, NAV_GROUPS } from '../modules';
import { modulePath, useCurrentModule, useSelection } from '../selection';

type Item = Required<MenuProps>['items'][number];

export function SiderNav() {
  const { can } = useAuth();
  const { lang } = useLang();
  const current = useCurrentModule();
  const { code, isHome } = useSelection();
  const keep = code && !isHome ? code : undefined;

  const items = useMemo(() => {
    const allowed = MODULES.filter((m) => can(m.permission));
    const entry = (m: (typeof allowed)[number]): Item => ({
      key: m.key,
      icon: createElement(m.icon),
      label: (
        <Link to={modulePath(m.path, keep)} data-testid={`nav-${m.key}`}>
          {m.label[lang]}
        </Link>
      ),
    });
    const out: Item[] = [];
    for (const m of allowed) {
      if (!m.group) out.push(entry(m));
    }
    for (const group of NAV_GROUPS) {
      const members = allowed.filter((m) => m.group === group.key);
      if (members.length === 0) continue;
      out.push({
        key: `group:${group.key}`,
        icon: createElement(group.icon),
        label: <span data-testid={`nav-group-${group.key}`}>{group.label[lang]}</span>,
        children: members.map(entry),
      });
    }
    return out;
  }, [can, lang, keep]);

  const selected = current ? [current.key] : [];
  const open = NAV_GROUPS.map((g) => `group:${g.key}`);
  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected}
      defaultOpenKeys={open}
      data-testid="sider-nav"
    />
  );
}
