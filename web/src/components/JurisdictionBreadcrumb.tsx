/**
 * Ancestors root first, then the jurisdiction itself. Ancestors above the user's home are shown
 * but not clickable (the server flags them inScope: false).
 */
import { HomeOutlined } from '@ant-design/icons';
import { Breadcrumb } from 'antd';
import { Link } from 'react-router';
import type { Jurisdiction } from '../app/api-types';
import { modulePath } from '../app/selection';

export function JurisdictionBreadcrumb({
  ancestors,
  current,
  modulePath: path,
}: {
  ancestors: Jurisdiction[];
  current: Jurisdiction;
  modulePath: string;
}) {
  const items = [
    ...ancestors.map((a, index) => ({
      key: a.code,
      title:
        a.inScope === false ? (
          <span title={a.name}>
            {index === 0 && <HomeOutlined style={{ marginRight: 4 }} />}
            {a.shortName}
          </span>
        ) : (
          <Link to={modulePath(path, a.code)} title={a.name}>
            {index === 0 && <HomeOutlined style={{ marginRight: 4 }} />}
            {a.shortName}
          </Link>
        ),
    })),
    { key: current.code, title: <span data-testid="breadcrumb-current">{current.shortName}</span> },
  ];
  return <Breadcrumb items={items} data-testid="jurisdiction-breadcrumb" />;
}
