/**
 * The demo-mode notice on the login page: the demo accounts and their shared password; clicking an
 * account fills in the form.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Table, Typography } from 'antd';
import type { SystemInfo } from '../api-types';
import { useLang, useT } from '../i18n/i18n';
import { authMessages } from './auth.messages';

type Account = SystemInfo['demoAccounts'][number];

export function DemoAccounts({ info, onPick }: { info: SystemInfo; onPick: (account: Account) => void }) {
  const t = useT(authMessages);
  const { lang } = useLang();
  return (
    <div className="login-demo" data-testid="demo-notice">
      <Alert
        type="warning"
        showIcon
        icon={<ExperimentOutlined />}
        title={t('demo.title')}
        description={
          <span>
            {t('demo.intro')}{' '}
            <Typography.Text code copyable data-testid="demo-password">
              {info.demoPassword}
            </Typography.Text>
            {lang === 'zh' ? '。' : '. '}
            {t('demo.pick')}
          </span>
        }
      />
      <Table<Account>
        size="small"
        rowKey="username"
        pagination={false}
        dataSource={info.demoAccounts}
        scroll={{ y: 240 }}
        className="demo-accounts"
        rowClassName="clickable-row"
        onRow={(account) => ({ onClick: () => onPick(account), 'data-username': account.username })}
        columns={[
          {
            title: t('demo.account'),
            dataIndex: 'username',
            width: '42%',
            render: (value: string) => <Typography.Text strong>{value}</Typography.Text>,
          },
          { title: t('demo.role'), key: 'role', render: (_, a) => a.roleLabel[lang] },
          { title: t('demo.jurisdiction'), dataIndex: 'jurisdictionName' },
        ]}
      />
    </div>
  );
}
