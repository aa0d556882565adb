/**
 * A contact's quarantine plan in two lines: until when, and the next test day (CST calendar days,
 * as domain/tracing.ts `quarantinePlan` computed them on the server).
 */
import { Tooltip, Typography } from 'antd';
import { cstDate } from '../../../../../../domain/tracing.js';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { QuarantinePlan } from '../../api-types';
import { QUARANTINE_SETTING_LABELS } from '../labels';
import { workbenchMessages } from '../workbench.messages';

export function nextTest(plan: QuarantinePlan, now: number): QuarantinePlan['tests'][number] | undefined {
  const today = cstDate(new Date(now));
  return plan.tests.find((test) => test.date >= today);
}

export function PlanCell({ plan, now, active }: { plan: QuarantinePlan; now: number; active: boolean }) {
  const t = useT(workbenchMessages);
  const { lang } = useLang();
  const next = active ? nextTest(plan, now) : undefined;
  const tests = plan.tests
    .map(
      (test) =>
        `${test.date.slice(5)} ${t(`plan.phase.${test.phase}`)}${t('plan.day', { day: test.day })}` +
        (test.samples > 1 ? ` ×${test.samples}` : ''),
    )
    .join('\n');
  return (
    <Tooltip title={<div style={{ whiteSpace: 'pre-line' }}>{`${t('plan.tests')}\n${tests}`}</div>}>
      <div className="tracing-plan" data-testid="contact-plan">
        <div>
          {t('plan.until', { date: plan.until })}
          <Typography.Text type="secondary">
            {' '}
            · {QUARANTINE_SETTING_LABELS[plan.setting][lang]}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary">
          {next
            ? t('plan.nextTest', { date: next.date.slice(5), day: next.day })
            : active
              ? t('plan.noTest')
              : ''}
        </Typography.Text>
      </div>
    </Tooltip>
  );
}
