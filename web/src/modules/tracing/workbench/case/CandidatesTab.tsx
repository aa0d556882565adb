/**
 * 大数据推送: the people who shared a venue (±N minutes) or a location cell (≥M minutes) with the
 * case inside its look-back window, ranked by exposure (computed by the server on demand, with the
 * edition's parameters). The investigator decides each: close contact, secondary contact,
 * space-time companion, or dismissed; close and secondary become contacts of the case at once.
 */
import { App, Button, Grid, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { api } from '../../../../app/api';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import type { Candidate, CandidateDecision, CandidateList } from '../../api-types';
import { PersonName } from '../components/PersonName';
import { CANDIDATE_DECISION_LABELS, CANDIDATE_KIND_LABELS, colorOf, labelOf } from '../labels';
import { rowAttrs } from '../list';
import { workbenchMessages } from '../workbench.messages';
import { caseMessages } from './case.messages';

type Decision = CandidateDecision['decision'];
const SHOWN_PLACES = 3;

/** A venue meeting is a venue exposure; a shared cell is a space-time companion's. */
function exposureOf(candidate: Candidate): CandidateDecision['exposureType'] {
  return candidate.kind === 'cell' ? 'companion' : 'venue';
}

export function CandidatesTab({
  caseId,
  version,
  onDecided,
}: {
  caseId: string;
  version: number;
  onDecided: () => void;
}) {
  const t = useT(caseMessages);
  const tw = useT(workbenchMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [busy, setBusy] = useState<string | null>(null);
  const screens = Grid.useBreakpoint();
  const list = useApi<CandidateList>(`/api/tracing/cases/${caseId}/candidates`, undefined, version);
  const mayDecide = can(Permission.TracingInvestigate);

  const decide = async (candidate: Candidate, decision: Decision) => {
    const body: CandidateDecision = {
      decision,
      ...(decision === 'close' || decision === 'secondary' ? { exposureType: exposureOf(candidate) } : {}),
    };
    setBusy(candidate.personId);
    try {
      await api.post(`/api/tracing/cases/${caseId}/candidates/${candidate.personId}`, body);
      void message.success(t('candidates.decided', { decision: CANDIDATE_DECISION_LABELS[decision][lang] }));
      onDecided();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(null);
    }
  };

  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  const data = list.data;
  return (
    <div className="tracing-stack" style={{ gap: 12 }}>
      {data && (
        <Typography.Text type="secondary" data-testid="candidates-window">
          {t('candidates.window', {
            from: dayjs(data.window.from).format('MM-DD HH:mm'),
            until: dayjs(data.window.until).format('MM-DD HH:mm'),
            venueMinutes: data.params.venueMinutes,
            cellMinutes: data.params.cellMinutes,
          })}{' '}
          · {t('candidates.total', { total: data.total })}
        </Typography.Text>
      )}
      <Table<Candidate>
        rowKey="personId"
        size="small"
        loading={list.loading}
        dataSource={data?.items ?? []}
        pagination={(data?.items.length ?? 0) > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('candidates.empty') }}
        data-testid="candidates-table"
        onRow={(c) =>
          rowAttrs({
            'data-testid': 'candidate-row',
            'data-person': c.personId,
            'data-decision': c.decision ?? '',
          })
        }
        columns={[
          {
            title: t('candidates.rank'),
            key: 'rank',
            width: 48,
            render: (_, __, i) => <span className="num">{i + 1}</span>,
          },
          {
            title: t('candidates.person'),
            key: 'person',
            render: (_, c) => (
              <PersonName
                name={c.name}
                idMasked={c.idMasked}
                phoneMasked={c.phoneMasked}
                personId={c.personId}
                block
              />
            ),
          },
          { title: t('candidates.place'), key: 'place', responsive: ['lg'], render: (_, c) => c.place.name },
          {
            title: t('candidates.kind'),
            dataIndex: 'kind',
            render: (k: Candidate['kind']) => <Tag>{labelOf(CANDIDATE_KIND_LABELS, k, lang)}</Tag>,
          },
          {
            title: t('candidates.minutes'),
            dataIndex: 'minutes',
            sorter: (a, b) => a.minutes - b.minutes,
            render: (m: number) => <b className="num">{tw('common.minutes', { n: m })}</b>,
          },
          {
            title: t('candidates.encounters'),
            dataIndex: 'encounters',
            render: (n: number) => <span className="num">{n}</span>,
          },
          {
            title: t('candidates.period'),
            key: 'period',
            render: (_, c) => (
              <span className="num" style={{ whiteSpace: 'nowrap' }}>
                {dayjs(c.firstAt).format('MM-DD HH:mm')}
                {c.lastAt !== c.firstAt && ` – ${dayjs(c.lastAt).format('HH:mm')}`}
              </span>
            ),
          },
          {
            title: t('candidates.where'),
            key: 'where',
            render: (_, c) => (
              <Space size={[4, 4]} wrap>
                {c.where.slice(0, SHOWN_PLACES).map((w) => (
                  // Venue names in blue; location cells (H3 indexes) plain.
                  <Tag key={w} color={/^[0-9a-f]{15}$/.test(w) ? 'default' : 'blue'}>
                    {w}
                  </Tag>
                ))}
                {c.where.length > SHOWN_PLACES && (
                  <Tooltip title={c.where.slice(SHOWN_PLACES).join('、')}>
                    <Tag>+{c.where.length - SHOWN_PLACES}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('candidates.decision'),
            key: 'decision',
            // Pinned on a desk; on a phone it would cover the person it decides on.
            fixed: screens.md ? 'right' : undefined,
            render: (_, c) => {
              const decided = c.decision && (
                <Tag color={colorOf(CANDIDATE_DECISION_LABELS, c.decision)} data-testid="candidate-decision">
                  {labelOf(CANDIDATE_DECISION_LABELS, c.decision, lang)}
                </Tag>
              );
              if (!mayDecide || c.decision === 'close' || c.decision === 'secondary') {
                return decided ?? (c.contactId ? <Tag>{t('candidates.alreadyContact')}</Tag> : '—');
              }
              const loading = busy === c.personId;
              return (
                <Space size={4} wrap>
                  {decided}
                  <Button
                    size="small"
                    type="primary"
                    danger
                    loading={loading}
                    onClick={() => void decide(c, 'close')}
                    data-testid="candidate-close"
                  >
                    {t('candidates.close')}
                  </Button>
                  <Button
                    size="small"
                    disabled={loading}
                    onClick={() => void decide(c, 'secondary')}
                    data-testid="candidate-secondary"
                  >
                    {t('candidates.secondary')}
                  </Button>
                  {c.decision !== 'companion' && (
                    <Button
                      size="small"
                      disabled={loading}
                      onClick={() => void decide(c, 'companion')}
                      data-testid="candidate-companion"
                    >
                      {t('candidates.companion')}
                    </Button>
                  )}
                  {c.decision !== 'dismissed' && (
                    <Popconfirm
                      title={t('candidates.dismissConfirm', { name: c.name })}
                      onConfirm={() => void decide(c, 'dismissed')}
                    >
                      <Button size="small" type="text" disabled={loading} data-testid="candidate-dismiss">
                        {t('candidates.dismiss')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </div>
  );
}
