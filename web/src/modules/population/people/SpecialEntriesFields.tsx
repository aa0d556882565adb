/**
 * The special-population part of the person form: one row per kind (a kind at most once), with the
 * details that kind needs (SPECIAL_KIND_DEFINITIONS), its registration date and notes.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import {
  DISABILITY_CATEGORIES,
  DISABILITY_LABELS,
  type DetailField,
  SPECIAL_KIND_DEFINITIONS,
  SPECIAL_KINDS,
  type SpecialKind,
} from '../../../../../domain/population.js';
import { type Lang, useLang, useT } from '../../../app/i18n/i18n';
import { specialLabel } from '../labels';
import { peopleMessages } from './people.messages';

function DetailInput({ field, lang }: { field: DetailField; lang: Lang }) {
  switch (field.type) {
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    case 'level':
      return (
        <Select
          options={[1, 2, 3, 4].map((level) => ({
            value: level,
            label: lang === 'zh' ? `${['一', '二', '三', '四'][level - 1]}级` : `Level ${level}`,
          }))}
        />
      );
    case 'category':
      return (
        <Select
          options={DISABILITY_CATEGORIES.map((c) => ({ value: c, label: DISABILITY_LABELS[c][lang] }))}
        />
      );
    case 'text':
      return <Input maxLength={100} />;
  }
}

export function SpecialEntriesFields() {
  const t = useT(peopleMessages);
  const { lang } = useLang();
  const form = Form.useFormInstance();
  const rows = (Form.useWatch('specials', form) ?? []) as Array<{ kind?: SpecialKind } | undefined>;

  return (
    <Form.List name="specials">
      {(fields, { add, remove }) => (
        <div data-testid="special-entries">
          {fields.map((field) => {
            const kind = rows[field.name]?.kind;
            const taken = new Set(rows.filter((r, i) => i !== field.name && r?.kind).map((r) => r!.kind));
            const details = kind ? SPECIAL_KIND_DEFINITIONS[kind].details : [];
            return (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                title={kind ? specialLabel(kind, lang) : t('form.specialKind')}
                extra={
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                    {t('form.remove')}
                  </Button>
                }
              >
                <Row gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name={[field.name, 'kind']}
                      label={t('form.specialKind')}
                      rules={[{ required: true, message: t('form.specialKindRequired') }]}
                    >
                      <Select
                        options={SPECIAL_KINDS.map((k) => ({
                          value: k,
                          label: specialLabel(k, lang),
                          disabled: taken.has(k),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'since']} label={t('form.specialSince')}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  {details.map((detail) => (
                    <Col xs={24} md={12} key={detail.key}>
                      <Form.Item
                        name={[field.name, 'details', detail.key]}
                        label={detail.label[lang]}
                        rules={
                          detail.required
                            ? [
                                {
                                  required: true,
                                  message: t('form.detailRequired', { label: detail.label[lang] }),
                                },
                              ]
                            : []
                        }
                      >
                        <DetailInput field={detail} lang={lang} />
                      </Form.Item>
                    </Col>
                  ))}
                  <Col span={24}>
                    <Form.Item name={[field.name, 'notes']} label={t('form.specialNotes')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            );
          })}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add({})}
            data-testid="add-special"
          >
            {t('form.specialAdd')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
