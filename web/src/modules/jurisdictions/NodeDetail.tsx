/** The selected unit: names, code, level and kind, parent, address, source and what lies below. */
import { Alert, Card, Descriptions, Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { levelRank } from '../../../../domain/jurisdiction.js';
import type { JurisdictionDetail, LevelKindCount } from '../../app/api-types';
import { parens, useLang, useT } from '../../app/i18n/i18n';
import { kindLabel, levelLabel } from '../../app/i18n/labels';
import { modulePath } from '../../app/selection';
import { JurisdictionBreadcrumb } from '../../components/JurisdictionBreadcrumb';
import { jurisdictionsMessages } from './jurisdictions.messages';

export function NodeDetail({
  detail,
  actions,
  canManage,
}: {
  detail: JurisdictionDetail;
  actions: ReactNode;
  canManage: boolean;
}) {
  const t = useT(jurisdictionsMessages);
  const { lang } = useLang();
  const node = detail.jurisdiction;
  const parent = detail.ancestors.at(-1);
  const none = t('detail.none');
  // Level and kind in both languages: the official Chinese term is what officers say.
  const both = (zh: string, en: string) => (lang === 'zh' ? `${zh}${parens(en, lang)}` : `${en} · ${zh}`);

  return (
    <Card
      data-testid="jurisdiction-detail"
      data-code={node.code}
      title={
        <div style={{ padding: '12px 0 8px' }}>
          <JurisdictionBreadcrumb ancestors={detail.ancestors} current={node} modulePath="jurisdictions" />
          <div style={{ fontSize: 18, marginTop: 4 }}>{node.shortName}</div>
        </div>
      }
      extra={actions}
    >
      {node.source === 'division' && (
        <Alert type="info" showIcon title={t('detail.readOnly')} style={{ marginBottom: 16 }} />
      )}
      {!canManage && node.source === 'user' && (
        <Alert type="info" showIcon title={t('detail.noManage')} style={{ marginBottom: 16 }} />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
        styles={{ label: { width: 120 } }}
        items={[
          { key: 'official', label: t('detail.officialName'), children: node.name },
          { key: 'display', label: t('detail.displayName'), children: node.shortName },
          { key: 'code', label: t('detail.code'), children: <span className="num">{node.code}</span> },
          {
            key: 'level',
            label: t('detail.level'),
            children: both(levelLabel(node.level, 'zh'), levelLabel(node.level, 'en')),
          },
          {
            key: 'kind',
            label: t('detail.kind'),
            children: both(kindLabel(node.level, node.kind, 'zh'), kindLabel(node.level, node.kind, 'en')),
          },
          {
            key: 'parent',
            label: t('detail.parent'),
            children: parent ? (
              parent.inScope === false ? (
                parent.shortName
              ) : (
                <Link to={modulePath('jurisdictions', parent.code)}>{parent.shortName}</Link>
              )
            ) : (
              none
            ),
          },
          {
            key: 'source',
            label: t('detail.source'),
            children:
              node.source === 'division' ? (
                <Tag>{t('detail.sourceDivision')}</Tag>
              ) : (
                <Tag color="purple">{t('detail.sourceUser')}</Tag>
              ),
          },
          { key: 'children', label: t('detail.children'), children: node.childCount ?? 0 },
          ...(node.level === 'building'
            ? [
                {
                  key: 'address',
                  label: t('detail.address'),
                  children: node.address ?? none,
                  span: 'filled' as const,
                },
              ]
            : []),
        ]}
      />
      {node.level !== 'building' && (
        <>
          <h4 style={{ margin: '20px 0 8px' }}>{t('detail.counts')}</h4>
          <Table<LevelKindCount>
            size="small"
            pagination={false}
            rowKey={(row) => `${row.level}:${row.kind}`}
            dataSource={[...detail.counts].sort(
              (a, b) => levelRank(a.level) - levelRank(b.level) || b.count - a.count,
            )}
            locale={{ emptyText: t('detail.noCounts') }}
            data-testid="jurisdiction-counts"
            columns={[
              {
                title: t('detail.countsLevel'),
                dataIndex: 'level',
                render: (l: string) => levelLabel(l, lang),
              },
              {
                title: t('detail.countsKind'),
                key: 'kind',
                render: (_, row) => kindLabel(row.level, row.kind, lang),
              },
              {
                title: t('detail.countsCount'),
                dataIndex: 'count',
                align: 'right',
                render: (n: number) => <span className="num">{n.toLocaleString()}</span>,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
