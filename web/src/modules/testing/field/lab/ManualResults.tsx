/**
 * A few results typed by hand (a rerun, a single tube phoned in). The browser checks what the
 * domain rules can check — barcode form, Ct range, a positive without Ct — before the server does.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import {
  checkResultConsistency,
  parseTubeBarcode,
  TUBE_RESULT_LABELS,
  TUBE_RESULTS,
  type TubeResult,
} from '../../../../../../domain/testing.js';
import { api } from '../../../../app/api';
import { useLang, useT } from '../../../../app/i18n/i18n';
import { useNotifyError } from '../../../../app/use-notify-error';
import { fieldMessages } from '../field.messages';
import type { ResultRow, ResultsSummary as Summary } from '../field-types';
import { labMessages } from './lab.messages';
import { ResultsSummary } from './ResultsSummary';

interface RowForm {
  barcode: string;
  result: TubeResult;
  orf1abCt?: number | null;
  nCt?: number | null;
}

const BLANK: Partial<RowForm> = { result: 'negative' };

export function ManualResults({ labId }: { labId: string }) {
  const t = useT(labMessages);
  const tf = useT(fieldMessages);
  const { lang } = useLang();
  const notifyError = useNotifyError();
  const [form] = Form.useForm<{ rows: RowForm[] }>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Summary | null>(null);

  const submit = async ({ rows }: { rows: RowForm[] }) => {
    const body: ResultRow[] = rows.map((r) => ({
      barcode: (parseTubeBarcode(r.barcode) as { value: string }).value,
      result: r.result,
      orf1abCt: r.orf1abCt ?? null,
      nCt: r.nCt ?? null,
    }));
    setBusy(true);
    try {
      setDone(await api.post<Summary>(`/api/testing/labs/${labId}/results`, { rows: body }));
      form.resetFields();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };

  const ct = (name: number, field: 'orf1abCt' | 'nCt', label: string) => (
    <Form.Item name={[name, field]} label={label} tooltip={t('manual.noCt')}>
      <InputNumber min={0.01} max={50} step={0.01} precision={2} style={{ width: 110 }} />
    </Form.Item>
  );

  return (
    <div className="field-stack">
      <Card size="small">
        <Form form={form} layout="inline" initialValues={{ rows: [BLANK] }} onFinish={(v) => void submit(v)}>
          <Form.List name="rows">
            {(fields, { add, remove }) => (
              <div className="field-stack" style={{ width: '100%' }}>
                {fields.map(({ key, name }) => (
                  <Space key={key} wrap align="start" data-testid="manual-row">
                    <Form.Item
                      name={[name, 'barcode']}
                      label={t('manual.barcode')}
                      rules={[
                        { required: true, message: t('manual.required') },
                        {
                          validator: (_, v: string | undefined) =>
                            !v || parseTubeBarcode(v).ok
                              ? Promise.resolve()
                              : Promise.reject(new Error(tf('scan.badBarcode'))),
                        },
                      ]}
                    >
                      <Input style={{ width: 180 }} autoComplete="off" />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'result']}
                      label={t('manual.result')}
                      rules={[
                        { required: true, message: t('manual.required') },
                        ({ getFieldValue }) => ({
                          validator: (_, v: TubeResult | undefined) => {
                            const row = getFieldValue(['rows', name]) as RowForm | undefined;
                            const problem =
                              v && checkResultConsistency(v, row?.orf1abCt ?? null, row?.nCt ?? null);
                            return problem
                              ? Promise.reject(new Error(t('manual.positiveNeedsCt')))
                              : Promise.resolve();
                          },
                        }),
                      ]}
                    >
                      <Select
                        style={{ width: 100 }}
                        options={TUBE_RESULTS.map((r) => ({ value: r, label: TUBE_RESULT_LABELS[r][lang] }))}
                      />
                    </Form.Item>
                    {ct(name, 'orf1abCt', t('manual.orf1ab'))}
                    {ct(name, 'nCt', t('manual.n'))}
                    {fields.length > 1 && (
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(name)} />
                    )}
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add(BLANK)}>
                    {t('manual.add')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="manual-submit">
                    {t('manual.submit')}
                  </Button>
                </Space>
              </div>
            )}
          </Form.List>
        </Form>
      </Card>
      {done && <ResultsSummary labId={labId} name={t('tab.manual')} summary={done} />}
    </div>
  );
}
