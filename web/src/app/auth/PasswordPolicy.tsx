/**
 * The password rules of domain/access.ts, each ticked as the user types, so the form explains
 * itself before the server refuses.
 */
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { passwordProblems } from '../../../../domain/access.js';
import { PASSWORD_PROBLEMS } from '../i18n/errors';
import { useLang, useT } from '../i18n/i18n';
import { authMessages } from './auth.messages';

const RULES = ['too_short', 'needs_letters_and_digits', 'contains_username', 'same_as_current'] as const;

/** Problems of a new password, including the one the shared rules cannot know (same as current). */
export function newPasswordProblems(password: string, username: string, current?: string): string[] {
  const problems = passwordProblems(password, username);
  if (current && password === current) problems.push('same_as_current');
  return problems;
}

export function PasswordPolicy({
  password,
  username,
  current,
}: {
  password: string;
  username: string;
  current?: string;
}) {
  const t = useT(authMessages);
  const { lang } = useLang();
  const problems = newPasswordProblems(password, username, current);
  const rules = current === undefined ? RULES.filter((r) => r !== 'same_as_current') : RULES;
  return (
    <div className="password-policy" data-testid="password-policy">
      <Typography.Text type="secondary">{t('password.policy')}</Typography.Text>
      <ul style={{ listStyle: 'none', padding: 0, margin: '4px 0 0' }}>
        {rules.map((rule) => {
          const ok = password.length > 0 && !problems.includes(rule);
          return (
            <li key={rule} style={{ color: ok ? '#389e0d' : 'rgba(0,0,0,0.55)', lineHeight: '22px' }}>
              {ok ? <CheckCircleFilled /> : <CloseCircleOutlined />} {PASSWORD_PROBLEMS[rule]?.[lang] ?? rule}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
