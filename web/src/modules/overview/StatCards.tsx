import {
  BankOutlined,
  BorderOuterOutlined,
  ClusterOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Empty, Statistic, Typography } from 'antd';
import type { ComponentType } from 'react';
import { createElement } from 'react';
import type { Level } from '../../../../domain/jurisdiction.js';
import type { LevelKindCount } from '../../app/api-types';
import { useLang, useT } from '../../app/i18n/i18n';
import { kindLabel } from '../../app/i18n/labels';
import { overviewMessages } from './overview.messages';
import { statCards } from './stats';

const ICONS: Record<string, { icon: ComponentType; color: string }> = {
  counties: { icon: BankOutlined, color: '#1a56b8' },
  towns: { icon: ClusterOutlined, color: '#13a8a8' },
  villages: { icon: EnvironmentOutlined, color: '#389e0d' },
  communities: { icon: TeamOutlined, color: '#d48806' },
  grids: { icon: BorderOuterOutlined, color: '#722ed1' },
  buildings: { icon: HomeOutlined, color: '#c41d7f' },
};

export function StatCards({ level, counts }: { level: Level; counts: readonly LevelKindCount[] }) {
  const t = useT(overviewMessages);
  const { lang } = useLang();
  const cards = statCards(level, counts);
  if (cards.length === 0) {
    return (
      <Card>
        <Empty description={t('stat.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </Card>
    );
  }
  return (
    <div className="stat-cards">
      {cards.map((card) => {
        const look = ICONS[card.key]!;
        const breakdown =
          card.others !== undefined
            ? t('stat.otherVillages', { count: card.others })
            : card.kinds.length > 1
              ? card.kinds.map((k) => `${kindLabel(card.level, k.kind, lang)} ${k.count}`).join(' · ')
              : '\u00a0';
        return (
          <Card key={card.key} className="stat-card" data-testid={`stat-${card.key}`} data-value={card.total}>
            <div className="stat-card-icon" style={{ color: look.color, background: `${look.color}14` }}>
              {createElement(look.icon)}
            </div>
            <Statistic title={t(card.label)} value={card.total} />
            <Typography.Text type="secondary" className="stat-card-breakdown" title={breakdown}>
              {breakdown}
            </Typography.Text>
          </Card>
        );
      })}
    </div>
  );
}
