/** The counts of a unit (UnitSummary) as statistic cards. */
import { Card, Statistic, Typography } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import type { UnitSummary } from '../api-types';
import { unitsMessages } from './units.messages';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0' : ((part / whole) * 100).toFixed(1);
}

export function SummaryStats({ summary }: { summary: UnitSummary }) {
  const t = useT(unitsMessages);
  const people = summary.people;
  const residence = (key: string) => summary.byResidence[key] ?? 0;
  const elderly = summary.ageBands
    .filter((b) => b.band.startsWith('60') || b.band.startsWith('80'))
    .reduce((sum, b) => sum + b.count, 0);
  const specials = Object.values(summary.specials).reduce((sum, n) => sum + n, 0);
  const cards = [
    {
      key: 'people',
      value: people,
      note: t('stat.sex', { male: summary.bySex.M ?? 0, female: summary.bySex.F ?? 0 }),
    },
    { key: 'households', value: summary.households, note: '\u00a0' },
    {
      key: 'registered',
      value: residence('registered'),
      note: t('stat.share', { percent: percent(residence('registered'), people) }),
    },
    {
      key: 'resident',
      value: residence('resident'),
      note: t('stat.share', { percent: percent(residence('resident'), people) }),
    },
    {
      key: 'floating',
      value: residence('floating'),
      note: t('stat.share', { percent: percent(residence('floating'), people) }),
    },
    { key: 'elderly', value: elderly, note: t('stat.share', { percent: percent(elderly, people) }) },
    { key: 'specials', value: specials, note: t('stat.specialsNote') },
  ] as const;
  return (
    <div className="population-stats" data-testid="unit-stats">
      {cards.map((card) => (
        <Card key={card.key} data-testid={`unit-stat-${card.key}`} data-value={card.value}>
          <Statistic title={t(`stat.${card.key}`)} value={card.value} />
          <Typography.Text type="secondary" className="population-stat-note">
            {card.note}
          </Typography.Text>
        </Card>
      ))}
    </div>
  );
}
