/**
 * Creates or edits a team: its name, its area (any unit of my subtree, JurisdictionPicker), the
 * leader and the members from GET /investigators — my subtree's by default, the whole city's for a
 * team sent to help another county (?all=true).
 */
import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../../../app/api';
import { useT } from '../../../../app/i18n/i18n';
import { useApi } from '../../../../app/use-api';
import { useNotifyError } from '../../../../app/use-notify-error';
import { JurisdictionPicker } from '../../../../components/JurisdictionPicker';
import type { Team, TeamInput, UserRef } from '../../api-types';
import { itemsOf, type ListAnswer } from '../components/list';
import { teamsMessages } from './teams.messages';

interface Values {
  name: string;
  area: string;
  leaderId?: string | null;
  memberIds: string[];
}

export function TeamFormModal({
  team,
  onClose,
  onSaved,
}: {
  /** null: a new team. */
  team: Team | null;
  onClose: () => void;
  onSaved: (team: Team) => void;
}) {
  const t = useT(teamsMessages);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [allCity, setAllCity] = useState(false);
  const investigators = useApi<ListAnswer<UserRef>>('/api/tracing/investigators', {
    all: allCity || undefined,
  });

  // People already on the team stay choosable even when the list no longer holds them.
  const options = useMemo(() => {
    const known = new Map<string, UserRef>();
    for (const u of [
      ...(team?.members ?? []),
      ...(team?.leader ? [team.leader] : []),
      ...itemsOf(investigators.data),
    ]) {
      known.set(u.id, u);
    }
    return [...known.values()]
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((u) => ({ value: u.id, label: u.name }));
  }, [team, investigators.data]);

  const save = async (values: Values) => {
    const members = new Set(values.memberIds);
    if (values.leaderId) members.add(values.leaderId);
    const body: TeamInput = {
      name: values.name.trim(),
      area: values.area,
      leaderId: values.leaderId ?? null,
      memberIds: [...members],
    };
    setSaving(true);
    try {
      const saved = team
        ? await api.patch<Team>(`/api/tracing/teams/${team.id}`, body)
        : await api.post<Team>('/api/tracing/teams', body);
      void message.success(t('teams.saved', { name: body.name }));
      onSaved(saved);
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={team ? t('form.editTitle') : t('form.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      width={560}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          name: team?.name ?? '',
          area: team?.area.code,
          leaderId: team?.leader?.id ?? null,
          memberIds: team?.members.map((m) => m.id) ?? [],
        }}
        data-testid="team-form"
      >
        <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input placeholder={t('form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="area" label={t('form.area')} extra={t('form.areaHint')} rules={[{ required: true }]}>
          <JurisdictionPicker testId="team-area" />
        </Form.Item>
        <Checkbox
          checked={allCity}
          onChange={(e) => setAllCity(e.target.checked)}
          style={{ marginBottom: 12 }}
        >
          {t('form.allCity')}
        </Checkbox>
        <Form.Item name="leaderId" label={t('form.leader')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            loading={investigators.loading}
            placeholder={t('form.pick')}
            data-testid="team-leader"
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('form.members')} extra={t('form.membersHint')}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={options}
            loading={investigators.loading}
            placeholder={t('form.pick')}
            maxTagCount="responsive"
            data-testid="team-members"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
