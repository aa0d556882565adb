/**
 * The other Cordon instances allowed to deliver assist notices to us (GET/POST/PATCH
 * /assist-peers): our inbox address to give them, the list with an on/off switch, and a form to
 * add one (its name, the region it speaks for, which of our jurisdictions receives its notices). The peer's bearer token comes
 * back once, from the POST, and is shown once (OneTimeSecretModal); the server keeps only its hash.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Switch, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../../../app/api';
import { useMe } from '../../../../app/auth/auth.context';
import { useT } from '../../../../app/i18n/i18n';
import { ErrorState } from '../../../../app/states';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import { type OneTimeSecret, OneTimeSecretModal } from '../../../../components/OneTimeSecretModal';
import { itemsOf, type ListAnswer } from '../components/list';
import type { AssistPeer, AssistPeerCreated, AssistPeerInput } from './assist-types';
import { assistMessages } from './assist.messages';

export function PeersCard() {
  const t = useT(assistMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const [form] = Form.useForm<AssistPeerInput>();
  const peers = useApi<ListAnswer<AssistPeer>>('/api/tracing/assist-peers');
  const me = useMe();
  const [switching, setSwitching] = useState<string | null>(null);
  const inbox = `${window.location.origin}/api/assist/inbox`;

  // Switching a peer off makes its token stop working at once; on again, the same token works.
  const setActive = async (peer: AssistPeer, active: boolean) => {
    setSwitching(peer.id);
    try {
      await api.patch<AssistPeer>(`/api/tracing/assist-peers/${peer.id}`, { active });
      peers.reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setSwitching(null);
    }
  };

  const create = async (values: AssistPeerInput) => {
    setSaving(true);
    try {
      const body = {
        name: values.name.trim(),
        region: values.region.trim(),
        deliverTo: values.deliverTo,
      };
      const created = await api.post<AssistPeerCreated>('/api/tracing/assist-peers', body);
      setAdding(false);
      form.resetFields();
      peers.reload();
      void message.success(t('peers.created', { name: created.peer.name }));
      setSecret({
        title: t('token.title'),
        intro: t('token.intro', { name: created.peer.name }),
        label: t('token.label'),
        secret: created.token,
        note: t('token.note'),
        ack: t('token.ack'),
      });
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('peers.title')}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="peer-new">
          {t('peers.new')}
        </Button>
      }
      data-testid="assist-peers"
    >
      <Typography.Paragraph type="secondary">{t('peers.subtitle')}</Typography.Paragraph>
      <Typography.Paragraph>
        {t('peers.inbox')}：
        <Typography.Text code copyable data-testid="assist-inbox">
          {inbox}
        </Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('peers.inboxHint')}
        </Typography.Text>
      </Typography.Paragraph>
      {peers.error && !peers.data ? (
        <ErrorState error={peers.error} onRetry={peers.reload} />
      ) : (
        <Table<AssistPeer>
          size="small"
          rowKey="id"
          loading={peers.loading && !peers.data}
          dataSource={itemsOf(peers.data)}
          pagination={false}
          locale={{ emptyText: t('peers.empty') }}
          scroll={{ x: 560 }}
          columns={[
            { title: t('peers.name'), dataIndex: 'name' },
            { title: t('peers.region'), dataIndex: 'region' },
            {
              title: t('peers.deliverTo'),
              key: 'deliverTo',
              render: (_, p) => <span title={p.deliverTo.code}>{p.deliverTo.name}</span>,
            },
            {
              title: t('peers.active'),
              key: 'active',
              render: (_, p) => (
                <Switch
                  size="small"
                  checked={p.active}
                  loading={switching === p.id}
                  checkedChildren={t('peers.activeOn')}
                  unCheckedChildren={t('peers.activeOff')}
                  onChange={(active) => void setActive(p, active)}
                  data-testid="peer-active"
                />
              ),
            },
            {
              title: t('drawer.createdAt'),
              dataIndex: 'createdAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
          ]}
        />
      )}
      <Modal
        open={adding}
        title={t('peers.new')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form<AssistPeerInput>
          form={form}
          layout="vertical"
          initialValues={{ deliverTo: me.jurisdiction.code }}
          onFinish={(v) => void create(v)}
          data-testid="peer-form"
        >
          <Form.Item
            name="name"
            label={t('peers.name')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input placeholder="北京市朝阳区疾控中心" />
          </Form.Item>
          <Form.Item
            name="region"
            label={t('peers.region')}
            extra={t('peers.regionHint')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="deliverTo"
            label={t('peers.deliverTo')}
            extra={t('peers.deliverToHint')}
            rules={[{ required: true }]}
          >
            <JurisdictionPicker testId="peer-deliver-to" />
          </Form.Item>
        </Form>
      </Modal>
      {secret && <OneTimeSecretModal value={secret} onClose={() => setSecret(null)} />}
    </Card>
  );
}
