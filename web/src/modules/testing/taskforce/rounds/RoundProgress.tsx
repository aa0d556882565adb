import { Typography } from 'antd';
import { useApi } from '../../../../app/use-api';
import type { Coverage, Round } from '../../api-types';
import { ShareBar } from '../components/ShareBar';

/** The round's sampled share over what the user sees of it, or a dash while unknown. */
export function RoundProgress({ round, version }: { round: Round; version: number }) {
  const { data, error } = useApi<Coverage>(`/api/testing/rounds/${round.id}/coverage`, undefined, version);
  if (error || !data) return <Typography.Text type="secondary">—</Typography.Text>;
  const { sampled, expected } = data.total;
  return (
    <span title={`${sampled.toLocaleString()} / ${expected.toLocaleString()}`}>
      <ShareBar share={data.total.share} />
    </span>
  );
}
