import { ExperimentOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useT } from '../i18n/i18n';

/** Stays on every page while a demo account is logged in. */
export function DemoBanner() {
  const t = useT();
  return (
    <div data-testid="demo-banner">
      <Alert type="warning" banner showIcon icon={<ExperimentOutlined />} title={t('demo.banner')} />
    </div>
  );
}
