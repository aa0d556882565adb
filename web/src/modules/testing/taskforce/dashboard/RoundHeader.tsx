/** The dashboard's title row: a selector over the rounds, the round's status and window. */
import { Button, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import type { ListOf, Round } from '../../api-types';
import { ZoneTag } from '../components/ZoneTag';
import { ROUND_STATUS_LABELS } from '../labels';
import { dashboardMessages } from './dashboard.messages';

export function RoundHeader({ round }: { round: Round }) {
  const t = useT(dashboardMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const rounds = useApi<ListOf<Round>>('/api/testing/rounds', { limit: 100 });
  const options = (rounds.data?.items ?? [round]).map((r) => ({
    value: r.id,
    label: `${r.name} · ${ROUND_STATUS_LABELS[r.status][lang]}`,
  }));
  const status = ROUND_STATUS_LABELS[round.status];

  return (
    <PageHead
      title={
        <Space wrap>
          {t('page.title')}
          <Select<string>
            value={round.id}
            options={options}
            style={{ minWidth: 280 }}
            aria-label={t('round.pick')}
            data-testid="dashboard-round"
            onChange={(id) => void navigate(`/testing/dashboard/${id}`)}
          />
          <Tag color={status.color}>{status[lang]}</Tag>
        </Space>
      }
      subtitle={
        <Space size={[4, 4]} wrap>
          <Typography.Text type="secondary">
            {t('round.window', {
              start: dayjs(round.startsAt).format('YYYY-MM-DD HH:mm'),
              end: dayjs(round.endsAt).format('YYYY-MM-DD HH:mm'),
            })}
          </Typography.Text>
          {round.areas.slice(0, 6).map((a) => (
            <span key={a.code}>
              {a.name} <ZoneTag zone={a.zone} />
            </span>
          ))}
          {round.areas.length > 6 && <Tag>+{round.areas.length - 6}</Tag>}
        </Space>
      }
      extra={
        can(Permission.TestingPlan) &&
        round.status !== 'closed' && (
          <Link to={`/testing/rounds/${round.id}`}>
            <Button>{t('round.edit')}</Button>
          </Link>
        )
      }
    />
  );
}
