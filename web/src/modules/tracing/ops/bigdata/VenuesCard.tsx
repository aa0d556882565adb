/**
 * The venues (场所码) scans refer to: found by name or code, paged by the server, and registered
 * with a form (code, name, kind, address, the village it lies in, optional coordinates). A scan
 * file naming an unregistered code has those rows skipped, so venues come first.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { PagedList, Venue, VenueInput } from '../../api-types';
import { bigdataMessages } from './bigdata.messages';

const PAGE_SIZE = 20;

function useDebounced(text: string, ms: number): string {
  const [value, setValue] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setValue(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return value;
}

export function VenuesCard({ canCreate }: { canCreate: boolean }) {
  const t = useT(bigdataMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<VenueInput>();
  const venues = useApi<PagedList<Venue>>('/api/tracing/venues', { q, page, pageSize: PAGE_SIZE });

  const create = async (values: VenueInput) => {
    setSaving(true);
    try {
      const body: VenueInput = {
        code: values.code.trim(),
        name: values.name.trim(),
        place: values.place,
        ...(values.kind?.trim() ? { kind: values.kind.trim() } : {}),
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(typeof values.lat === 'number' ? { lat: values.lat } : {}),
        ...(typeof values.lng === 'number' ? { lng: values.lng } : {}),
      };
      await api.post<Venue>('/api/tracing/venues', body);
      void message.success(t('venues.created', { name: body.name }));
      setAdding(false);
      form.resetFields();
      venues.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('venues.title')}
      extra={
        canCreate && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="venue-new"
          >
            {t('venues.new')}
          </Button>
        )
      }
      data-testid="venues"
    >
      <Input.Search
        allowClear
        placeholder={t('venues.search')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setPage(1);
        }}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      {venues.error && !venues.data ? (
        <ErrorState error={venues.error} onRetry={venues.reload} />
      ) : (
        <Table<Venue>
          size="small"
          rowKey="id"
          loading={venues.loading}
          dataSource={venues.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: venues.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            hideOnSinglePage: true,
            showTotal: (total) => t('state.total', { total }),
          }}
          locale={{ emptyText: t('venues.empty') }}
          scroll={{ x: 720 }}
          columns={[
            {
              title: t('venues.code'),
              dataIndex: 'code',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('venues.name'), dataIndex: 'name' },
            { title: t('venues.kind'), dataIndex: 'kind', render: (v: string | null) => v ?? '—' },
            {
              title: t('venues.address'),
              dataIndex: 'address',
              ellipsis: true,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('venues.place'),
              key: 'place',
              render: (_, v) => <span title={v.place.code}>{v.place.name}</span>,
            },
            {
              title: t('venues.position'),
              key: 'position',
              render: (_, v) =>
                v.lat !== null && v.lng !== null ? (
                  <span className="num" style={{ fontSize: 12 }}>
                    {v.lat.toFixed(5)}, {v.lng.toFixed(5)}
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
      <Modal
        open={adding}
        title={t('venues.new')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
        width={560}
      >
        <Form<VenueInput>
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          data-testid="venue-form"
        >
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item
                name="code"
                label={t('venues.code')}
                rules={[
                  { required: true, whitespace: true, max: 64 },
                  { pattern: /^[0-9A-Za-z_.:-]+$/, message: t('venues.codeRule') },
                ]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item
                name="name"
                label={t('venues.name')}
                rules={[{ required: true, whitespace: true, max: 100 }]}
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="kind" label={t('venues.kind')} rules={[{ max: 40 }]}>
                <Input placeholder={t('venues.kindHint')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item name="place" label={t('venues.place')} rules={[{ required: true }]}>
                <JurisdictionPicker
                  selectableLevels={['town', 'village']}
                  maxLevel="village"
                  testId="venue-place"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="address" label={t('venues.address')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="lat" label={t('venues.lat')}>
                <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="lng" label={t('venues.lng')}>
                <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Card>
  );
}
