/** One door: its address and the people there with a task — why, whether held at home, how far along. */
import { HomeOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useT } from '../../../../app/i18n/i18n';
import { fieldMessages } from '../field.messages';
import type { SamplingTask } from '../field-types';
import { ResultTag, TaskStatusTag } from '../labels';
import type { HouseholdTasks } from './group-tasks';
import { tasksMessages } from './tasks.messages';

export function HouseholdTasksCard({
  group,
  canSample,
  onSample,
}: {
  group: HouseholdTasks;
  canSample: boolean;
  onSample: (task: SamplingTask) => void;
}) {
  const t = useT(tasksMessages);
  const tf = useT(fieldMessages);
  const held = group.tasks.some((x) => x.holdAtHome && x.status === 'pending');
  return (
    <Card
      size="small"
      className="field-household"
      data-testid="task-household"
      title={
        <Space wrap size={6}>
          <HomeOutlined />
          <span>{group.address}</span>
          <Typography.Text type="secondary">{group.village.name}</Typography.Text>
          {held && <Tag color="red">{tf('hold.atHome')}</Tag>}
        </Space>
      }
    >
      <List
        size="small"
        dataSource={group.tasks}
        renderItem={(task) => (
          <List.Item
            data-testid="task-row"
            actions={
              canSample && task.kind === 'recheck' && task.status === 'pending'
                ? [
                    <Button
                      key="sample"
                      type="primary"
                      onClick={() => onSample(task)}
                      data-testid="task-sample"
                    >
                      {t('action.sample')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space wrap size={[8, 4]}>
              <Typography.Text strong>{task.person.name}</Typography.Text>
              <span className="masked">{task.person.idMasked}</span>
              {task.person.phoneMasked && (
                <span className="masked" title={t('person.phone')}>
                  {task.person.phoneMasked}
                </span>
              )}
              <Tag color={task.kind === 'recheck' ? 'magenta' : 'geekblue'}>{tf(`task.${task.kind}`)}</Tag>
              <Tag>{tf(`reason.${task.reason}`)}</Tag>
              {task.holdAtHome && task.status === 'pending' && <Tag color="red">{tf('hold.atHome')}</Tag>}
              <TaskStatusTag status={task.status} />
              {task.tube && (
                <Space size={4}>
                  <Typography.Text type="secondary">
                    {t('sample.tube', { barcode: task.tube.barcode })}
                  </Typography.Text>
                  {task.status === 'sampled' && <ResultTag result={task.tube.result} />}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
