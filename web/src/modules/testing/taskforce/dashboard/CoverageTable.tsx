/**
 * Coverage of the unit's children (county → town → village → grid → building): expected, exempt,
 * sampled, missing and the share as a bar; a child's name opens it. The unassigned row (people not
 * placed below the unit) cannot be opened.
 */
import { Card, Table, Tooltip, Typography } from 'antd';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { levelLabel } from '../../../../app/i18n/labels';
import type { Coverage, CoverageRow } from '../../api-types';
import { ShareBar } from '../components/ShareBar';
import { dashboardMessages } from './dashboard.messages';

const LEAVES = new Set(['building', 'household', 'unassigned']);

export function CoverageTable({
  coverage,
  loading,
  onOpen,
}: {
  coverage: Coverage | undefined;
  loading: boolean;
  onOpen: (code: string) => void;
}) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const num = (v: number) => <span className="num">{v.toLocaleString()}</span>;
  const total = coverage?.total;
  const childLevel = coverage?.rows.find((r) => r.level !== 'unassigned')?.level;

  return (
    <Card
      size="small"
      title={coverage ? `${coverage.unit.name} · ${t('tab.coverage')}` : t('tab.coverage')}
      extra={
        childLevel && (
          <Typography.Text type="secondary">
            {t('cov.byLevel', { level: levelLabel(childLevel, lang) })}
          </Typography.Text>
        )
      }
    >
      <Table<CoverageRow>
        size="small"
        rowKey={(r) => r.code ?? 'unassigned'}
        loading={loading && !coverage}
        dataSource={coverage?.rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="coverage-table"
        columns={[
          {
            title: t('cov.unit'),
            dataIndex: 'name',
            render: (name: string, row) =>
              row.level === 'unassigned' || row.code === null ? (
                <Typography.Text type="secondary">{t('cov.unassigned')}</Typography.Text>
              ) : LEAVES.has(row.level) ? (
                name
              ) : (
                <a onClick={() => onOpen(row.code!)} data-testid="coverage-drill">
                  {name}
                </a>
              ),
          },
          {
            title: t('cov.expected'),
            dataIndex: 'expected',
            align: 'right',
            sorter: (a, b) => a.expected - b.expected,
            render: num,
          },
          {
            title: t('cov.exempt'),
            dataIndex: 'exemptTotal',
            align: 'right',
            render: (v: number, row) => (
              <Tooltip title={t('cov.exemptDetail', { ...row.exempt })}>{num(v)}</Tooltip>
            ),
          },
          {
            title: t('cov.sampled'),
            dataIndex: 'sampled',
            align: 'right',
            sorter: (a, b) => a.sampled - b.sampled,
            render: num,
          },
          {
            title: t('cov.missing'),
            dataIndex: 'missing',
            align: 'right',
            sorter: (a, b) => a.missing - b.missing,
            render: num,
          },
          {
            title: t('cov.share'),
            dataIndex: 'share',
            width: 170,
            sorter: (a, b) => (a.share ?? 2) - (b.share ?? 2),
            render: (share: number | null) => <ShareBar share={share} />,
          },
        ]}
        summary={() =>
          total && (coverage?.rows.length ?? 0) > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('cov.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {num(total.expected)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {num(total.exemptTotal)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {num(total.sampled)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {num(total.missing)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5}>
                <ShareBar share={total.share} />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
