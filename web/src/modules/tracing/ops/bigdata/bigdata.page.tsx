/**
 * 大数据导入 at /tracing/bigdata (tracing.ingest): upload venue-scan and location-ping files and
 * read their reports, the past imports (reloaded while one is still running), and the venues the
 * scans name.
 */
import { Card, Col, Row } from 'antd';
import { useEffect, useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import type { ExposureImport } from '../../api-types';
import { itemsOf, type ListAnswer } from '../components/list';
import { bigdataMessages } from './bigdata.messages';
import { ExposureUpload } from './ExposureUpload';
import { ImportsTable } from './ImportsTable';
import { VenuesCard } from './VenuesCard';

const RUNNING_POLL_MS = 3_000;

export default function BigdataPage() {
  const t = useT(bigdataMessages);
  const { can } = useAuth();
  const [version, setVersion] = useState(0);
  const list = useApi<ListAnswer<ExposureImport>>('/api/tracing/exposures', { pageSize: 50 }, version);
  const imports = itemsOf(list.data);
  const running = imports.some((i) => i.status === 'running');

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setVersion((v) => v + 1), RUNNING_POLL_MS);
    return () => clearTimeout(timer);
  }, [running, version]);

  return (
    <div data-testid="tracing-bigdata">
      <PageHead title={t('page.title')} subtitle={t('page.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <ExposureUpload onImported={() => setVersion((v) => v + 1)} />
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('imports.title')}>
            {list.error && !list.data ? (
              <ErrorState error={list.error} onRetry={list.reload} />
            ) : (
              <ImportsTable imports={imports} loading={list.loading && !list.data} />
            )}
          </Card>
        </Col>
        <Col span={24}>
          <VenuesCard canCreate={can(Permission.TracingIngest)} />
        </Col>
      </Row>
    </div>
  );
}
