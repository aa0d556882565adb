import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title row: title and a line of explanation left, actions right. */
export function PageHead({
  title,
  subtitle,
  extra,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        <h2 data-testid="page-title">{title}</h2>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <div>{extra}</div>}
    </div>
  );
}
