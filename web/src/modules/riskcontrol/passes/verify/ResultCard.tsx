/**
 * The answer, big enough to read at arm's length in the sun: 通行 on green or 劝返 on red, every
 * reason in words, what an offline check could not look at, and the pass or person (masked).
 */
import { CheckCircleFilled, CloseCircleFilled, WifiOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Tag } from 'antd';
import dayjs from 'dayjs';
import { errorMessage } from '../../../../app/i18n/errors';
import { useLang, useT } from '../../../../app/i18n/i18n';
import type { VerifyProblem, VerifyResult } from '../api-types';
import { COLOUR_LABELS, PASS_TYPE_LABELS, colorOf, labelOf } from '../labels';
import { problemText } from '../problems';
import type { Outcome } from './use-verifier';
import { verifyMessages } from './verify.messages';

const time = (v: string | number | null | undefined) =>
  v === null || v === undefined
    ? '—'
    : dayjs(typeof v === 'number' ? v * 1000 : v).format('YYYY-MM-DD HH:mm');

export function ResultCard({ outcome }: { outcome: Outcome }) {
  const t = useT(verifyMessages);
  const { lang } = useLang();

  if (outcome.kind === 'needs_network')
    return (
      <Alert
        type="warning"
        showIcon
        title={t('result.needsNetwork')}
        className="verify-alert"
        data-testid="verify-needs-network"
      />
    );
  if (outcome.kind === 'error')
    return (
      <Alert
        type="error"
        showIcon
        title={t('result.failed')}
        description={errorMessage(outcome.error, lang)}
        className="verify-alert"
        data-testid="verify-error"
      />
    );

  const offline = outcome.kind === 'offline';
  const verdict = offline ? outcome.decision.verdict : outcome.result.verdict;
  const problems: VerifyProblem[] = offline ? outcome.decision.problems : outcome.result.problems;
  const pass = offline ? null : outcome.result.pass;
  const person = offline ? null : outcome.result.person;
  const claims = offline ? outcome.decision.pass : null;
  const code = offline ? outcome.decision.person : null;
  const ok = verdict === 'pass';

  return (
    <div
      className={`verify-result ${ok ? 'verify-pass' : 'verify-turn-back'}`}
      data-testid="verify-result"
      data-verdict={verdict}
      data-offline={offline ? 'true' : 'false'}
      role="status"
      aria-live="assertive"
    >
      <div className="verify-verdict">
        {ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
        <span className="verify-verdict-word">{t(ok ? 'verdict.pass' : 'verdict.turn_back')}</span>
        <span className="verify-verdict-sub">{t(ok ? 'verdict.passEn' : 'verdict.turnBackEn')}</span>
      </div>
      {offline && (
        <div className="verify-offline" data-testid="verify-offline-note">
          <WifiOutlined />{' '}
          {outcome.decision.unchecked.length === 0
            ? t('result.offline')
            : t('result.offlineNote', {
                what: outcome.decision.unchecked
                  .map((u) => t(`unchecked.${u}`))
                  .join(lang === 'zh' ? '和' : ' and '),
              })}
        </div>
      )}
      {problems.length > 0 ? (
        <ul className="verify-reasons" data-testid="verify-reasons">
          {problems.map((p, i) => (
            <li key={i} data-code={p.code}>
              {problemText(p, lang)}
            </li>
          ))}
        </ul>
      ) : (
        <div className="verify-reasons-none">
          {t(offline ? 'result.noReasonsOffline' : 'result.noReasons')}
        </div>
      )}
      <div className="verify-summary">
        {pass && <PassSummary pass={pass} />}
        {claims && (
          <Descriptions size="small" column={1} bordered title={t('result.pass')}>
            <Descriptions.Item label={t('result.plate')}>{claims.p ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('result.holders')}>
              {claims.d.map((d) => `${d.n}（…${d.i}）`).join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('result.route')}>{claims.r.join(' → ') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('result.validUntil')}>{time(claims.u)}</Descriptions.Item>
          </Descriptions>
        )}
        {person && (
          <Descriptions size="small" column={1} bordered title={t('result.person')}>
            <Descriptions.Item label={t('result.person')}>
              {person.name} <span className="masked">{person.idMasked}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('result.colour')}>
              <Tag color={colorOf(COLOUR_LABELS, person.colour)}>
                {labelOf(COLOUR_LABELS, person.colour, lang)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('result.lastNegative')}>
              {person.lastNegativeAt ? time(person.lastNegativeAt) : t('result.none')}
            </Descriptions.Item>
          </Descriptions>
        )}
        {code && (
          <Descriptions size="small" column={1} bordered title={t('result.person')}>
            <Descriptions.Item label={t('result.person')}>{code.n}</Descriptions.Item>
            <Descriptions.Item label={t('result.idLast4')}>{code.i}</Descriptions.Item>
            <Descriptions.Item label={t('result.colour')}>
              <Tag color={colorOf(COLOUR_LABELS, code.o)}>{labelOf(COLOUR_LABELS, code.o, lang)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('result.issuedAt')}>{time(code.t)}</Descriptions.Item>
          </Descriptions>
        )}
      </div>
    </div>
  );
}

function PassSummary({ pass }: { pass: NonNullable<VerifyResult['pass']> }) {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  return (
    <Descriptions size="small" column={1} bordered title={t('result.pass')} data-testid="verify-pass-summary">
      <Descriptions.Item label={t('result.number')}>
        <span className="num">{pass.number}</span>{' '}
        <Tag color={colorOf(PASS_TYPE_LABELS, pass.type)}>{labelOf(PASS_TYPE_LABELS, pass.type, lang)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('result.plate')}>{pass.plate ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('result.holders')}>
        {pass.holders.map((h) => `${h.name}（…${h.idLast4}）`).join('、') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('result.route')}>{pass.route.join(' → ') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('result.validUntil')}>{time(pass.validUntil)}</Descriptions.Item>
    </Descriptions>
  );
}
