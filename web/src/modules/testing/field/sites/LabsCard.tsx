/** The labs this area's tubes can go to. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import type { Lab } from '../field-types';
import { sitesMessages } from './sites.messages';

export function LabsCard({ labs, canPlan, onAdd }: { labs: Lab[]; canPlan: boolean; onAdd: () => void }) {
  const t = useT(sitesMessages);
  return (
    <Card
      size="small"
      title={t('labs.title', { count: labs.length })}
      extra={
        canPlan && (
          <Button icon={<PlusOutlined />} onClick={onAdd} data-testid="lab-add">
            {t('labs.add')}
          </Button>
        )
      }
    >
      <Table<Lab>
        rowKey="id"
        size="small"
        dataSource={labs}
        pagination={false}
        locale={{ emptyText: t('labs.none') }}
        data-testid="labs-table"
        columns={[
          {
            key: 'code',
            title: t('lab.code'),
            render: (_, l) => <span className="field-barcode">{l.code}</span>,
          },
          { key: 'name', title: t('lab.name'), dataIndex: 'name' },
          {
            key: 'kind',
            title: t('lab.kind'),
            render: (_, l) => <Tag color={l.kind === 'mobile' ? 'purple' : 'blue'}>{t(`lab.${l.kind}`)}</Tag>,
          },
          { key: 'capacity', title: t('lab.capacity'), dataIndex: 'capacityPerDay', align: 'right' },
          { key: 'place', title: t('lab.place'), render: (_, l) => l.place.name },
        ]}
      />
    </Card>
  );
}
