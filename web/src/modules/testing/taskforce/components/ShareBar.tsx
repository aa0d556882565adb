import { Progress, Typography } from 'antd';

/**
 * A coverage share (0..1) as a small progress bar: red under 80%, amber under 95%, green above.
 * null (nobody expected there) is a dash, not 0%.
 */
export function ShareBar({ share, width = 140 }: { share: number | null; width?: number }) {
  if (share === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const value = Math.round(share * 1000) / 10;
  const color = value >= 95 ? '#389e0d' : value >= 80 ? '#f5a524' : '#d4380d';
  return (
    <div style={{ width }} data-share={value}>
      <Progress percent={value} size="small" strokeColor={color} format={(p) => `${p ?? 0}%`} />
    </div>
  );
}
