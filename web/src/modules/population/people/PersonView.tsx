/**
 * A person's page: details (masked), where they live, special populations, household members and
 * the change history. 查看完整信息 (population.reveal only) asks for a reason and shows the clear
 * values for a minute; 编辑 (population.manage) opens the form. Opening the page is audited by the
 * server.
 */
import { EditOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../../../domain/access.js';
import { useAuth } from '../../../app/auth/auth.context';
import { parens, useLang, useT } from '../../../app/i18n/i18n';
import { ErrorState, PageLoading } from '../../../app/states';
import { useApi } from '../../../app/use-api';
import { PageHead } from '../../../components/PageHead';
import { SamplingCodeCard } from '../../testing/field/components/SamplingCodeCard';
import type { PersonDetail } from '../api-types';
import { Masked } from '../components/Masked';
import { SpecialTags } from '../components/SpecialTags';
import { unitPath } from '../components/unit-path';
import { relationLabel, RESIDENCE_COLORS, residenceLabel, sexLabel, sourceLabel } from '../labels';
import { populationMessages } from '../population.messages';
import { ChangeTimeline } from './ChangeTimeline';
import { HouseholdCard } from './HouseholdCard';
import { peopleMessages } from './people.messages';
import { PersonFormModal } from './PersonFormModal';
import { RevealModal } from './RevealModal';
import { SpecialEntriesCard } from './SpecialEntriesCard';
import { useReveal } from './use-reveal';

export function PersonView({ id }: { id: string }) {
  const t = useT(peopleMessages);
  const tp = useT(populationMessages);
  const { lang } = useLang();
  const { can } = useAuth();
  const [version, setVersion] = useState(0);
  const { data, error, reload } = useApi<PersonDetail>(`/api/population/people/${id}`, undefined, version);
  const reveal = useReveal();
  const [dialog, setDialog] = useState<'reveal' | 'edit' | null>(null);

  if (error) return <ErrorState error={error} target={id} onRetry={reload} />;
  if (!data || data.person.id !== id) return <PageLoading />;

  const p = data.person;
  const shown = reveal.revealed;
  const none = '—';
  const revealedTitle = t('reveal.revealedTitle');
  const place = (ref: { code: string; name: string } | null) =>
    ref ? <Link to={unitPath(ref.code)}>{ref.name}</Link> : none;

  const crumbs = [
    { key: 'search', title: <Link to={`/population/people/${p.village.code}`}>{t('search.title')}</Link> },
    { key: 'village', title: <Link to={unitPath(p.village.code)}>{p.village.name}</Link> },
    ...(p.grid ? [{ key: 'grid', title: <Link to={unitPath(p.grid.code)}>{p.grid.name}</Link> }] : []),
    ...(p.building
      ? [{ key: 'building', title: <Link to={unitPath(p.building.code)}>{p.building.name}</Link> }]
      : []),
    { key: 'self', title: p.name },
  ];

  return (
    <div className="population-stack" data-testid="person-page" data-person-id={p.id}>
      <div>
        <Breadcrumb items={crumbs} />
        <PageHead
          title={
            <Space size={8} wrap align="center">
              <span data-testid="person-name">{p.name}</span>
              <Tag>
                {sexLabel(p.sex, lang)} · {tp('ageValue', { age: p.age })}
              </Tag>
              <Tag color={RESIDENCE_COLORS[p.residenceType]}>{residenceLabel(p.residenceType, lang)}</Tag>
              <SpecialTags kinds={p.specials} />
            </Space>
          }
          extra={
            <Space wrap>
              {can(Permission.PopulationReveal) &&
                (shown ? (
                  <Button icon={<EyeInvisibleOutlined />} onClick={reveal.hide} data-testid="reveal-hide">
                    {t('action.hide')}
                  </Button>
                ) : (
                  <Button
                    danger
                    icon={<EyeOutlined />}
                    onClick={() => setDialog('reveal')}
                    data-testid="reveal-button"
                  >
                    {t('action.reveal')}
                  </Button>
                ))}
              {can(Permission.PopulationManage) && (
                <Button
                  type="primary"
                  icon={<EditOutlined />}
                  onClick={() => setDialog('edit')}
                  data-testid="edit-person"
                >
                  {t('action.edit')}
                </Button>
              )}
            </Space>
          }
        />
      </div>
      {shown && (
        <Alert
          type="warning"
          showIcon
          data-testid="reveal-alert"
          title={t('reveal.shown', { seconds: reveal.secondsLeft })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <div className="population-stack">
            <Card title={t('person.basic')} data-testid="person-details">
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
                styles={{ label: { width: lang === 'zh' ? 120 : 150 } }}
                items={[
                  { key: 'name', label: tp('col.name'), children: p.name },
                  { key: 'sex', label: tp('col.sex'), children: sexLabel(p.sex, lang) },
                  {
                    key: 'id',
                    label: tp('col.idNumber'),
                    children: (
                      <Masked
                        masked={p.idMasked}
                        revealed={shown?.idNumber}
                        revealedTitle={revealedTitle}
                        testId="person-id"
                      />
                    ),
                  },
                  {
                    key: 'birth',
                    label: tp('col.birthDate'),
                    children: (
                      <span className="num">
                        {p.birthDate}
                        {parens(tp('ageValue', { age: p.age }), lang)}
                      </span>
                    ),
                  },
                  {
                    key: 'phone',
                    label: tp('col.phone'),
                    children: (
                      <Masked
                        masked={p.phoneMasked}
                        revealed={shown?.phone}
                        revealedTitle={revealedTitle}
                        testId="person-phone"
                      />
                    ),
                  },
                  {
                    key: 'phone2',
                    label: t('person.phone2'),
                    children: (
                      <Masked
                        masked={p.phone2Masked}
                        revealed={shown?.phone2}
                        revealedTitle={revealedTitle}
                      />
                    ),
                  },
                  {
                    key: 'residence',
                    label: tp('col.residence'),
                    children: residenceLabel(p.residenceType, lang),
                  },
                  { key: 'workUnit', label: t('person.workUnit'), children: p.workUnit ?? none },
                  {
                    key: 'registered',
                    label: t('person.registeredAddress'),
                    children: p.registeredAddress ?? none,
                    span: 'filled',
                  },
                  { key: 'emergency', label: t('person.emergency'), children: p.emergencyName ?? none },
                  {
                    key: 'emergencyPhone',
                    label: t('person.emergencyPhone'),
                    children: (
                      <Masked
                        masked={p.emergencyPhoneMasked}
                        revealed={shown?.emergencyPhone}
                        revealedTitle={revealedTitle}
                      />
                    ),
                  },
                  { key: 'source', label: t('person.source'), children: sourceLabel(p.source, lang) },
                  {
                    key: 'updated',
                    label: t('person.updatedAt'),
                    children: <span className="num">{dayjs(p.updatedAt).format('YYYY-MM-DD HH:mm')}</span>,
                  },
                  { key: 'notes', label: t('person.notes'), children: p.notes ?? none, span: 'filled' },
                ]}
              />
              <Descriptions
                title={t('person.place')}
                style={{ marginTop: 20 }}
                bordered
                size="small"
                column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
                styles={{ label: { width: lang === 'zh' ? 120 : 150 } }}
                items={[
                  { key: 'address', label: tp('col.address'), children: p.address, span: 'filled' },
                  { key: 'village', label: tp('col.village'), children: place(p.village) },
                  { key: 'grid', label: tp('col.grid'), children: place(p.grid) },
                  { key: 'building', label: tp('col.building'), children: place(p.building) },
                  {
                    key: 'unitRoom',
                    label: t('person.unitRoom'),
                    children: [p.unit, p.room].filter(Boolean).join(' / ') || none,
                  },
                  {
                    key: 'relation',
                    label: tp('col.relation'),
                    children: relationLabel(p.relation, lang) || none,
                  },
                ]}
              />
            </Card>
            <SpecialEntriesCard entries={data.specialEntries} />
          </div>
        </Col>
        <Col xs={24} xl={8}>
          <SamplingCodeCard personId={p.id} householdId={p.householdId} />
          <Card title={t('person.changes')} data-testid="person-changes">
            {data.changes.length === 0 ? (
              <Typography.Text type="secondary">{t('person.changesNone')}</Typography.Text>
            ) : (
              <ChangeTimeline changes={data.changes} />
            )}
          </Card>
        </Col>
      </Row>
      <HouseholdCard personId={p.id} householdId={p.householdId} members={data.household} />
      {dialog === 'reveal' && (
        <RevealModal
          personId={p.id}
          name={p.name}
          onClose={() => setDialog(null)}
          onRevealed={(values) => {
            setDialog(null);
            reveal.show(values);
          }}
        />
      )}
      {dialog === 'edit' && (
        <PersonFormModal
          mode={{ kind: 'edit', detail: data }}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            reveal.hide();
            setVersion((v) => v + 1);
          }}
        />
      )}
    </div>
  );
}
