/** Pool-size advice and staffing for one of the round's areas (the first one until another is picked). */
import { Empty, Select, Space } from 'antd';
import { useState } from 'react';
import { useT } from '../../../../app/i18n/i18n';
import type { AreaValue } from './AreasField';
import { PoolAdvicePanel } from './PoolAdvicePanel';
import { roundsMessages } from './rounds.messages';
import { StaffingPanel } from './StaffingPanel';

export function PlanningAdvice({ areas, roundId }: { areas: AreaValue[]; roundId: string | null }) {
  const t = useT(roundsMessages);
  const [picked, setPicked] = useState<string>();
  const code = areas.some((a) => a.code === picked) ? picked : areas[0]?.code;
  if (!code) return <Empty description={t('advice.pickArea')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="round-advice">
      <Select<string>
        value={code}
        onChange={setPicked}
        style={{ width: '100%' }}
        prefix={t('advice.area')}
        options={areas.map((a) => ({ value: a.code, label: a.name }))}
      />
      <PoolAdvicePanel jurisdiction={code} />
      <StaffingPanel jurisdiction={code} roundId={roundId} />
    </Space>
  );
}
