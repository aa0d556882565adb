/**
 * 采样点 of the selected area: the staffing its population needs against the sites and teams it
 * has, the sites with their teams, and the labs. Editing needs testing.plan.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { parseJurisdictionCode } from '../../../../../../domain/jurisdiction.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { useSelection } from '../../../../app/selection';
import { BadCodeState, ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { PageHead } from '../../../../components/PageHead';
import { fieldMessages } from '../field.messages';
import type { Staffing } from '../field-types';
import { useActiveRounds, useLabs, useSites } from '../use-field-data';
import { LabFormModal } from './LabFormModal';
import { LabsCard } from './LabsCard';
import { SiteFormModal } from './SiteFormModal';
import { type SiteDialog, SitesTable } from './SitesTable';
import { sitesMessages } from './sites.messages';
import { StaffingCard } from './StaffingCard';
import { TeamFormModal } from './TeamFormModal';
import '../field.css';

export default function SitesPage() {
  const t = useT(sitesMessages);
  const tf = useT(fieldMessages);
  const { can } = useAuth();
  const canPlan = can(Permission.TestingPlan);
  const selection = useSelection();
  const code = selection.code;
  const [version, setVersion] = useState(0);
  const [dialog, setDialog] = useState<SiteDialog | { kind: 'lab' } | null>(null);
  const [roundId, setRoundId] = useState<string | null>(null);
  const rounds = useActiveRounds();
  const sites = useSites(code, version);
  const labs = useLabs(version);
  const staffing = useApi<Staffing>(
    code ? '/api/testing/staffing' : null,
    { jurisdiction: code, roundId },
    version,
  );

  if (!code) return <BadCodeState code={selection.raw} />;
  if (sites.error) return <ErrorState error={sites.error} target={selection.raw} onRetry={sites.reload} />;
  if (!sites.data) return <PageLoading />;
  const saved = () => {
    setDialog(null);
    setVersion((v) => v + 1);
  };
  // A site belongs to a village: a village page suggests itself in the form.
  const village = parseJurisdictionCode(code)?.level === 'village' ? code : null;

  return (
    <div className="field-stack" data-testid="sites-page">
      <PageHead
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        extra={
          <Select
            style={{ minWidth: 200 }}
            value={roundId ?? ''}
            aria-label={tf('round.label')}
            onChange={(value: string) => setRoundId(value || null)}
            options={[
              { value: '', label: tf('round.any') },
              ...(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.name })),
            ]}
          />
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          {staffing.data ? (
            <StaffingCard staffing={staffing.data} />
          ) : staffing.error ? (
            <ErrorState error={staffing.error} onRetry={staffing.reload} />
          ) : (
            <Card loading />
          )}
        </Col>
        <Col xs={24} xl={14}>
          <LabsCard
            labs={labs.data?.items ?? []}
            canPlan={canPlan}
            onAdd={() => setDialog({ kind: 'lab' })}
          />
        </Col>
      </Row>
      <Card
        size="small"
        title={t('sites.title', { count: sites.data.items.length })}
        extra={
          canPlan && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ kind: 'site', site: null })}
              data-testid="site-add"
            >
              {t('sites.add')}
            </Button>
          )
        }
      >
        <SitesTable sites={sites.data.items} canPlan={canPlan} onDialog={setDialog} onChanged={saved} />
      </Card>
      {dialog?.kind === 'site' && (
        <SiteFormModal
          site={dialog.site}
          defaultVillage={village}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      {dialog?.kind === 'team' && (
        <TeamFormModal
          siteId={dialog.siteId}
          team={dialog.team}
          onClose={() => setDialog(null)}
          onSaved={saved}
        />
      )}
      {dialog?.kind === 'lab' && (
        <LabFormModal jurisdiction={code} onClose={() => setDialog(null)} onSaved={saved} />
      )}
    </div>
  );
}
