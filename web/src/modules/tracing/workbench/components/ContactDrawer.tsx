/**
 * One contact: who they are (masked), why they are a contact (each link: the case that named them
 * or the close contact they were exposed through), the quarantine plan day by day, their secondary
 * contacts (and adding one), the calls made to them, and the lifecycle's next moves.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Grid, List, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useLiveEvent } from '../../../../app/live/live.context';
import { ErrorState, PageLoading } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import type { ContactDetail, ContactSummary } from '../../api-types';
import {
  EXPOSURE_TYPE_LABELS,
  LINK_SOURCE_LABELS,
  labelOf,
  QUARANTINE_SETTING_LABELS,
  releaseBlockerText,
} from '../labels';
import { useNow } from '../use-now';
import { workbenchMessages } from '../workbench.messages';
import { ContactActions } from './ContactActions';
import { ContactFormModal } from './ContactFormModal';
import { PersonName } from './PersonName';
import { PlanCell } from './PlanCell';
import { CallOutcomeTag, ContactStatusTag, DegreeTag } from './Tags';

const ACTIVE = new Set([
  'identified',
  'notified',
  'transfer_requested',
  'central_isolation',
  'home_quarantine',
]);

export function isActive(contact: Pick<ContactSummary, 'status'>): boolean {
  return ACTIVE.has(contact.status);
}

export function ContactDrawer({
  contactId,
  onClose,
  onChanged,
}: {
  contactId: string;
  onClose: () => void;
  /** Something about this contact (or a new secondary) changed: lists behind the drawer reload. */
  onChanged?: () => void;
}) {
  const t = useT(workbenchMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const now = useNow();
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const detail = useApi<ContactDetail>(`/api/tracing/contacts/${contactId}`, undefined, version);
  useLiveEvent<{ contactId?: string }>('tracing.contact_changed', (event) => {
    if (event.contactId === contactId) setVersion((v) => v + 1);
  });
  const changed = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };
  const c = detail.data;

  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      title={
        c && (
          <Space>
            {c.name}
            <DegreeTag value={c.degree} />
          </Space>
        )
      }
      extra={c && <ContactActions contact={c} onChanged={changed} size="middle" />}
      data-testid="contact-drawer"
    >
      {detail.error && !c ? (
        <ErrorState error={detail.error} onRetry={detail.reload} />
      ) : !c ? (
        <PageLoading />
      ) : (
        <div className="tracing-stack">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('contact.name')}>
              <PersonName
                name={c.name}
                idMasked={c.idMasked}
                phoneMasked={c.phoneMasked}
                personId={c.personId}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('contact.status')}>
              <Space size={4}>
                <ContactStatusTag value={c.status} />
                {c.outsideArea && <Tag>{t('person.outside')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('contact.place')}>
              {c.place?.name ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('contact.address')}>
              {c.address ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('contact.lastExposureAt')}>
              {dayjs(c.lastExposureAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            <Descriptions.Item label={t('contact.isolationPlace')}>
              {c.isolationPlace ?? t('common.none')}
            </Descriptions.Item>
            {c.release && (
              <Descriptions.Item label={t('contact.release')} span={2}>
                <div data-testid="contact-release">
                  {c.release.blockers.length === 0 ? (
                    <Typography.Text type="success">
                      {t('contact.releaseReady', { until: c.release.until })}
                    </Typography.Text>
                  ) : (
                    <>
                      <Typography.Text type="warning">
                        {t('contact.releaseNotYet', { until: c.release.until })}
                      </Typography.Text>
                      <ul className="release-blockers">
                        {c.release.blockers.map((b, i) => (
                          <li key={i}>{releaseBlockerText(b, lang)}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </div>
              </Descriptions.Item>
            )}
            {c.convertedCase && (
              <Descriptions.Item label={t('contact.convertedCase')} span={2}>
                <Link to={`/tracing/cases/${c.convertedCase.id}`}>{c.convertedCase.number}</Link>
              </Descriptions.Item>
            )}
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('contact.links')}</Typography.Title>
            <List
              size="small"
              bordered
              dataSource={c.links}
              renderItem={(link) => (
                <List.Item>
                  <Space wrap size={[8, 4]}>
                    {link.case ? (
                      <Link to={`/tracing/cases/${link.case.id}`}>
                        {link.case.number} {link.case.name}
                      </Link>
                    ) : link.via ? (
                      <span>{t('contact.via', { name: link.via.name })}</span>
                    ) : null}
                    <Tag>{labelOf(EXPOSURE_TYPE_LABELS, link.exposureType, lang)}</Tag>
                    {link.relationship && <span>{link.relationship}</span>}
                    <Typography.Text type="secondary">
                      {dayjs(link.lastExposureAt).format('MM-DD HH:mm')}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {labelOf(LINK_SOURCE_LABELS, link.source, lang)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </div>

          <div>
            <Typography.Title level={5}>
              {t('plan.tests')} · {QUARANTINE_SETTING_LABELS[c.plan.setting][lang]}
            </Typography.Title>
            <PlanCell plan={c.plan} now={now} active={isActive(c)} />
            <Table
              size="small"
              rowKey="date"
              pagination={false}
              style={{ marginTop: 8 }}
              dataSource={c.plan.tests}
              columns={[
                { title: t('plan.date'), dataIndex: 'date' },
                {
                  title: t('plan.phase'),
                  key: 'day',
                  render: (_, test) =>
                    `${t(`plan.phase.${test.phase}`)} · ${t('plan.day', { day: test.day })}`,
                },
                {
                  title: t('plan.samplesCol'),
                  dataIndex: 'samples',
                  render: (n: number) => t('plan.samples', { n }),
                },
              ]}
            />
          </div>

          {c.degree === 'close' && (
            <div data-testid="contact-secondaries">
              <div className="tracing-section-head">
                <Typography.Title level={5}>{t('contact.secondaries')}</Typography.Title>
                {can(Permission.TracingInvestigate) && c.status !== 'converted' && (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setAdding(true)}
                    data-testid="secondary-add"
                  >
                    {t('contact.addSecondary')}
                  </Button>
                )}
              </div>
              <Table<ContactSummary>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.secondaries}
                locale={{ emptyText: t('contact.noSecondaries') }}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    title: t('contact.name'),
                    key: 'name',
                    render: (_, s) => (
                      <PersonName name={s.name} idMasked={s.idMasked} personId={s.personId} block />
                    ),
                  },
                  {
                    title: t('contact.status'),
                    key: 'status',
                    render: (_, s) => <ContactStatusTag value={s.status} />,
                  },
                  {
                    title: t('plan.tests'),
                    key: 'plan',
                    render: (_, s) => <PlanCell plan={s.plan} now={now} active={isActive(s)} />,
                  },
                  {
                    title: ' ',
                    key: 'actions',
                    render: (_, s) => <ContactActions contact={s} onChanged={changed} />,
                  },
                ]}
              />
            </div>
          )}

          {c.calls.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('contact.calls')}</Typography.Title>
              <List
                size="small"
                dataSource={c.calls}
                renderItem={(call) => (
                  <List.Item>
                    <Space wrap>
                      <span className="num">{dayjs(call.calledAt).format('MM-DD HH:mm')}</span>
                      <span className="masked">{call.numberMasked}</span>
                      <CallOutcomeTag value={call.outcome} />
                      {call.notes && <Typography.Text type="secondary">{call.notes}</Typography.Text>}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          )}
        </div>
      )}
      {adding && c && (
        <ContactFormModal
          title={t('contact.addSecondaryTitle', { name: c.name })}
          url={`/api/tracing/contacts/${c.id}/contacts`}
          allowDegree={false}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            changed();
          }}
        />
      )}
    </Drawer>
  );
}
