/**
 * 密接/次密接: the people this case named (and, when the server lists them with the case, those
 * exposed through its close contacts), each with status and quarantine plan; adding a contact,
 * adding a secondary contact under a close one, and the lifecycle's moves for tracing.control.
 */
import { PlusOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../../../../domain/access.js';
import { useAuth } from '../../../../app/auth/auth.context';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import type { CaseDetail, ContactLink, ContactSummary, PagedList } from '../../api-types';
import { ContactActions } from '../components/ContactActions';
import { ContactDrawer, isActive } from '../components/ContactDrawer';
import { ContactFormModal } from '../components/ContactFormModal';
import { PersonName } from '../components/PersonName';
import { PlanCell } from '../components/PlanCell';
import { ContactStatusTag, DegreeTag } from '../components/Tags';
import { EXPOSURE_TYPE_LABELS, labelOf } from '../labels';
import { rowAttrs } from '../list';
import { useNow } from '../use-now';
import { workbenchMessages } from '../workbench.messages';
import { caseMessages } from './case.messages';

/** The link that makes this person a contact of this case (named by it, or through its contact). */
export function linkFor(contact: ContactSummary, caseId: string): ContactLink | undefined {
  return (
    contact.links.find((l) => l.case?.id === caseId) ?? contact.links.find((l) => l.via) ?? contact.links[0]
  );
}

export function ContactsTab({
  detail,
  version,
  onChanged,
}: {
  detail: CaseDetail;
  version: number;
  onChanged: () => void;
}) {
  const t = useT(caseMessages);
  const tw = useT(workbenchMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const now = useNow();
  const [adding, setAdding] = useState<ContactSummary | 'case' | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const list = useApi<PagedList<ContactSummary>>(
    '/api/tracing/contacts',
    { caseId: detail.id, pageSize: 200 },
    version,
  );
  const mayAdd = can(Permission.TracingInvestigate) && detail.status === 'open';
  // Close contacts first, then by last exposure (latest first): the order investigators call in.
  const rows = [...(list.data?.items ?? [])].sort(
    (a, b) => a.degree.localeCompare(b.degree) || b.lastExposureAt.localeCompare(a.lastExposureAt),
  );

  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <div className="tracing-stack" style={{ gap: 12 }}>
      <div className="tracing-section-head">
        <Typography.Text type="secondary">{t('contacts.summary', { ...detail.contacts })}</Typography.Text>
        {mayAdd && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding('case')}
            data-testid="contact-add"
          >
            {t('contacts.add')}
          </Button>
        )}
      </div>
      <Table<ContactSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('contacts.empty') }}
        data-testid="case-contacts-table"
        onRow={(c) => rowAttrs({ 'data-testid': 'case-contact-row', 'data-status': c.status })}
        columns={[
          {
            title: t('contacts.name'),
            key: 'name',
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
          {
            title: t('contacts.degree'),
            dataIndex: 'degree',
            render: (d: ContactSummary['degree']) => <DegreeTag value={d} />,
          },
          {
            title: t('contacts.link'),
            key: 'link',
            render: (_, c) => {
              const link = linkFor(c, detail.id);
              if (!link) return '—';
              return (
                <Space size={4} wrap>
                  {link.via && <span>{tw('contact.via', { name: link.via.name })}</span>}
                  {link.relationship && <span>{link.relationship}</span>}
                  <Tag>{labelOf(EXPOSURE_TYPE_LABELS, link.exposureType, lang)}</Tag>
                </Space>
              );
            },
          },
          {
            title: t('contacts.lastExposure'),
            dataIndex: 'lastExposureAt',
            render: (at: string) => <span className="num">{dayjs(at).format('MM-DD HH:mm')}</span>,
          },
          {
            title: t('contacts.status'),
            dataIndex: 'status',
            render: (s: ContactSummary['status']) => <ContactStatusTag value={s} />,
          },
          {
            title: t('contacts.plan'),
            key: 'plan',
            render: (_, c) => <PlanCell plan={c.plan} now={now} active={isActive(c)} />,
          },
          {
            title: t('contacts.actions'),
            key: 'actions',
            render: (_, c) => (
              <Space size={4} wrap>
                <ContactActions contact={c} onChanged={onChanged} />
                <Button size="small" type="link" onClick={() => setOpen(c.id)} data-testid="contact-open">
                  {tw('contact.detail')}
                </Button>
                {mayAdd && c.degree === 'close' && c.status !== 'converted' && (
                  <Button
                    size="small"
                    type="link"
                    icon={<UsergroupAddOutlined />}
                    onClick={() => setAdding(c)}
                    data-testid="secondary-add"
                  >
                    {tw('contact.addSecondary')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {adding && (
        <ContactFormModal
          title={
            adding === 'case'
              ? tw('contact.addTitle')
              : tw('contact.addSecondaryTitle', { name: adding.name })
          }
          url={
            adding === 'case'
              ? `/api/tracing/cases/${detail.id}/contacts`
              : `/api/tracing/contacts/${adding.id}/contacts`
          }
          allowDegree={adding === 'case'}
          onClose={() => setAdding(null)}
          onAdded={() => {
            setAdding(null);
            onChanged();
          }}
        />
      )}
      {open && <ContactDrawer contactId={open} onClose={() => setOpen(null)} onChanged={onChanged} />}
    </div>
  );
}
